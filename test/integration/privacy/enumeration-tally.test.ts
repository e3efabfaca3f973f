import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { makeEnumerationWatch, type TallyScope } from "#functions/privacy/enumeration-watch";
import { makeTallyStore } from "#functions/stores/tally-store";
import { makeTestTables } from "#test/support/dynamo";
import { startTestApp, type TestApp } from "#test/support/local-app";

const tallySchema = z.object({
  pk: z.string(),
  lookups: z.number().optional(),
  checkins: z.number().optional(),
  ttl: z.number(),
});

describe("the enumeration alarm's tallies", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function tallies(facility: string) {
    const page = await t.doc.send(new ScanCommand({ TableName: t.names.limits }));
    return (page.Items ?? [])
      .map((item) => tallySchema.parse(item))
      .filter((item) => item.pk.startsWith("tally#"))
      .filter(
        (item) => item.pk.startsWith(`tally#facility#${facility}#`) || item.pk.startsWith("tally#user#"),
      );
  }

  it("count a receptionist's typed look-ups and check-ins, by account and by facility, naming no patient", async () => {
    const facility = "01004";
    const token = await t.token("receptionist", { facility });
    const people = generatePopulation(300, generateFacilities(120)).slice(290, 296);
    const sixth = people[5];
    if (sixth === undefined) throw new Error("The population is too small");
    // Five people looked up by a typed number, two of them then checked in, one scanned look-up.
    for (const person of people.slice(0, 5)) {
      const res = await t.call("POST", "/api/lookups", {
        token,
        body: { method: "manual-id", payload: person.idNumber },
      });
      expect(res.status).toBe(200);
    }
    const scanned = await t.call("POST", "/api/lookups", {
      token,
      body: { method: "qr-cccd", payload: qrOf(sixth) },
    });
    expect(scanned.status).toBe(200);
    for (const person of people.slice(0, 2)) {
      const res = await t.call("POST", "/api/checkins", {
        token,
        body: { method: "qr-cccd", payload: qrOf(person), channel: "camera" },
      });
      expect(res.status).toBe(201);
    }
    const items = await tallies(facility);
    const own = items.find((item) => item.pk.startsWith(`tally#facility#${facility}#`));
    expect(own).toMatchObject({ lookups: 5, checkins: 2 });
    const user = items.filter((item) => item.pk.startsWith("tally#user#") && item.lookups === 5);
    expect(user).toHaveLength(1);
    expect(user[0]?.checkins).toBe(2);
    // An hour's window, kept an hour after it ends.
    expect((own?.ttl ?? 0) * 1000 - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
    const text = JSON.stringify(items);
    for (const person of people) expect(text).not.toContain(person.idNumber);
  });

  it("hold across containers: twenty concurrent look-ups on separate clients publish a gap of twenty", async () => {
    const tables = await makeTestTables();
    const published: Array<{ scope: TallyScope; gap: number }> = [];
    const errors: unknown[] = [];
    const at = new Date("2026-12-07T09:10:00+07:00");
    const container = () =>
      makeEnumerationWatch({
        tallies: makeTallyStore(makeDynamoClients(tables.endpoint).doc, tables.names.limits),
        now: () => at,
        publish: (scope, gap) => published.push({ scope, gap }),
        onError: (error) => errors.push(error),
      });
    const caller = { user: `walker-${randomUUID()}`, role: "receptionist", facility: "01005" };
    await container().checkedIn(caller);
    await Promise.all(Array.from({ length: 21 }, () => container().lookedUp(caller)));
    expect(errors).toEqual([]);
    for (const scope of ["user", "facility"] as const) {
      const gaps = published.filter((entry) => entry.scope === scope).map((entry) => entry.gap);
      expect(gaps).toHaveLength(21);
      // Every increment is atomic: the gaps seen are exactly 0..20, the last one the whole walk.
      expect(gaps.sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    }
    // A check-in an hour later counts in the next window, not against this one.
    const later = makeEnumerationWatch({
      tallies: makeTallyStore(makeDynamoClients(tables.endpoint).doc, tables.names.limits),
      now: () => new Date(at.getTime() + 3_600_000),
      publish: (scope, gap) => published.push({ scope, gap }),
      onError: (error) => errors.push(error),
    });
    published.length = 0;
    await later.lookedUp(caller);
    expect([...published].sort((a, b) => a.scope.localeCompare(b.scope))).toEqual([
      { scope: "facility", gap: 1 },
      { scope: "user", gap: 1 },
    ]);
  });
});
