/**
 * A room's queue: the order in which patients are called, the ticket as it reads everywhere
 * (screen, paper, voice) and the announcement the waiting room hears.
 */

/** What ordering needs of a waiting ticket. */
export interface WaitingTicket {
  readonly number: number;
  /** When the patient arrived (ISO 8601, UTC, as `Date.toISOString` writes it). */
  readonly arrivedAt: string;
  readonly priority: boolean;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/**
 * The sort key of a waiting ticket: priority first, then arrival, then the number. Keys compare as
 * plain strings, so a store can keep the queue sorted by it.
 */
export function waitingKey(ticket: WaitingTicket): string {
  return `${ticket.priority ? "0" : "1"}#${ticket.arrivedAt}#${pad(ticket.number, 6)}`;
}

/** Call order: priority patients first, each group in arrival order. */
export function compareForCall(a: WaitingTicket, b: WaitingTicket): number {
  const left = waitingKey(a);
  const right = waitingKey(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The ticket to call next, or null when no one is waiting. */
export function nextToCall<T extends WaitingTicket>(waiting: readonly T[]): T | null {
  return [...waiting].sort(compareForCall)[0] ?? null;
}

/** A ticket as it is printed and shown: "P3 – 012" (room 3, number 12). */
export function roomTicketLabel(roomNumber: number, number: number): string {
  return `P${roomNumber} – ${pad(number, 3)}`;
}

/** What the waiting room hears for a call or a recall, in Vietnamese. */
export function announcementText(call: {
  readonly number: number;
  readonly roomNumber: number;
  readonly kind: "call" | "recall";
}): string {
  const invite = call.kind === "recall" ? "Mời lại số" : "Mời số";
  return `${invite} ${call.number} vào phòng khám số ${call.roomNumber}`;
}

/** Whole minutes between arrival and a moment, never negative (clocks of devices drift). */
export function waitingMinutes(arrivedAt: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(arrivedAt)) / 60_000));
}
