import { createHash, randomUUID } from "node:crypto";
import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { vnDay, vnTimestamp } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { CHECKPOINT_PREFIX } from "#functions/migrations/scan-checkpoint";
import {
  type MigrationCounts,
  migrateVisitShape,
  type VisitShapeMigrationConfig,
} from "#functions/migrations/visit-shape-migration";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import { localSubjectKey, SHARED_LOCAL_CREDENTIALS } from "#infra/local/local-env";
import { startTestApp, type TestApp } from "#test/support/local-app";

const population = generatePopulation(300, generateFacilities(120));
function personAt(index: number) {
  const person = population[index];
  if (person === undefined) throw new Error(`The population has no person ${index}`);
  return person;
}
const person = personAt(290);
const cardOnly = personAt(291);
const WINDOW_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const OTHER_ACCOUNT = "79001_BV";
const NO_CHANGE: MigrationCounts = {
  scanned: 0,
  visits: 0,
  guards: 0,
  rememberedAnswers: 0,
  orphanAnswers: 0,
};

/** The same install key the app derives, so the migration hashes as the app's own check-ins do. */
const hash = makeSubjectHasher(
  new Uint8Array(Buffer.from(localSubjectKey(SHARED_LOCAL_CREDENTIALS), "base64")),
);

const insurance = (facility: string, by: string) => ({
  resultCode: "000",
  covered: true,
  cardCode: "GD4797979797979",
  benefitLevel: 4,
  validFrom: "2026-01-01",
  validTo: "2030-12-31",
  registeredFacility: facility,
  registeredFacilityName: null,
  atRegisteredFacility: true,
  managingOffice: null,
  lastCheck: { at: "2026-11-30T09:00:00+07:00", by, resultCode: "000" },
  message: "Thẻ còn giá trị sử dụng",
  messageEn: "The card is valid",
});

/** A visit as check-ins stored it before: plain person key, full lookup block, no subject index, any facility's last check. */
function oldVisit(input: {
  facility: string;
  at: Date;
  status: "covered" | "pending";
  idNumber: string | null;
  name: string;
  cardCode: string;
  personKey: string;
  method: "qr-cccd" | "bhyt-card";
}) {
  const checkinId = randomUUID();
  return {
    pk: `CHK#${input.facility}#${vnDay(input.at)}`,
    sk: `${input.at.toISOString()}#${checkinId}`,
    checkinId,
    facility: input.facility,
    day: vnDay(input.at),
    method: input.method,
    channel: "camera",
    status: input.status,
    queueNumber: 7,
    checkedInAt: vnTimestamp(input.at),
    createdBy: "letan-old",
    personKey: input.personKey,
    patient: { idNumber: input.idNumber, name: input.name, birthDate: "1990-02-03", sex: "female" },
    lookup: { idNumber: input.idNumber, cardCode: input.cardCode, name: input.name },
    insurance: input.status === "pending" ? null : insurance(input.facility, OTHER_ACCOUNT),
    ttl: Math.floor(input.at.getTime() / 1000) + 400 * 86_400,
    ...(input.status === "pending"
      ? { pendingKey: "PENDING", pendingSince: `${vnTimestamp(input.at)}#${checkinId}` }
      : {}),
  };
}

/** An answer remembered whole, with the patient, as Idempotency-Keys were answered before. */
function oldAnswer(visit: ReturnType<typeof oldVisit>) {
  return JSON.stringify({
    checkinId: visit.checkinId,
    facility: visit.facility,
    method: visit.method,
    queueNumber: visit.queueNumber,
    queueSeries: null,
    duplicate: false,
    status: visit.status,
    checkedInAt: visit.checkedInAt,
    scannedAt: null,
    timeFlag: null,
    patient: visit.patient,
    insurance: visit.insurance,
    roomTicket: null,
  });
}

async function scanAll(t: TestApp, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

const exportSchema = z.object({
  held: z.boolean(),
  visits: z.array(
    z.object({
      checkinId: z.string(),
      duplicateGuard: z.boolean(),
      idempotencyCopy: z.string().nullable(),
    }),
  ),
});
const answerSchema = z.object({
  checkinId: z.string(),
  duplicate: z.boolean(),
  patient: z.object({ idNumber: z.string().nullable(), name: z.string().nullable() }),
  insurance: z.object({ lastCheck: z.object({ by: z.string().nullable() }).nullable() }).nullable(),
});

describe("the one-off migration brings visits stored before the minimised shape to it", () => {
  let t: TestApp;
  let config: VisitShapeMigrationConfig;
  const now = new Date();
  const recent = oldVisit({
    facility: "01001",
    at: new Date(now.getTime() - 60_000),
    status: "covered",
    idNumber: person.idNumber,
    name: person.name,
    cardCode: "GD4797979797979",
    personKey: `ID#${person.idNumber}`,
    method: "qr-cccd",
  });
  const pending = oldVisit({
    facility: "01002",
    at: new Date(now.getTime() - 2 * DAY_MS),
    status: "pending",
    idNumber: person.idNumber,
    name: person.name,
    cardCode: "GD4797979797979",
    personKey: `ID#${person.idNumber}`,
    method: "qr-cccd",
  });
  const byCard = oldVisit({
    facility: "01001",
    at: new Date(now.getTime() - 30 * DAY_MS),
    status: "covered",
    idNumber: null,
    name: cardOnly.name,
    cardCode: "DN4011234567890",
    personKey: "BHXH#1234567890",
    method: "bhyt-card",
  });
  const retryKey = `old-${randomUUID()}`;
  const erasedKey = `old-${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestApp();
    config = {
      checkinsTable: t.names.checkins,
      idempotencyTable: t.names.idempotency,
      segments: 3,
      concurrency: 4,
      pageSize: 2,
    };
    const put = (table: string, item: Record<string, unknown>) =>
      t.doc.send(new PutCommand({ TableName: table, Item: item }));
    for (const visit of [recent, pending, byCard]) await put(t.names.checkins, visit);
    const slice = Math.floor((now.getTime() - 60_000) / WINDOW_MS);
    await put(t.names.checkins, {
      pk: `DUP#01001#ID#${person.idNumber}#${slice}`,
      sk: "DUP",
      checkinPk: recent.pk,
      checkinSk: recent.sk,
      atMs: now.getTime() - 60_000,
      ttl: Math.floor(now.getTime() / 1000) + 7 * 86_400,
    });
    const requestHash = createHash("sha256")
      .update(`qr-cccd\n${qrOf(person)}`)
      .digest("base64url");
    await put(t.names.idempotency, {
      id: `01002#${retryKey}`,
      requestHash,
      statusCode: 201,
      answer: oldAnswer(pending),
      ttl: Math.floor(now.getTime() / 1000) + 7 * 86_400,
    });
    // The remembered answer of a visit erased before erases could find it: a lone copy of the patient.
    const erased = oldVisit({
      facility: "01001",
      at: new Date(now.getTime() - 3 * DAY_MS),
      status: "covered",
      idNumber: cardOnly.idNumber,
      name: cardOnly.name,
      cardCode: "DN4011234567890",
      personKey: `ID#${cardOnly.idNumber}`,
      method: "qr-cccd",
    });
    await put(t.names.idempotency, {
      id: `01001#${erasedKey}`,
      requestHash,
      statusCode: 201,
      answer: oldAnswer(erased),
      ttl: Math.floor(now.getTime() / 1000) + 7 * 86_400,
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("before it, a data subject's search misses the old visits", async () => {
    const found = await t.call("POST", "/api/admin/subjects/search", {
      token: await t.token("admin"),
      body: { idNumber: person.idNumber },
    });
    expect(exportSchema.parse(found.json)).toMatchObject({ held: false, visits: [] });
  });

  it("stops between pages and resumes where it stopped, then leaves nothing of the old shape", async () => {
    let pages = 0;
    const first = await migrateVisitShape(t.doc, config, hash, {
      dryRun: false,
      restart: false,
      shouldStop: () => pages++ >= 2,
    });
    expect(first.done).toBe(false);
    const rest = await migrateVisitShape(t.doc, config, hash, { dryRun: false, restart: false });
    expect(rest.done).toBe(true);
    const total = (key: keyof MigrationCounts) => first.counts[key] + rest.counts[key];
    expect(total("visits")).toBe(3);
    expect(total("guards")).toBe(1);
    expect(total("rememberedAnswers")).toBe(1);
    expect(total("orphanAnswers")).toBe(1);

    const checkins = JSON.stringify(await scanAll(t, t.names.checkins));
    const remembered = await scanAll(t, t.names.idempotency);
    // The ID number once per visit (the patient's field) and nowhere else: no key, no lookup block.
    expect(checkins.split(person.idNumber).length - 1).toBe(2);
    expect(checkins).not.toContain("1234567890");
    expect(checkins).not.toContain(OTHER_ACCOUNT);
    expect(checkins).not.toMatch(/"idNumber":"\d{12}","cardCode"/);
    const all = JSON.stringify(remembered);
    expect(all).not.toContain(person.idNumber);
    expect(all).not.toContain(person.name);
    expect(all).not.toContain(cardOnly.idNumber);
    expect(remembered.map((item) => item.id)).toEqual([`01002#${retryKey}`]);
  });

  it("after it, the search finds the old visits with their guard and remembered answer", async () => {
    const found = exportSchema.parse(
      (
        await t.call("POST", "/api/admin/subjects/search", {
          token: await t.token("admin"),
          body: { idNumber: person.idNumber },
        })
      ).json,
    );
    expect(found.held).toBe(true);
    const byId = new Map(found.visits.map((visit) => [visit.checkinId, visit]));
    expect([...byId.keys()].sort()).toEqual([recent.checkinId, pending.checkinId].sort());
    expect(byId.get(recent.checkinId)?.duplicateGuard).toBe(true);
    expect(byId.get(pending.checkinId)?.idempotencyCopy).not.toBeNull();
    expect(byId.get(pending.checkinId)?.idempotencyCopy).not.toContain(person.idNumber);
  });

  it("keeps what users rely on: the same person again within 10 minutes is the same visit, and a retry gets its first answer with the patient", async () => {
    const again = await t.call("POST", "/api/checkins", {
      token: await t.token("receptionist", { facility: "01001" }),
      body: { method: "qr-cccd", payload: qrOf(person), channel: "camera" },
    });
    expect(again.status).toBe(200);
    const duplicate = answerSchema.parse(again.json);
    expect(duplicate).toMatchObject({ checkinId: recent.checkinId, duplicate: true });
    expect(duplicate.insurance?.lastCheck?.by).toBeNull();

    const retry = await t.call("POST", "/api/checkins", {
      token: await t.token("receptionist", { facility: "01002" }),
      headers: { "idempotency-key": retryKey },
      body: { method: "qr-cccd", payload: qrOf(person), channel: "camera" },
    });
    expect(retry.status).toBe(201);
    expect(answerSchema.parse(retry.json)).toMatchObject({
      checkinId: pending.checkinId,
      patient: { idNumber: person.idNumber, name: person.name },
    });
  });

  it("a second run, from the start, changes nothing", async () => {
    // Everything but the migration's own checkpoint items.
    const held = async () =>
      JSON.stringify([
        (await scanAll(t, t.names.checkins)).filter((item) => !String(item.pk).startsWith(CHECKPOINT_PREFIX)),
        await scanAll(t, t.names.idempotency),
      ]);
    const before = await held();
    const again = await migrateVisitShape(t.doc, config, hash, { dryRun: false, restart: true });
    expect(again.done).toBe(true);
    expect({ ...again.counts, scanned: 0 }).toEqual(NO_CHANGE);
    expect(again.counts.scanned).toBeGreaterThan(0);
    expect(await held()).toBe(before);
    // Resumed without --restart, a finished run reads nothing at all.
    const finished = await migrateVisitShape(t.doc, config, hash, { dryRun: false, restart: false });
    expect(finished).toEqual({ done: true, counts: NO_CHANGE });
  });
});
