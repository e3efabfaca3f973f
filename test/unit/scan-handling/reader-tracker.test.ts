import { describe, expect, it } from "vitest";
import { makeReaderTracker } from "#web/scan-handling/reader-tracker";

const NOW = new Date("2026-11-25T09:00:00+07:00");
type Scan = { readonly text: string | null; readonly symbol: boolean };
const seen: Scan = { text: null, symbol: true };
const empty: Scan = { text: null, symbol: false };
const read: Scan = { text: "001090012345|…", symbol: true };

function memoryStorage(): Pick<Storage, "getItem" | "setItem"> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

const tracker = (storage = memoryStorage()) => makeReaderTracker({ attemptMs: 4000, clearMs: 1500, storage });

/** Feeds one frame every 100 ms from `from` to `to` (ms); answers the times an attempt failed. */
function feed(t: ReturnType<typeof tracker>, scan: Scan, from: number, to: number): number[] {
  const failedAt: number[] = [];
  for (let at = from; at <= to; at += 100) if (t.cameraFrame(scan, at)) failedAt.push(at);
  return failedAt;
}

describe("the page's reader counts", () => {
  it("counts a code in view but unread for 4 s as one failed attempt, however long it stays", () => {
    const t = tracker();
    t.cameraLive(true);
    expect(feed(t, seen, 0, 20_000)).toEqual([4000]);
    expect(t.report(NOW)).toEqual({ camera: true, scanner: false, failedScans: 1 });
  });

  it("never counts an empty counter, nor a code read in time", () => {
    const t = tracker();
    t.cameraLive(true);
    expect(feed(t, empty, 0, 60_000)).toEqual([]);
    feed(t, seen, 60_000, 63_000);
    expect(feed(t, read, 63_100, 63_200)).toEqual([]);
    expect(t.report(NOW).failedScans).toBe(0);
  });

  it("starts a new attempt once the code has been out of view for 1.5 s, not for a flicker", () => {
    const t = tracker();
    feed(t, seen, 0, 2000);
    feed(t, empty, 2100, 3000);
    // Back within 1.5 s: the same attempt, which fails 4 s after it began.
    expect(feed(t, seen, 3100, 4500)).toEqual([4000]);
    feed(t, empty, 4600, 6500);
    expect(feed(t, seen, 6600, 11_000)).toEqual([10_600]);
    expect(t.report(NOW).failedScans).toBe(2);
  });

  it("adds refused texts, keeps the scanner's day across reloads, and forgets only what was counted", () => {
    const storage = memoryStorage();
    const t = tracker(storage);
    t.wedgeScan(NOW);
    t.refused();
    t.refused();
    const sent = t.report(NOW);
    expect(sent).toEqual({ camera: false, scanner: true, failedScans: 2 });
    t.refused();
    t.counted(sent);
    expect(t.report(NOW).failedScans).toBe(1);
    // A reload the same day still knows the scanner; the next day it does not.
    const reloaded = tracker(storage);
    expect(reloaded.report(NOW)).toEqual({ camera: false, scanner: true, failedScans: 0 });
    expect(reloaded.report(new Date("2026-11-26T07:00:00+07:00")).scanner).toBe(false);
    expect([...storage.items.values()]).toEqual(["2026-11-25"]);
  });

  it("reports the camera only while it is live", () => {
    const t = tracker();
    t.cameraLive(true);
    expect(t.report(NOW).camera).toBe(true);
    t.cameraLive(false);
    expect(t.report(NOW).camera).toBe(false);
  });
});
