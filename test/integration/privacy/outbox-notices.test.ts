import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { startTestApp, type TestApp } from "#test/support/local-app";

const lineSchema = z.object({
  action: z.string(),
  role: z.string(),
  facility: z.string().nullable(),
  // A line about no person carries no subject attribute.
  subject: z.string().nullable().default(null),
  outcome: z.string(),
  target: z.string(),
});

describe("POST /api/outbox/notices: a device's unsent check-ins reach the audit trail", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.stop();
  });

  async function linesAbout(itemKey: string) {
    const scan = await t.doc.send(new ScanCommand({ TableName: t.names.audit }));
    return (scan.Items ?? [])
      .map((item) => lineSchema.safeParse(item))
      .flatMap((parsed) => (parsed.success && parsed.data.target.includes(itemKey) ? [parsed.data] : []));
  }

  it("records a discard with its reason under the receptionist's facility, naming no person", async () => {
    const token = await t.token("receptionist", { facility: "01001" });
    const itemKey = `k-${randomUUID()}`;
    const res = await t.call("POST", "/api/outbox/notices", {
      token,
      body: { itemKey, event: "discarded", reason: "patient-left", at: Date.now() },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ recorded: true });
    expect(await linesAbout(itemKey)).toEqual([
      {
        action: "outbox-discard",
        role: "receptionist",
        facility: "01001",
        subject: null,
        outcome: "ok",
        target: `outbox item ${itemKey} discarded (patient-left)`,
      },
    ]);
  });

  it("refuses a kiosk (403), free text and unknown reasons (400), and writes nothing then", async () => {
    const kiosk = await t.token("kiosk", { facility: "01001" });
    const clerk = await t.token("receptionist", { facility: "01001" });
    const itemKey = `k-${randomUUID()}`;
    const forbidden = await t.call("POST", "/api/outbox/notices", {
      token: kiosk,
      body: { itemKey, event: "tampered", reason: null, at: Date.now() },
    });
    expect(forbidden.status).toBe(403);
    for (const body of [
      { itemKey, event: "discarded", reason: "Nguyễn Văn A đã về", at: Date.now() },
      { itemKey, event: "discarded", reason: null, at: Date.now(), note: "001090012345" },
      { itemKey: "short", event: "expired", reason: null, at: Date.now() },
    ]) {
      const refused = await t.call("POST", "/api/outbox/notices", { token: clerk, body });
      expect(refused.status).toBe(400);
    }
    expect(await linesAbout(itemKey)).toEqual([]);
  });
});
