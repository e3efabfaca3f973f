import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, vnDay, vnTimestamp } from "#domain/vn-time";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { generateCccdPayloads } from "#test/support/frames/cccd-payloads";
import { startTestApp, type TestApp } from "#test/support/local-app";

type Answer = {
  checkinId: string;
  queueNumber: number;
  queueSeries: string | null;
  duplicate: boolean;
  checkedInAt: string;
  scannedAt: string | null;
  timeFlag: string | null;
};

type Report = { summary: { total: number; flagged: number }; trend: Array<{ day: string; total: number }> };

const HOUR = 3_600_000;

/** Check-ins that reach the server after the clinic's outage, carrying their scan times. */
describe("late check-ins: scan time, day, duplicates, flags and reports", () => {
  let t: TestApp;
  let reception: string;
  let department: string;
  // One facility of its own: its counters must equal its log at the end.
  const facility = "01003";
  const people = generateCccdPayloads(12, 1717);
  const payload = (index: number) => people[index] ?? "";
  let key = 0;
  const post = (body: Record<string, unknown>, idempotencyKey = `late-test-${++key}-${Date.now()}`) =>
    t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", ...body },
      headers: { "idempotency-key": idempotencyKey },
    });
  const report = async (day: string) => {
    const res = await t.call("GET", `/api/reports/scan-rate?from=${day}&to=${day}&province=001`, {
      token: department,
    });
    expect(res.status).toBe(200);
    return res.json as Report;
  };

  beforeAll(async () => {
    t = await startTestApp();
    reception = await t.token("receptionist", { facility });
    department = await t.token("health-dept", {});
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("stores a scan from before Vietnamese midnight on its own day, and the report of that closed day sees it", async () => {
    const yesterday = addDays(vnDay(new Date()), -1);
    // Read the closed day twice first, so the report function has it cached.
    const before = await report(yesterday);
    await report(yesterday);
    const scannedAt = `${yesterday}T23:58:30+07:00`;
    const res = await post({ payload: payload(0), scannedAt });
    expect(res.status).toBe(201);
    const answer = res.json as Answer;
    expect(answer).toMatchObject({ checkedInAt: scannedAt, scannedAt, timeFlag: null, duplicate: false });
    const log = await readLog(t.doc, t.names, facility, yesterday);
    expect(log.map((item) => item.checkinId)).toContain(answer.checkinId);
    const after = await report(yesterday);
    expect(after.summary.total).toBe(before.summary.total + 1);
    expect(after.trend.find((point) => point.day === yesterday)?.total).toBe(before.summary.total + 1);
  });

  it("takes the scan time in any offset and places a scan just after midnight on the next day", async () => {
    const today = vnDay(new Date());
    // 00:00:20 in Vietnam, written in UTC: 17:00:20 the evening before.
    const scannedAt = `${addDays(today, -1)}T17:00:20Z`;
    const res = await post({ payload: payload(1), scannedAt });
    expect(res.status).toBe(201);
    const answer = res.json as Answer;
    expect(answer.checkedInAt).toBe(`${today}T00:00:20+07:00`);
    expect(answer.scannedAt).toBe(`${today}T00:00:20+07:00`);
    const log = await readLog(t.doc, t.names, facility, today);
    expect(log.map((item) => item.checkinId)).toContain(answer.checkinId);
  });

  it("applies the 10-minute rule to scan times, whichever copy arrives first", async () => {
    const base = Date.now() - 5 * HOUR;
    // The online PC's visit at base+5 min is stored first; the offline PC's scan at base arrives later.
    const online = await post({ payload: payload(2), scannedAt: new Date(base + 5 * 60_000).toISOString() });
    expect(online.status).toBe(201);
    const offline = await post({ payload: payload(2), scannedAt: new Date(base).toISOString() });
    expect(offline.status).toBe(200);
    expect(offline.json).toMatchObject({ duplicate: true, checkinId: (online.json as Answer).checkinId });
    // Sixteen minutes before the stored visit is another visit, though it arrives in the same second.
    const later = await post({ payload: payload(2), scannedAt: new Date(base - 11 * 60_000).toISOString() });
    expect(later.status).toBe(201);
    expect((later.json as Answer).duplicate).toBe(false);
    // Nine minutes after the stored visit is the same visit.
    const near = await post({ payload: payload(2), scannedAt: new Date(base + 14 * 60_000).toISOString() });
    expect(near.status).toBe(200);
    expect(near.json).toMatchObject({ duplicate: true, checkinId: (online.json as Answer).checkinId });
  });

  it("flags a device clock two days ahead and a scan older than 72 hours, counts them on arrival, and the dashboard's report counts them", async () => {
    const today = vnDay(new Date());
    const before = await report(today);
    const ahead = await post({
      payload: payload(3),
      scannedAt: new Date(Date.now() + 48 * HOUR).toISOString(),
    });
    expect(ahead.status).toBe(201);
    expect(ahead.json).toMatchObject({ timeFlag: "clock-ahead", duplicate: false });
    const stale = await post({
      payload: payload(4),
      scannedAt: new Date(Date.now() - 80 * HOUR).toISOString(),
    });
    expect(stale.status).toBe(201);
    expect(stale.json).toMatchObject({ timeFlag: "too-old" });
    for (const res of [ahead, stale]) {
      const answer = res.json as Answer;
      // Placed at arrival: today, within the last minute.
      expect(answer.checkedInAt.slice(0, 10)).toBe(today);
      expect(Math.abs(Date.parse(answer.checkedInAt) - Date.now())).toBeLessThan(60_000);
    }
    // A few seconds ahead is a normal clock difference: not flagged, placed at arrival.
    const skew = await post({ payload: payload(5), scannedAt: new Date(Date.now() + 20_000).toISOString() });
    expect(skew.json).toMatchObject({ timeFlag: null });
    const after = await report(today);
    expect(after.summary.flagged).toBe(before.summary.flagged + 2);
    expect(after.summary.total).toBe(before.summary.total + 3);
  });

  it("stores an offline ticket as printed, with its series, and lists it", async () => {
    const scannedAt = vnTimestamp(new Date(Date.now() - 2 * HOUR));
    const res = await post({ payload: payload(6), scannedAt, offlineQueue: { series: "B", number: 7 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ queueSeries: "B", queueNumber: 7 });
    const list = await t.call("GET", `/api/checkins?date=${scannedAt.slice(0, 10)}`, { token: reception });
    const items = (list.json as { items: Answer[] }).items;
    expect(items.find((item) => item.checkinId === (res.json as Answer).checkinId)).toMatchObject({
      queueSeries: "B",
      queueNumber: 7,
    });
    // An online check-in still gets a plain number from the facility's counter.
    const online = await post({ payload: payload(7) });
    expect((online.json as Answer).queueSeries).toBeNull();
  });

  it("refuses a malformed scan time or ticket with a clear 400 and stores nothing", async () => {
    const today = vnDay(new Date());
    const logBefore = await readLog(t.doc, t.names, facility, today);
    const counterBefore = await readCounter(t.doc, t.names, facility, today);
    for (const body of [
      { payload: payload(8), scannedAt: "yesterday" },
      { payload: payload(8), scannedAt: "2026-11-25T08:03:11" },
      { payload: payload(8), offlineQueue: { series: "I", number: 3 } },
      { payload: payload(8), offlineQueue: { series: "B", number: 0 } },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: "BODY_INVALID" } });
    }
    expect(await readLog(t.doc, t.names, facility, today)).toEqual(logBefore);
    expect(await readCounter(t.doc, t.names, facility, today)).toEqual(counterBefore);
  });

  it("remembers an Idempotency-Key for longer than the longest outage, and a replay answers the first visit", async () => {
    const idempotencyKey = `late-replay-${Date.now()}`;
    const scannedAt = new Date(Date.now() - 30 * HOUR).toISOString();
    const first = await post({ payload: payload(9), scannedAt }, idempotencyKey);
    const again = await post({ payload: payload(9), scannedAt }, idempotencyKey);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    const stored = await t.doc.send(
      new GetCommand({ TableName: t.names.idempotency, Key: { id: `${facility}#${idempotencyKey}` } }),
    );
    const ttl = Number(stored.Item?.ttl);
    expect(ttl * 1000 - Date.now()).toBeGreaterThan(72 * HOUR);
  });

  it("keeps every day's counters equal to its log", async () => {
    const today = vnDay(new Date());
    for (const day of [addDays(today, -2), addDays(today, -1), today]) {
      const log = await readLog(t.doc, t.names, facility, day);
      expect(nonZero(await readCounter(t.doc, t.names, facility, day))).toEqual(tally(log));
    }
  });
});
