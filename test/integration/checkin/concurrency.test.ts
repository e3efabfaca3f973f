import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

type Answer = {
  checkinId: string;
  queueNumber: number;
  duplicate: boolean;
  checkedInAt: string;
  patient: { idNumber: string | null };
};

/** Runs the tasks with at most `limit` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task !== undefined) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** Waits until just after Vietnamese midnight when it is less than two minutes away. */
async function afterVietnameseMidnightIfClose(): Promise<void> {
  const vnNow = Date.now() + 7 * 3_600_000;
  const untilMidnight = 86_400_000 - (vnNow % 86_400_000);
  if (untilMidnight < 120_000) await new Promise((resolve) => setTimeout(resolve, untilMidnight + 1_000));
}

describe("300 concurrent check-ins at one facility", () => {
  let t: TestApp;
  const facility = "38001";

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("counts each visit once, gives unique queue numbers and answers only 200 or 201", {
    timeout: 240_000,
  }, async () => {
    const token = await t.token("receptionist", { facility });
    // The small seed holds these people in the mock registry.
    const people = generatePopulation(300, generateFacilities(120)).slice(0, 210);
    // Each page also sends its reader counts: a repeat must not add them twice either.
    const reader = (i: number) => ({ camera: i % 2 === 0, scanner: i % 5 === 0, failedScans: i % 3 });
    const requests: Array<{ payload: string; key: string | null; reader: ReturnType<typeof reader> }> =
      people.map((p, i) => ({
        payload: qrOf(p),
        key: i % 10 === 0 ? `idem-${i}-0000` : null,
        reader: reader(i),
      }));
    // 30 % repeats: 60 rescans of the same cards and 30 retries with a reused Idempotency-Key.
    for (let i = 0; i < 60; i++) {
      const p = people[(i * 7) % people.length];
      if (p !== undefined) requests.push({ payload: qrOf(p), key: null, reader: reader(i + 1) });
    }
    for (let i = 0; i < 30; i++) {
      const original = requests[i * 10 < 210 ? i * 10 : 0];
      if (original !== undefined)
        requests.push({ payload: original.payload, key: original.key, reader: original.reader });
    }
    expect(requests).toHaveLength(300);
    const shuffled = requests.map((r, i) => ({ r, k: (i * 7919) % 300 })).sort((a, b) => a.k - b.k);

    // Queue numbers start again each Vietnamese day: a burst that straddles midnight would be two days.
    await afterVietnameseMidnightIfClose();
    const results = await pool(
      shuffled.map(
        ({ r }) =>
          () =>
            t.call("POST", "/api/checkins", {
              token,
              body: { method: "qr-cccd", payload: r.payload, reader: r.reader },
              ...(r.key === null ? {} : { headers: { "idempotency-key": r.key } }),
            }),
      ),
      32,
    );
    const statuses = results.map((res) => res.status);
    expect(
      statuses.filter((s) => s !== 200 && s !== 201),
      JSON.stringify(results.find((r) => r.status >= 300)?.json),
    ).toEqual([]);

    const answers = results.map((res) => res.json as Answer);
    const distinctVisits = new Set(answers.map((a) => a.checkinId));
    expect(distinctVisits.size).toBe(210);
    const byPerson = new Map<string, Set<string>>();
    for (const a of answers) {
      const id = a.patient.idNumber ?? "";
      byPerson.set(id, (byPerson.get(id) ?? new Set()).add(a.checkinId));
    }
    for (const ids of byPerson.values()) expect(ids.size).toBe(1);

    const day = vnDay(new Date(answers[0]?.checkedInAt ?? Date.now()));
    expect(new Set(answers.map((a) => vnDay(new Date(a.checkedInAt))))).toEqual(new Set([day]));
    const log = await readLog(t.doc, t.names, facility, day);
    expect(log).toHaveLength(210);
    const numbers = log.map((item) => item.queueNumber);
    expect(new Set(numbers).size).toBe(210);
    const counter = nonZero(await readCounter(t.doc, t.names, facility, day));
    expect(counter).toEqual(tally(log));
    expect(counter.n).toBe(210);
    expect(counter["m:qr-cccd"]).toBe(210);
    expect(counter["r:n"]).toBe(210);
    expect(counter["r:fail"]).toBe(
      log.reduce((sum, item) => sum + ((item.reader as { failedScans: number }).failedScans ?? 0), 0),
    );
  });
});
