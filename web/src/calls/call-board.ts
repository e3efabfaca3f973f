/**
 * What a waiting-room screen holds: the number each room is calling now and the last few calls,
 * bounded so a screen running for days never grows, and which calls to announce: live ones, and
 * fresh ones caught up after a short cut; the catch-up of a screen just (re)loaded is shown, never
 * spoken, since those calls were announced before it.
 */
import type { Call } from "#domain/room-contract";

/** Calls kept for the "last calls" list. */
export const RECENT_CALLS = 8;
/** Call ids remembered to drop a call seen twice (stream and catch-up overlap). */
const SEEN_LIMIT = 256;
/** A live call older than this is stale (a screen waking from a cut): shown, not announced. */
export const STALE_MS = 20_000;

export interface CallBoard {
  /** The call each room shows now, by room id. */
  readonly current: Readonly<Record<string, Call>>;
  /** The latest calls, newest first, at most RECENT_CALLS. */
  readonly recent: readonly Call[];
  /** Ids already taken in, oldest first, at most SEEN_LIMIT. */
  readonly seen: readonly string[];
  /** The newest call id taken in: the `since` of the next catch-up. */
  readonly lastCallId: string | null;
  /** Whether the screen has caught up once since it started: later catch-ups bring calls missed in a cut. */
  readonly caughtUp: boolean;
}

export const EMPTY_BOARD: CallBoard = {
  current: {},
  recent: [],
  seen: [],
  lastCallId: null,
  caughtUp: false,
};

/**
 * Takes calls in. `live` calls came over the real-time channel just now and are announced unless
 * stale. Caught-up calls are announced the same way once the screen's first catch-up is behind it
 * (a call made while the link was briefly down must still be heard); the first one only fills the board.
 */
export function takeCalls(
  board: CallBoard,
  calls: readonly Call[],
  options: { live: boolean; now: number },
): { board: CallBoard; announce: Call[] } {
  const seen = new Set(board.seen);
  const fresh = calls.filter((call) => !seen.has(call.callId));
  const caughtUp = board.caughtUp || !options.live;
  if (fresh.length === 0)
    return { board: caughtUp === board.caughtUp ? board : { ...board, caughtUp }, announce: [] };
  const ordered = [...fresh].sort((a, b) => (a.callId < b.callId ? -1 : 1));
  const current = { ...board.current };
  for (const call of ordered) {
    const shown = current[call.room];
    if (shown === undefined || shown.callId < call.callId) current[call.room] = call;
  }
  const recent = [...ordered.reverse(), ...board.recent]
    .sort((a, b) => (a.callId < b.callId ? 1 : -1))
    .slice(0, RECENT_CALLS);
  const newest = ordered[0]?.callId ?? null;
  const lastCallId =
    board.lastCallId === null || (newest !== null && newest > board.lastCallId) ? newest : board.lastCallId;
  const announce =
    options.live || board.caughtUp
      ? [...fresh]
          .filter((call) => options.now - Date.parse(call.at) <= STALE_MS)
          .sort((a, b) => (a.callId < b.callId ? -1 : 1))
      : [];
  return {
    board: {
      current,
      recent,
      seen: [...board.seen, ...fresh.map((call) => call.callId)].slice(-SEEN_LIMIT),
      lastCallId,
      caughtUp,
    },
    announce,
  };
}
