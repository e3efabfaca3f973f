/**
 * The demo history's readers: how each facility's counter is equipped and how its reader behaves,
 * so the dashboard shows every cause of a low rate the first time it opens. Facilities without a
 * reader type everything; a failing webcam misses codes before most typed check-ins; a working
 * scanner used out of habit is skipped without trying. Drawn from their own seeded stream, so the
 * rest of the history is the same with or without them.
 */
import type { ReaderReport } from "#domain/reader-health";
import type { Channel, Method } from "#domain/types";
import type { SeededRandom } from "#functions/gateway-mock/seeded-random";

/** How a counter is equipped and used. */
export type ReaderSetup = "none" | "failing" | "habit" | "working";

/** The setups the busiest low-rate facilities are given, one each, so every cause shows. */
export const GUARANTEED_SETUPS = ["none", "failing", "habit"] as const satisfies readonly ReaderSetup[];

/** The QR share a facility with a guaranteed setup starts from (none cannot scan at all). */
export const GUARANTEED_QR_SHARE: Record<(typeof GUARANTEED_SETUPS)[number], number> = {
  none: 0,
  failing: 0.15,
  habit: 0.2,
};

/** A facility's setup from its QR habits: the further behind, the likelier no reader or a failing one. */
export function readerSetupOf(kind: string, random: SeededRandom): ReaderSetup {
  switch (kind) {
    case "no-qr":
      return "none";
    case "lagging":
      return random.pick(["failing", "habit"] as const);
    case "middle":
      return random.weighted([
        ["failing", 3],
        ["habit", 4],
        ["working", 3],
      ] as const);
    default:
      return "working";
  }
}

/** Where a visit's input came from at a counter so equipped (the kiosk keeps its own camera). */
export function channelWith(setup: ReaderSetup, method: Method, planned: Channel): Channel {
  if (planned === "kiosk") return planned;
  if (method === "manual-id") return "typed";
  switch (setup) {
    case "none":
      return "typed";
    case "failing":
      return method === "bhyt-card" ? "typed" : "camera";
    case "habit":
      return method === "bhyt-card" ? planned : "scanner";
    case "working":
      return planned;
  }
}

/** The reader counts the page would have sent with a visit. */
export function readerReportFor(
  setup: ReaderSetup,
  method: Method,
  channel: Channel,
  random: SeededRandom,
): ReaderReport {
  const typed = method === "manual-id" || channel === "typed";
  const misses = (p: number, max: number) => (random.chance(p) ? random.int(1, max) : 0);
  if (channel === "kiosk") return { camera: true, scanner: false, failedScans: misses(0.1, 1) };
  switch (setup) {
    case "none":
      return { camera: false, scanner: false, failedScans: 0 };
    case "failing":
      // A cheap webcam: most typed numbers come after it failed, and even the codes it reads take tries.
      return { camera: true, scanner: false, failedScans: typed ? misses(0.8, 4) : random.int(0, 3) };
    case "habit":
      return { camera: false, scanner: true, failedScans: typed ? misses(0.1, 1) : misses(0.05, 1) };
    case "working":
      return {
        camera: channel === "camera" || channel === "photo",
        scanner: channel === "scanner" || channel === "typed",
        failedScans: typed ? misses(0.15, 2) : misses(0.05, 1),
      };
  }
}
