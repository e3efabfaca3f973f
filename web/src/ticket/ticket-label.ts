import { ticketLabel } from "#domain/scan-time";

/** The queue number as printed: "12", an offline "B-07", or "—" for an offline check-in that has none yet. */
export function labelOf(answer: { queueNumber: number; queueSeries?: string | null | undefined }): string {
  if (answer.queueNumber === 0) return "—";
  return ticketLabel(answer.queueNumber, answer.queueSeries ?? null);
}
