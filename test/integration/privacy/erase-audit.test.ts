import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as z from "zod";
import { adminScopeOf } from "#domain/admin-scope";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { makeAuditTrail } from "#functions/privacy/audit-trail";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import { eraseSubject } from "#functions/privacy/subject-request";
import { makeAuditStore } from "#functions/stores/audit-store";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeSubjectStore } from "#functions/stores/subject-store";
import { localSubjectKey, SHARED_LOCAL_CREDENTIALS } from "#infra/local/local-env";
import { startTestApp, type TestApp } from "#test/support/local-app";

const person = generatePopulation(300, generateFacilities(120))[295];
const eraseSchema = z.object({ held: z.boolean(), visits: z.number(), idempotencyCopies: z.number() });
const auditSchema = z.object({
  entries: z.array(
    z.object({
      action: z.string(),
      outcome: z.string(),
      user: z.string(),
      role: z.string(),
      count: z.number().nullable(),
    }),
  ),
});

/** A DynamoDB client on the same database whose first batch write to `table` fails, as a dropped connection would. */
function clientFailingOnce(table: string) {
  const { doc } = makeDynamoClients(inject("dynamoEndpoint"));
  let failed = false;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { RequestItems?: Record<string, unknown> };
      if (
        !failed &&
        String(context.commandName).startsWith("BatchWrite") &&
        input.RequestItems?.[table] !== undefined
      ) {
        failed = true;
        throw new Error("connection reset while deleting");
      }
      return next(args);
    },
    { step: "initialize", name: "failOnce" },
  );
  return doc;
}

describe("an erase that stops halfway is still on the audit trail, and asking again finishes it", () => {
  let t: TestApp;
  let admin = "";

  beforeAll(async () => {
    if (person === undefined) throw new Error("person missing");
    t = await startTestApp();
    admin = await t.token("admin");
    for (const facility of ["01001", "01002"]) {
      const res = await t.call("POST", "/api/checkins", {
        token: await t.token("receptionist", { facility }),
        headers: { "idempotency-key": `k-${randomUUID()}` },
        body: { method: "qr-cccd", payload: qrOf(person), channel: "camera" },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("names the request and its failure, then the finished erase, under the administrator who asked", async () => {
    if (person === undefined) throw new Error("person missing");
    const hashSubject = makeSubjectHasher(
      new Uint8Array(Buffer.from(localSubjectKey(SHARED_LOCAL_CREDENTIALS), "base64")),
    );
    const audit = makeAuditStore(t.doc, { tableName: t.names.audit, retentionDays: 730, newId: randomUUID });
    const deps = {
      // The fault: deleting the visits and guards fails after the remembered answers are gone.
      subjects: makeSubjectStore(clientFailingOnce(t.names.checkins), {
        checkinsTable: t.names.checkins,
        idempotencyTable: t.names.idempotency,
        duplicateWindowMs: 10 * 60_000,
      }),
      audit,
      trail: makeAuditTrail({ store: audit, hashSubject, now: () => new Date() }),
      facilities: makeFacilityStore(t.doc, t.names.facilities),
    };
    const actor = { user: `quantri-${randomUUID()}`, role: "admin", facility: null };
    await expect(eraseSubject(deps, actor, adminScopeOf(null), person.idNumber)).rejects.toThrow(
      "connection reset",
    );

    const trail = async () =>
      auditSchema.parse((await t.call("GET", `/api/audit?subject=${person.idNumber}`, { token: admin })).json)
        .entries;
    const lines = (await trail()).filter((line) => line.user === actor.user);
    expect(lines.map((line) => `${line.action}:${line.outcome}:${line.count}`).sort()).toEqual([
      "erase-start:started:2",
      "erase:failed:2",
    ]);

    // The visits were not deleted yet: asking again through the API finds and erases them.
    const again = await t.call("POST", "/api/admin/subjects/erase", {
      token: admin,
      body: { idNumber: person.idNumber },
    });
    expect(again.status).toBe(200);
    expect(eraseSchema.parse(again.json)).toMatchObject({ held: true, visits: 2, idempotencyCopies: 0 });
    const search = await t.call("POST", "/api/admin/subjects/search", {
      token: admin,
      body: { idNumber: person.idNumber },
    });
    expect(z.object({ held: z.boolean() }).parse(search.json).held).toBe(false);
    const finished = (await trail()).filter((line) => line.role === "admin" && line.user !== actor.user);
    expect(finished.map((line) => `${line.action}:${line.outcome}`)).toEqual(
      expect.arrayContaining(["erase-start:started", "erase:ok"]),
    );
  });
});
