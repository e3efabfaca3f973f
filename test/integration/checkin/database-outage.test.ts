import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type DynamoLocal, startDynamoLocal } from "#infra/local/dynamo-local";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

describe("check-ins while DynamoDB is down", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tiepdon-outage-"));
  let dynamo: DynamoLocal;
  let t: TestApp;
  const facility = "01832";

  beforeAll(async () => {
    dynamo = await startDynamoLocal({ dataDir });
    t = await startTestApp({ dynamoEndpoint: dynamo.endpoint });
  });
  afterAll(async () => {
    await t?.stop();
    await dynamo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers 503 with Retry-After, writes nothing half, and succeeds on retry after a restart", async () => {
    const token = await t.token("receptionist", { facility });
    const [first, second] = fixtures.people;
    if (first === undefined || second === undefined) throw new Error("fixtures missing");
    const ok = await t.call("POST", "/api/checkins", {
      token,
      body: { method: "qr-cccd", payload: first.qr },
    });
    expect(ok.status).toBe(201);

    await dynamo.stop();
    const down = await t.call("POST", "/api/checkins", {
      token,
      headers: { "idempotency-key": "outage-retry-0001" },
      body: { method: "qr-cccd", payload: second.qr },
    });
    expect(down.status).toBe(503);
    expect(Number(down.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(down.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack|dynamodb/i);
    const list = await t.call("GET", "/api/checkins?date=today", { token });
    expect(list.status).toBe(503);

    dynamo = await startDynamoLocal({ dataDir, port: dynamo.port });
    const retry = await t.call("POST", "/api/checkins", {
      token,
      headers: { "idempotency-key": "outage-retry-0001" },
      body: { method: "qr-cccd", payload: second.qr },
    });
    expect(retry.status).toBe(201);

    const day = vnDay(new Date());
    const log = await readLog(t.doc, t.names, facility, day);
    expect(log.map((item) => (item.patient as { idNumber: string }).idNumber).sort()).toEqual(
      [first.idNumber, second.idNumber].sort(),
    );
    expect(nonZero(await readCounter(t.doc, t.names, facility, day))).toEqual(tally(log));
  });
});
