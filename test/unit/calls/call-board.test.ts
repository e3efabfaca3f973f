import { describe, expect, it } from "vitest";
import type { Call } from "#domain/room-contract";
import { EMPTY_BOARD, RECENT_CALLS, STALE_MS, takeCalls } from "#web/calls/call-board";

const START = Date.UTC(2026, 11, 7, 0, 0, 0);
const call = (index: number, room = "01001-noi", kind: Call["kind"] = "call"): Call => {
  const at = new Date(START + index * 1000).toISOString();
  return {
    callId: `${at}#${room}#${String(index).padStart(6, "0")}#0000`,
    room,
    roomNumber: room.endsWith("noi") ? 1 : 2,
    number: index,
    label: `P1 – ${String(index).padStart(3, "0")}`,
    priority: false,
    kind,
    at,
  };
};

describe("call board", () => {
  it("shows each room's latest call and announces live calls once", () => {
    const first = takeCalls(EMPTY_BOARD, [call(1), call(2, "01001-nhi")], { live: true, now: START + 3000 });
    expect(first.announce.map((c) => c.number)).toEqual([1, 2]);
    expect(first.board.current["01001-noi"]?.number).toBe(1);
    expect(first.board.current["01001-nhi"]?.number).toBe(2);
    const again = takeCalls(first.board, [call(1)], { live: true, now: START + 3000 });
    expect(again.announce).toEqual([]);
    expect(again.board).toBe(first.board);
  });

  it("shows caught-up calls without announcing them, and never a stale live call", () => {
    const caught = takeCalls(EMPTY_BOARD, [call(1), call(2)], { live: false, now: START + 2000 });
    expect(caught.announce).toEqual([]);
    expect(caught.board.current["01001-noi"]?.number).toBe(2);
    expect(caught.board.lastCallId).toBe(call(2).callId);
    const stale = takeCalls(caught.board, [call(3)], { live: true, now: START + 3000 + STALE_MS + 1 });
    expect(stale.announce).toEqual([]);
    expect(stale.board.current["01001-noi"]?.number).toBe(3);
  });

  it("announces a fresh call caught up after a short cut, but not the first catch-up of a screen just loaded", () => {
    const loaded = takeCalls(EMPTY_BOARD, [call(1)], { live: false, now: START + 2000 });
    expect(loaded.announce).toEqual([]);
    // The link drops for a few seconds; call 2 is made meanwhile and comes with the next catch-up.
    const missed = takeCalls(loaded.board, [call(2)], { live: false, now: START + 5000 });
    expect(missed.announce.map((c) => c.number)).toEqual([2]);
    // A call caught up long after it was made is shown, not announced.
    const old = takeCalls(missed.board, [call(3)], { live: false, now: START + 3000 + STALE_MS + 1 });
    expect(old.announce).toEqual([]);
    // An empty first catch-up counts as the first one too.
    const empty = takeCalls(EMPTY_BOARD, [], { live: false, now: START });
    expect(takeCalls(empty.board, [call(1)], { live: false, now: START + 2000 }).announce).toHaveLength(1);
  });

  it("does not move a room back to an older call that arrives late", () => {
    const board = takeCalls(EMPTY_BOARD, [call(5)], { live: true, now: START + 5000 }).board;
    const late = takeCalls(board, [call(4)], { live: false, now: START + 6000 });
    expect(late.board.current["01001-noi"]?.number).toBe(5);
    expect(late.board.recent.map((c) => c.number)).toEqual([5, 4]);
  });

  it("stays the same size over a 12-hour morning of calls", () => {
    let board = EMPTY_BOARD;
    for (let index = 1; index <= 12 * 60 * 20; index += 1) {
      board = takeCalls(board, [call(index, index % 2 === 0 ? "01001-noi" : "01001-nhi")], {
        live: true,
        now: START + index * 1000,
      }).board;
    }
    expect(board.recent).toHaveLength(RECENT_CALLS);
    expect(board.seen.length).toBeLessThanOrEqual(256);
    expect(Object.keys(board.current)).toHaveLength(2);
    expect(JSON.stringify(board).length).toBeLessThan(60_000);
  });
});
