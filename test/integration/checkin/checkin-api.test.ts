import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

type Answer = {
  checkinId: string;
  queueNumber: number;
  duplicate: boolean;
  status: string;
  facility: string;
  method: string;
  checkedInAt: string;
  patient: { idNumber: string | null; name: string | null };
  insurance: { resultCode: string; covered: boolean; atRegisteredFacility: boolean } | null;
};

const person = (id: string) => {
  const found = fixtures.people.find((p) => p.idNumber === id);
  if (found === undefined) throw new Error(`no fixture ${id}`);
  return found;
};

const STATUS_OF: Record<string, string> = {
  "000": "covered",
  "001": "covered",
  "003": "covered",
  "010": "not-covered",
  "050": "not-covered",
  "110": "not-covered",
  "121": "not-covered",
  "061": "needs-review",
  "070": "needs-review",
  "101": "pending",
  timeout: "pending",
};

describe("POST /api/checkins and GET /api/checkins", () => {
  let t: TestApp;
  let reception: string;
  const facility = "01001";

  beforeAll(async () => {
    t = await startTestApp();
    reception = await t.token("receptionist", { facility });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("checks in a fixture person by the ID card QR and lists the visit", async () => {
    const an = person("001090012345");
    const res = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: an.qr },
    });
    expect(res.status).toBe(201);
    const answer = res.json as Answer;
    expect(answer).toMatchObject({
      facility,
      method: "qr-cccd",
      duplicate: false,
      status: "covered",
      patient: { idNumber: "001090012345", name: "Nguyễn Văn An" },
      insurance: { resultCode: "000", covered: true, atRegisteredFacility: true },
    });
    expect(answer.queueNumber).toBeGreaterThanOrEqual(1);
    expect(answer.checkedInAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);

    const list = await t.call("GET", "/api/checkins?date=today", { token: reception });
    expect(list.status).toBe(200);
    const items = (list.json as { items: Answer[] }).items;
    expect(items.map((item) => item.checkinId)).toContain(answer.checkinId);
  });

  it("answers each fixture's coverage, and keeps gateway faults as pending", async () => {
    // Reception sees the gateway's whole answer (a kiosk gets only what the patient needs).
    const reception = await t.token("receptionist", { facility: "79001" });
    for (const p of fixtures.people) {
      const started = Date.now();
      const res = await t.call("POST", "/api/checkins", {
        token: reception,
        body: { method: "qr-cccd", payload: p.qr },
      });
      const answer = res.json as Answer;
      expect([200, 201], p.idNumber).toContain(res.status);
      expect(answer.status, `${p.idNumber} ${p.expectedResultCode}`).toBe(STATUS_OF[p.expectedResultCode]);
      if (answer.status === "pending") {
        expect(answer.insurance).toBeNull();
        expect(answer.queueNumber).toBeGreaterThan(0);
        expect(Date.now() - started, "a dead gateway must not hold the queue").toBeLessThan(2_500);
      } else {
        expect(answer.insurance?.resultCode).toBe(p.expectedResultCode);
      }
    }
  });

  it("treats the same card read again within 10 minutes as the same visit", async () => {
    const ngoc = person("001185001122");
    const first = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: ngoc.qr },
    });
    const again = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "manual-id", payload: ngoc.idNumber },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const a = first.json as Answer;
    const b = again.json as Answer;
    expect(b).toMatchObject({ checkinId: a.checkinId, queueNumber: a.queueNumber, duplicate: true });
    expect((first.json as Answer).insurance?.atRegisteredFacility).toBe(false);
  });

  it("returns the first answer for a repeated Idempotency-Key and refuses the key for another request", async () => {
    const binh = person("038050004567");
    const headers = { "idempotency-key": "scan-0001-abcdef" };
    const first = await t.call("POST", "/api/checkins", {
      token: reception,
      headers,
      body: { method: "qr-cccd", payload: binh.qr },
    });
    const replay = await t.call("POST", "/api/checkins", {
      token: reception,
      headers,
      body: { method: "qr-cccd", payload: binh.qr },
    });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    const other = await t.call("POST", "/api/checkins", {
      token: reception,
      headers,
      body: { method: "qr-cccd", payload: person("001221009876").qr },
    });
    expect(other.status).toBe(409);
    expect((other.json as { error: { code: string } }).error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("rejects a bad payload with a stable code and stores nothing", async () => {
    const before = await readLog(t.doc, t.names, facility, vnDay(new Date()));
    const res = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: "001090012345|bad" },
    });
    expect(res.status).toBe(422);
    expect((res.json as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
    expect(await readLog(t.doc, t.names, facility, vnDay(new Date()))).toHaveLength(before.length);
  });

  it("keeps the facility from the token, never from the request", async () => {
    const res = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: person("049195009999").qr, facility: "79001" },
    });
    expect(res.status).toBe(400);
    const list = await t.call("GET", "/api/checkins?date=today&facility=79001", { token: reception });
    expect(list.status).toBe(400);
  });

  it("401s without a valid token and 403s roles that may not act", async () => {
    const body = { method: "qr-cccd", payload: person("001090012345").qr };
    expect((await t.call("POST", "/api/checkins", { body })).status).toBe(401);
    expect((await t.call("POST", "/api/checkins", { body, token: `${reception}x` })).status).toBe(401);
    const health = await t.token("health-dept", { province: "001" });
    expect((await t.call("POST", "/api/checkins", { body, token: health })).status).toBe(403);
    const kiosk = await t.token("kiosk", { facility });
    expect((await t.call("GET", "/api/checkins?date=today", { token: kiosk })).status).toBe(403);
  });

  it("pages through a day's list, newest first", async () => {
    const page1 = await t.call("GET", "/api/checkins?date=today&limit=2", { token: reception });
    const first = page1.json as { items: Answer[]; nextCursor: string | null };
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const page2 = await t.call("GET", `/api/checkins?date=today&limit=2&cursor=${first.nextCursor}`, {
      token: reception,
    });
    const second = page2.json as { items: Answer[] };
    const times = [...first.items, ...second.items].map((item) => item.checkedInAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set([...first.items, ...second.items].map((item) => item.checkinId)).size).toBe(times.length);
  });

  it("keeps the counters equal to the log", async () => {
    const day = vnDay(new Date());
    for (const code of [facility, "79001"]) {
      const log = await readLog(t.doc, t.names, code, day);
      expect(nonZero(await readCounter(t.doc, t.names, code, day))).toEqual(tally(log));
      const numbers = log.map((item) => item.queueNumber);
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });
});
