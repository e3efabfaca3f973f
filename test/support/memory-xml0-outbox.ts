/** An XML0 outbox held in memory, for tests of the sender: each visit with its current state. */
import type { Xml0Visit } from "#domain/xml0";
import type { DueXml0, Xml0Outbox, Xml0State } from "#functions/gateway/xml0-sender";

export interface MemoryXml0Outbox extends Xml0Outbox {
  add(visit: Xml0Visit): void;
  states(): Map<string, Xml0State>;
}

export function makeMemoryXml0Outbox(): MemoryXml0Outbox {
  const entries = new Map<string, { visit: Xml0Visit; state: Xml0State }>();
  const keyOf = (facilityCode: string, visitKey: string) => `${facilityCode}#${visitKey}`;
  return {
    add(visit) {
      entries.set(keyOf(visit.facilityCode, visit.visitKey), {
        visit,
        state: { status: "waiting", attempts: 0, nextAttemptAt: 0, lastProblem: null },
      });
    },
    async due(nowMs: number, limit: number): Promise<DueXml0[]> {
      return [...entries.values()]
        .flatMap(({ visit, state }) =>
          state.status === "waiting" && state.nextAttemptAt <= nowMs
            ? [{ visit, attempts: state.attempts }]
            : [],
        )
        .slice(0, limit);
    },
    async record(facilityCode, visitKey, state) {
      const entry = entries.get(keyOf(facilityCode, visitKey));
      if (entry !== undefined) entry.state = state;
    },
    states: () => new Map([...entries].map(([key, entry]) => [key, entry.state])),
  };
}
