import { describe, expect, it } from "vitest";
import {
  announcementText,
  compareForCall,
  nextToCall,
  roomTicketLabel,
  waitingKey,
  waitingMinutes,
} from "#domain/room-queue";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 1, minute)).toISOString();

describe("call order", () => {
  const queue = [
    { number: 1, arrivedAt: at(0), priority: false },
    { number: 2, arrivedAt: at(1), priority: false },
    { number: 3, arrivedAt: at(2), priority: true },
    { number: 4, arrivedAt: at(3), priority: false },
    { number: 5, arrivedAt: at(4), priority: true },
  ];

  it("calls priority patients first, each group in arrival order", () => {
    expect([...queue].sort(compareForCall).map((ticket) => ticket.number)).toEqual([3, 5, 1, 2, 4]);
    expect(nextToCall(queue)?.number).toBe(3);
  });

  it("orders by arrival, not by number (an offline ticket arriving late keeps its scan time)", () => {
    const late = { number: 9, arrivedAt: at(0), priority: false };
    expect(nextToCall([queue[1], late].filter((ticket) => ticket !== undefined))?.number).toBe(9);
  });

  it("keeps the same order as plain string keys, so the store can sort by them", () => {
    const byKey = [...queue].sort((a, b) => (waitingKey(a) < waitingKey(b) ? -1 : 1));
    expect(byKey).toEqual([...queue].sort(compareForCall));
  });

  it("has no one to call in an empty room", () => {
    expect(nextToCall([])).toBeNull();
  });
});

describe("what is shown and heard", () => {
  it("labels a ticket with its room and a three-digit number", () => {
    expect(roomTicketLabel(3, 12)).toBe("P3 – 012");
    expect(roomTicketLabel(12, 1234)).toBe("P12 – 1234");
  });

  it("announces a call and a recall in Vietnamese", () => {
    expect(announcementText({ number: 12, roomNumber: 3, kind: "call" })).toBe(
      "Mời số 12 vào phòng khám số 3",
    );
    expect(announcementText({ number: 12, roomNumber: 3, kind: "recall" })).toBe(
      "Mời lại số 12 vào phòng khám số 3",
    );
  });

  it("counts waiting in whole minutes and never below zero", () => {
    expect(waitingMinutes(at(0), new Date(at(15)))).toBe(15);
    expect(waitingMinutes(at(5), new Date(at(0)))).toBe(0);
  });
});
