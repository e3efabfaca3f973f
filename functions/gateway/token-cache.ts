/**
 * The gateway's token pair, kept between card checks: under an hour whatever its expiry says, and
 * given up a little before it expires (or sooner, when the gateway refuses it with a 401).
 */
import { parseGatewayDateTime } from "./gateway-time.ts";

/** The access and id tokens the gateway's token call hands out. */
export interface TokenPair {
  readonly access: string;
  readonly id: string;
}

const KEPT_AT_MOST_MS = 55 * 60_000;
const RENEW_EARLY_MS = 60_000;
/** When the expiry cannot be read, the pair is kept this long (a 401 still brings a new one sooner). */
const KEPT_WHEN_UNREADABLE_MS = 5 * 60_000;

/** When a pair taken at `takenAt` is given up, from its expires_in date-time. */
function renewAtOf(expiresIn: string, takenAt: number): number {
  const expiresAt = parseGatewayDateTime(expiresIn);
  if (expiresAt === null) return takenAt + KEPT_WHEN_UNREADABLE_MS;
  const early = Math.min(RENEW_EARLY_MS, (expiresAt - takenAt) / 10);
  return Math.min(expiresAt - early, takenAt + KEPT_AT_MOST_MS);
}

/** Builds an empty cache on the given clock. */
export function makeTokenCache(now: () => number) {
  let held: (TokenPair & { renewAt: number }) | null = null;
  return {
    /** The kept pair while it is still good, else null. */
    current(): TokenPair | null {
      return held !== null && now() < held.renewAt ? held : null;
    },
    /** Keeps a pair taken at `takenAt` with the gateway's expires_in. */
    keep(pair: TokenPair, expiresIn: string, takenAt: number): TokenPair {
      held = { ...pair, renewAt: renewAtOf(expiresIn, takenAt) };
      return held;
    },
    /** Drops the pair the gateway refused. */
    forget(): void {
      held = null;
    },
  };
}

export type TokenCache = ReturnType<typeof makeTokenCache>;
