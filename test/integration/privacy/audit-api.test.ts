import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { makeAuditTrail } from "#functions/privacy/audit-trail";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import { makeAuditStore } from "#functions/stores/audit-store";
import { localSubjectKey, SHARED_LOCAL_CREDENTIALS } from "#infra/local/local-env";
import { parseCsv } from "#test/support/csv";
import { startTestApp, type TestApp } from "#test/support/local-app";

const documentSchema = z.object({
  components: z.object({ schemas: z.record(z.string(), z.record(z.string(), z.unknown())) }),
});
const openapi = documentSchema.parse(
  JSON.parse(readFileSync(new URL("../../../docs/openapi.json", import.meta.url), "utf8")),
);
const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);
const validateAnswer = ajv.compile(openapi.components.schemas.AuditAnswer ?? {});

const answerSchema = z.object({
  by: z.string(),
  truncated: z.boolean(),
  entries: z.array(
    z.object({ user: z.string(), action: z.string(), outcome: z.string(), subject: z.string().nullable() }),
  ),
});

const PERSON = "001090012345";
const OTHER = "079190054321";

describe("GET /api/audit: who accessed a person's data, for an administrator only", () => {
  let t: TestApp;
  let admin = "";
  const clerk = `clerk-${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token("admin");
    // The same install key the app derives, so the lines name people as the app's own lines do.
    const key = new Uint8Array(Buffer.from(localSubjectKey(SHARED_LOCAL_CREDENTIALS), "base64"));
    const store = makeAuditStore(t.doc, { tableName: t.names.audit, retentionDays: 730, newId: randomUUID });
    let at = Date.parse("2026-12-07T08:00:00+07:00");
    const trail = makeAuditTrail({
      store,
      hashSubject: makeSubjectHasher(key),
      now: () => {
        at += 1000;
        return new Date(at);
      },
    });
    const actor = { user: clerk, role: "receptionist", facility: "01001" };
    await trail.record(actor, { action: "lookup", idNumber: PERSON, outcome: "ok" });
    await trail.record(actor, { action: "checkin", idNumber: PERSON, outcome: "ok" });
    await trail.record(actor, {
      action: "lookup",
      idNumber: OTHER,
      outcome: "limited",
      code: "RATE_LIMITED",
    });
    await trail.record(
      { ...actor, user: "someone-else" },
      { action: "lookup", idNumber: PERSON, outcome: "ok" },
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers who accessed an ID number, newest first, as the document describes, and records the search", async () => {
    const res = await t.call("GET", `/api/audit?subject=${PERSON}`, { token: admin });
    expect(res.status).toBe(200);
    expect(validateAnswer(res.json), JSON.stringify(validateAnswer.errors)).toBe(true);
    const answer = answerSchema.parse(res.json);
    expect(answer.by).toBe("subject");
    expect(answer.entries.map((e) => [e.user, e.action])).toEqual([
      ["someone-else", "lookup"],
      [clerk, "checkin"],
      [clerk, "lookup"],
    ]);
    // The number itself is nowhere in the trail or the answer.
    expect(res.text).not.toContain(PERSON);

    const mine = answerSchema.parse(
      (await t.call("GET", "/api/audit?user=local-admin-national", { token: admin })).json,
    );
    expect(mine.entries[0]).toMatchObject({
      action: "audit-query",
      outcome: "ok",
      subject: answer.entries[0]?.subject,
    });
  });

  it("answers what one user accessed, and exports it as CSV", async () => {
    const res = await t.call("GET", `/api/audit?user=${clerk}`, { token: admin });
    const answer = answerSchema.parse(res.json);
    expect(answer.entries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      "lookup:limited",
      "checkin:ok",
      "lookup:ok",
    ]);

    const csv = await t.call("GET", `/api/audit?user=${clerk}&format=csv`, { token: admin });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const rows = parseCsv(csv.text.replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual([
      "at",
      "user",
      "role",
      "facility",
      "action",
      "subject",
      "outcome",
      "code",
      "count",
    ]);
    expect(
      rows
        .slice(1)
        .filter((row) => row.length > 1)
        .map((row) => row[4]),
    ).toEqual(["lookup", "checkin", "lookup"]);
  });

  it("refuses every other role with 403 and a bad query with 400", async () => {
    for (const [role, scope] of [
      ["receptionist", { facility: "01001" }],
      ["kiosk", { facility: "01001" }],
      ["health-dept", {}],
    ] as const) {
      const token = await t.token(role, scope);
      const res = await t.call("GET", `/api/audit?subject=${PERSON}`, { token });
      expect(res.status, role).toBe(403);
      expect(res.json).toMatchObject({ error: { code: "ROLE_FORBIDDEN" } });
    }
    expect((await t.call("GET", `/api/audit?subject=${PERSON}`)).status).toBe(401);
    for (const query of [
      `subject=${PERSON}&user=${clerk}`,
      "",
      "subject=12345",
      `subject=${PERSON}&facility=01001`,
    ]) {
      const res = await t.call("GET", `/api/audit?${query}`, { token: admin });
      expect(res.status, query).toBe(400);
    }
  });
});
