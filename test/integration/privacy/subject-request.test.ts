import { randomUUID } from "node:crypto";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { guardKey, idempotencyId } from "#functions/stores/checkin-keys";
import { sliceOf } from "#functions/stores/checkin-transaction";
import { queuePk } from "#functions/stores/room-queue-items";
import { readCounter } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

const [person, other] = generatePopulation(300, generateFacilities(120)).slice(270, 272);
const UNKNOWN = "079190054321";
const WINDOW_MS = 10 * 60_000;

const visitSchema = z.object({
  checkinId: z.string(),
  facility: z.string(),
  checkedInAt: z.string(),
  patient: z.object({ idNumber: z.string().nullable() }),
});
const exportSchema = z.object({
  held: z.boolean(),
  visits: z.array(
    visitSchema.extend({ duplicateGuard: z.boolean(), idempotencyCopy: z.string().nullable() }),
  ),
  audit: z.array(z.object({ action: z.string(), subject: z.string().nullable() })),
});
const eraseSchema = z.object({
  held: z.boolean(),
  visits: z.number(),
  duplicateGuards: z.number(),
  idempotencyCopies: z.number(),
  message: z.string(),
  messageEn: z.string(),
});
const auditSchema = z.object({
  entries: z.array(
    z.object({ action: z.string(), outcome: z.string(), user: z.string(), count: z.number().nullable() }),
  ),
});
const listSchema = z.object({ items: z.array(visitSchema) });

describe("a data subject's request: an administrator exports or erases what is held about one ID number", () => {
  let t: TestApp;
  let national = "";
  const visits: { checkinId: string; key: string; facility: string; room: string | null }[] = [];

  async function checkIn(someone: Parameters<typeof qrOf>[0], facility: string): Promise<void> {
    const token = await t.token("receptionist", { facility });
    const key = `k-${randomUUID()}`;
    const res = await t.call("POST", "/api/checkins", {
      token,
      headers: { "idempotency-key": key },
      // A card scanned: the visit and its room ticket carry the name on the card.
      body: { method: "qr-cccd", payload: qrOf(someone), channel: "camera" },
    });
    expect(res.status).toBe(201);
    const answer = visitSchema
      .extend({ roomTicket: z.object({ room: z.string() }).nullable() })
      .parse(res.json);
    visits.push({ checkinId: answer.checkinId, key, facility, room: answer.roomTicket?.room ?? null });
  }

  async function report(): Promise<unknown> {
    const dept = await t.token("health-dept");
    const today = vnDay(new Date());
    const res = await t.call("GET", `/api/reports/scan-rate?from=${today}&to=${today}`, { token: dept });
    expect(res.status).toBe(200);
    return res.json;
  }

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.token("admin");
    // An open exam room at the first facility: the visit there joins its queue with the name on the ticket.
    const room = {
      id: "01001-noi",
      name: "Phòng khám 1",
      number: 1,
      serviceCode: "02.01",
      serviceName: "Khám bệnh",
      open: true,
      closedReason: null,
    };
    const reception = await t.token("receptionist", { facility: "01001" });
    expect((await t.call("POST", "/api/rooms", { token: reception, body: room })).status).toBe(200);
    if (person === undefined || other === undefined) throw new Error("people missing");
    await checkIn(person, "01001");
    await checkIn(person, "01002");
    await checkIn(other, "01001");
  });

  afterAll(async () => {
    await t?.stop();
  });

  it("refuses anyone but an administrator (403) and an ID that is not 12 digits (400)", async () => {
    const clerk = await t.token("receptionist", { facility: "01001" });
    for (const path of ["/api/admin/subjects/search", "/api/admin/subjects/erase"]) {
      const refused = await t.call("POST", path, { token: clerk, body: { idNumber: person?.idNumber } });
      expect(refused.status).toBe(403);
    }
    const bad = await t.call("POST", "/api/admin/subjects/search", {
      token: national,
      body: { idNumber: "12345" },
    });
    expect(bad.status).toBe(400);
  });

  it("exports the person's visits with their guards and remembered answers, and the audit lines about them", async () => {
    const res = await t.call("POST", "/api/admin/subjects/search", {
      token: national,
      body: { idNumber: person?.idNumber },
    });
    expect(res.status).toBe(200);
    const found = exportSchema.parse(res.json);
    expect(found.held).toBe(true);
    expect(found.visits.map((visit) => visit.facility).sort()).toEqual(["01001", "01002"]);
    expect(found.visits.every((visit) => visit.patient.idNumber === person?.idNumber)).toBe(true);
    expect(found.visits.every((visit) => visit.duplicateGuard && visit.idempotencyCopy !== null)).toBe(true);
    expect(found.audit.filter((line) => line.action === "checkin")).toHaveLength(2);
    // An administrator of another province finds nothing of it.
    const south = await t.token("admin", { province: "079" });
    const none = await t.call("POST", "/api/admin/subjects/search", {
      token: south,
      body: { idNumber: person?.idNumber },
    });
    expect(exportSchema.parse(none.json)).toMatchObject({ held: false, visits: [] });
  });

  it("erases visits, duplicate guards and remembered answers; counters, report and other people unchanged; the erase audited", async () => {
    const today = vnDay(new Date());
    const countersBefore = await Promise.all(
      ["01001", "01002"].map((f) => readCounter(t.doc, t.names, f, today)),
    );
    const reportBefore = await report();
    const held = exportSchema.parse(
      (
        await t.call("POST", "/api/admin/subjects/search", {
          token: national,
          body: { idNumber: person?.idNumber },
        })
      ).json,
    );

    const rooms = visits
      .slice(0, 2)
      .flatMap((visit) => (visit.room === null ? [] : [{ ...visit, room: visit.room }]));
    const ticketNamesBefore: unknown[] = [];
    for (const visit of rooms) {
      const tickets = await t.doc.send(
        new QueryCommand({
          TableName: t.names.checkins,
          KeyConditionExpression: "pk = :pk",
          FilterExpression: "checkinId = :c",
          ExpressionAttributeValues: {
            ":pk": queuePk(visit.facility, visit.room, today),
            ":c": visit.checkinId,
          },
        }),
      );
      ticketNamesBefore.push(...(tickets.Items ?? []).map((item) => item.name));
    }

    const res = await t.call("POST", "/api/admin/subjects/erase", {
      token: national,
      body: { idNumber: person?.idNumber },
    });
    expect(res.status).toBe(200);
    expect(eraseSchema.parse(res.json)).toMatchObject({
      held: true,
      visits: 2,
      duplicateGuards: 2,
      idempotencyCopies: 2,
    });

    const again = exportSchema.parse(
      (
        await t.call("POST", "/api/admin/subjects/search", {
          token: national,
          body: { idNumber: person?.idNumber },
        })
      ).json,
    );
    expect(again).toMatchObject({ held: false, visits: [] });
    for (const visit of visits.slice(0, 2)) {
      const copy = await t.doc.send(
        new GetCommand({
          TableName: t.names.idempotency,
          Key: { id: idempotencyId(visit.facility, visit.key) },
        }),
      );
      expect(copy.Item).toBeUndefined();
      const list = await t.call("GET", "/api/checkins?date=today", {
        token: await t.token("receptionist", { facility: visit.facility }),
      });
      expect(listSchema.parse(list.json).items.map((item) => item.checkinId)).not.toContain(visit.checkinId);
    }
    // The guards name the person by the keyed hash the audit lines carry, never by the number.
    const subject = held.audit.find((line) => line.action === "checkin")?.subject;
    expect(subject).toMatch(/^[\w-]{43}$/);
    for (const visit of held.visits) {
      const at = new Date(Date.parse(visit.checkedInAt));
      const guard = await t.doc.send(
        new GetCommand({
          TableName: t.names.checkins,
          Key: guardKey(visit.facility, `ID#${subject}`, sliceOf(at, WINDOW_MS)),
        }),
      );
      expect(guard.Item).toBeUndefined();
    }
    // The room ticket keeps its number for the room's day, but no longer the name.
    expect(ticketNamesBefore.length).toBeGreaterThan(0);
    expect(ticketNamesBefore.every((name) => typeof name === "string" && name.length > 0)).toBe(true);
    for (const visit of rooms) {
      const tickets = await t.doc.send(
        new QueryCommand({
          TableName: t.names.checkins,
          KeyConditionExpression: "pk = :pk",
          FilterExpression: "checkinId = :c",
          ExpressionAttributeValues: {
            ":pk": queuePk(visit.facility, visit.room, today),
            ":c": visit.checkinId,
          },
        }),
      );
      expect(tickets.Items?.length).toBeGreaterThan(0);
      expect(tickets.Items?.map((item) => item.name)).toEqual(tickets.Items?.map(() => null));
    }
    const otherList = await t.call("GET", "/api/checkins?date=today", {
      token: await t.token("receptionist", { facility: "01001" }),
    });
    expect(listSchema.parse(otherList.json).items.map((item) => item.patient.idNumber)).toContain(
      other?.idNumber,
    );
    expect(await Promise.all(["01001", "01002"].map((f) => readCounter(t.doc, t.names, f, today)))).toEqual(
      countersBefore,
    );
    expect(await report()).toEqual(reportBefore);

    const audit = await t.call("GET", `/api/audit?subject=${person?.idNumber}`, { token: national });
    const lines = auditSchema.parse(audit.json).entries;
    expect(lines.filter((line) => line.action === "erase")).toEqual([
      expect.objectContaining({ action: "erase", outcome: "ok", count: 2 }),
    ]);
  });

  it("answers that nothing is held for an unknown ID number, and audits that erase too", async () => {
    const res = await t.call("POST", "/api/admin/subjects/erase", {
      token: national,
      body: { idNumber: UNKNOWN },
    });
    expect(res.status).toBe(200);
    const erased = eraseSchema.parse(res.json);
    expect(erased).toMatchObject({ held: false, visits: 0, duplicateGuards: 0, idempotencyCopies: 0 });
    expect(erased.message).toContain("Không có dữ liệu");
    const audit = await t.call("GET", `/api/audit?subject=${UNKNOWN}`, { token: national });
    expect(auditSchema.parse(audit.json).entries.map((line) => `${line.action}:${line.outcome}`)).toContain(
      "erase:none-held",
    );
  });
});
