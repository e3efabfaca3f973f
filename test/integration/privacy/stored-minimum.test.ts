import { randomUUID } from "node:crypto";
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { idempotencyId } from "#functions/stores/checkin-keys";
import { readLog } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

const population = generatePopulation(300, generateFacilities(120));
function personAt(index: number) {
  const person = population[index];
  if (person === undefined) throw new Error(`The population has no person ${index}`);
  return person;
}
const [walkIn, elsewhere, offline] = [personAt(280), personAt(281), personAt(282)];

/** How many times `text` occurs in everything the check-ins table holds. */
async function occurrencesInCheckins(t: TestApp, text: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.doc.send(new ScanCommand({ TableName: t.names.checkins, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) count += JSON.stringify(item).split(text).length - 1;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

describe("a visit keeps only what its purpose needs", () => {
  let t: TestApp;
  const day = vnDay(new Date());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function checkIn(person: Parameters<typeof qrOf>[0], facility: string, key: string) {
    return t.call("POST", "/api/checkins", {
      token: await t.token("receptionist", { facility }),
      headers: { "idempotency-key": key },
      body: { method: "qr-cccd", payload: qrOf(person), channel: "camera" },
    });
  }

  it("stores the ID number once per visit, in no key, and no second copy of the patient for a retry", async () => {
    const idNumber = walkIn.idNumber;
    const name = walkIn.name;
    expect(idNumber).toMatch(/^\d{12}$/);
    const before = await occurrencesInCheckins(t, idNumber);
    const key = `k-${randomUUID()}`;
    const first = await checkIn(walkIn, "01001", key);
    expect(first.status).toBe(201);
    expect(await occurrencesInCheckins(t, idNumber)).toBe(before + 1);

    const copy = await t.doc.send(
      new GetCommand({ TableName: t.names.idempotency, Key: { id: idempotencyId("01001", key) } }),
    );
    expect(copy.Item).toBeDefined();
    const copyText = JSON.stringify(copy.Item);
    expect(copyText).not.toContain(idNumber);
    expect(copyText).not.toContain(name);

    // The device's retry still gets the whole first answer, the patient read back from the visit.
    const retry = await checkIn(walkIn, "01001", key);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.json).toMatchObject({ patient: { idNumber } });
  });

  it("keeps no other facility's card check with a visit", async () => {
    expect((await checkIn(elsewhere, "01832", `k-${randomUUID()}`)).status).toBe(201);
    const res = await checkIn(elsewhere, "01001", `k-${randomUUID()}`);
    expect(res.status).toBe(201);
    const visit = (await readLog(t.doc, t.names, "01001", day)).find((item) =>
      JSON.stringify(item.patient).includes(elsewhere.idNumber),
    );
    const lastCheck = (
      visit?.insurance as { lastCheck: { at: string; by: string | null } | null } | undefined
    )?.lastCheck;
    // When it was checked last stays (the clerk may need it); under whose account does not.
    expect(lastCheck?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The last check was made under 01832's own account: no account is named.
    expect(lastCheck?.by).toBeNull();
    expect(res.json).toMatchObject({ insurance: { lastCheck: { by: null } } });
  });

  it("keeps what the gateway is asked again only while the visit is pending", async () => {
    // A demo facility with a gateway account of its own, so the re-check reaches the gateway.
    const CLINIC = "01542";
    const token = await t.token("receptionist", { facility: CLINIC });
    expect(await t.setGatewayFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 })).toBe(200);
    const res = await checkIn(offline, CLINIC, `k-${randomUUID()}`);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: "pending" });
    const stored = async () =>
      (await readLog(t.doc, t.names, CLINIC, day)).find((item) =>
        JSON.stringify(item.patient).includes(offline.idNumber),
      );
    const pending = await stored();
    expect(pending?.lookup).toEqual({ cardCode: null });
    expect(JSON.stringify(pending).split(offline.idNumber).length - 1).toBe(1);

    expect(await t.setGatewayFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 })).toBe(200);
    let settled = 0;
    for (let round = 0; round < 20 && settled === 0; round++) {
      const again = await t.call("POST", "/api/checkins/recheck", { token });
      expect(again.status).toBe(200);
      settled = (again.json as { settled: number }).settled;
      // The circuit breaker may still be open from the outage; it half-opens on its own.
      if (settled === 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(settled).toBe(1);
    const after = await stored();
    expect(after?.status).not.toBe("pending");
    expect(after).not.toHaveProperty("lookup");
  });
});
