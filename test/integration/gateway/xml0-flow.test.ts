/**
 * XML0 from check-in to the gateway: 200 check-ins through the check-in service on DynamoDB
 * Local, each writing its XML0 record in its own transaction, sent by the sender from the outbox
 * in the check-ins table to the gateway stand-in over HTTP, across a 10-minute outage of the whole
 * gateway on a simulated clock. Every visit's XML0 arrives exactly once, and the signature of one
 * is verified by Debian's xmlsec1.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import { xml0Minute } from "#domain/xml0";
import { makeFacilityCardChecker } from "#functions/gateway/facility-card-checker";
import { readSigningCertificate } from "#functions/gateway/signing-certificate";
import { makeXml0Sender } from "#functions/gateway/xml0-sender";
import { REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { makeGatewayApp } from "#functions/gateway-mock/gateway-app";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { type FacilityGateway, makeFacilityGateway } from "#functions/gateway-mock/xml0-gateway";
import { type CheckinCommand, checkIn } from "#functions/services/check-in";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { makeXml0OutboxStore, type Xml0OutboxStore } from "#functions/stores/xml0-outbox-store";
import { makeTestTables } from "#test/support/dynamo";
import { type RunningServer, serveApp } from "#test/support/http-capture";
import { makeTestCertificate } from "#test/support/test-certificates";

// 08:00 in Hà Nội on today's date there, so the test certificate (valid from yesterday) is in force.
const START = Date.parse(`${vnDay(new Date())}T01:00:00Z`);
const MINUTE = 60_000;
const HANOI = { facilityCode: "01001", username: "01001_BV", password: "Bv01001@Tiếp đón" };
const CERTIFICATE = makeTestCertificate();
const CLERK = REGISTERED_CLERKS[1] ?? null;
const run = promisify(execFile);

let clock = START;
let down = false;
let cardServer: RunningServer;
let xml0Server: RunningServer;
let xml0Gateway: FacilityGateway;
let outbox: Xml0OutboxStore;
let checkinStore: ReturnType<typeof makeCheckinStore>;
let dynamoDoc: Awaited<ReturnType<typeof makeTestTables>>["clients"]["doc"];
let checkinsTable: string;
const dir = mkdtempSync(join(tmpdir(), "tiepdon-xml0-flow-"));

const unavailable = { statusCode: 503, body: "Service Unavailable" };

beforeAll(async () => {
  const { names, clients } = await makeTestTables();
  const registry = makePersonStore(clients.doc, names.registry);
  const cardApp = makeGatewayApp({
    findByKey: registry.findByKey,
    recordCheck: registry.recordCheck,
    accounts: [{ username: HANOI.username, password: HANOI.password }],
    tokenTtlSeconds: 3600,
    slowMs: 4000,
    faultControl: false,
    clerks: REGISTERED_CLERKS,
  });
  xml0Gateway = makeFacilityGateway({
    accounts: [{ ...HANOI, clerks: [], certificatePem: CERTIFICATE.certificatePem }],
    tokenTtlSeconds: 3600,
    visitsOf: async () => null,
    now: () => clock,
  });
  cardServer = await serveApp(async (event) => (down ? unavailable : cardApp(event)));
  xml0Server = await serveApp(async (event) => (down ? unavailable : xml0Gateway.handle(event)));
  checkinStore = makeCheckinStore(clients.doc, {
    checkinsTable: names.checkins,
    countersTable: names.counters,
    idempotencyTable: names.idempotency,
    counterShards: 4,
    retentionDays: 30,
    duplicateWindowMs: 10 * MINUTE,
    idempotencyTtlSeconds: 7 * 24 * 3600,
  });
  outbox = makeXml0OutboxStore(clients.doc, { checkinsTable: names.checkins });
  dynamoDoc = clients.doc;
  checkinsTable = names.checkins;
});

afterAll(async () => {
  await cardServer.close();
  await xml0Server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The card check over HTTP; only 01001 has an account (the others' patients are admitted as pending). */
function cardChecker() {
  return makeFacilityCardChecker({
    baseUrl: cardServer.url,
    // Every check here names its clerk; nothing is checked under a kiosk's.
    kioskClerkOf: async () => null,
    timeoutMs: 2000,
    accountOf: async (facility) =>
      facility === HANOI.facilityCode ? { username: HANOI.username, password: HANOI.password } : null,
  });
}

/** A chip ID card's QR for the index-th patient (each a different person, born 1990). */
function cardQr(index: number): string {
  const female = index % 2 === 0;
  const idNumber = `001${female ? "1" : "0"}90${String(index).padStart(6, "0")}`;
  return `${idNumber}||${female ? "Trần Thị Bích Ngọc" : "Nguyễn Văn An"}|15031990|${female ? "Nữ" : "Nam"}|Hà Nội|20042021`;
}

function command(facility: string, index: number): CheckinCommand {
  return {
    facility,
    user: "receptionist",
    method: "qr-cccd",
    payload: cardQr(index),
    channel: "camera",
    idempotencyKey: null,
    scannedAt: null,
    offlineQueue: null,
    reader: null,
    clerk: CLERK,
  };
}

describe("a visit's XML0 from check-in to the gateway", () => {
  it("reaches the gateway exactly once for each of 200 check-ins across a 10-minute outage", {
    timeout: 240_000,
  }, async () => {
    const key = readSigningCertificate(CERTIFICATE.pkcs12("p"), "p", new Date(START));
    const deps = {
      store: checkinStore,
      gateway: cardChecker(),
      now: () => new Date(clock),
      newId: randomUUID,
      // 38001's own hospital software sends its XML0: tiepdon writes none for it.
      sendsXml0: (facility: string) => facility !== "38001",
    };
    const sender = makeXml0Sender({
      baseUrl: xml0Server.url,
      outbox,
      credentialsOf: async (facility) =>
        facility === HANOI.facilityCode ? { ...HANOI, certificate: key } : null,
      now: () => clock,
      timeoutMs: 2000,
    });
    const checkedIn = new Map<string, number>();
    let waitingDuringOutage = 0;
    let next = 1;
    for (let tick = 0; clock < START + 90 * MINUTE; tick += 1) {
      clock = START + tick * 5000;
      down = clock >= START + 5 * MINUTE && clock < START + 15 * MINUTE;
      // One patient every 6 s: 200 in 20 minutes, half of them while the gateway is down.
      while (next <= 200 && START + (next - 1) * 6000 <= clock) {
        const outcome = await checkIn(deps, command("01001", next));
        expect(outcome.statusCode).toBe(201);
        checkedIn.set(outcome.answer.checkinId, clock);
        next += 1;
      }
      await sender.runOnce();
      if (down) {
        const states = await outbox.statesOfDay("01001", vnDay(new Date(clock)));
        waitingDuringOutage = Math.max(
          waitingDuringOutage,
          [...states.values()].filter((state) => state.state === "waiting").length,
        );
      }
      const states = await outbox.statesOfDay("01001", vnDay(new Date(START)));
      if (next > 200 && [...states.values()].every((state) => state.state === "sent")) break;
    }
    down = false;

    const received = xml0Gateway.received();
    expect(waitingDuringOutage).toBeGreaterThanOrEqual(90);
    expect(received).toHaveLength(200);
    expect(received.filter((item) => item.repeat)).toEqual([]);
    const keys = received.map((item) => item.rows[0]?.MA_LK ?? "");
    expect(new Set(keys)).toEqual(new Set(checkedIn.keys()));

    const states = await outbox.statesOfDay("01001", vnDay(new Date(START)));
    for (const item of received) {
      const row = item.rows[0];
      const visitKey = row?.MA_LK ?? "";
      // The receipt is kept with the visit, and the message carries its own check-in time.
      expect(states.get(visitKey)).toEqual({
        state: "sent",
        transactionId: item.transactionId,
        receivedAt: item.receivedAt,
        message: null,
      });
      expect(row?.NGAY_VAO).toBe(xml0Minute(new Date(checkedIn.get(visitKey) ?? 0)));
      expect(row?.MA_DICH_VU).toBe("02.1896");
      expect(row?.MA_CSKCB).toBe("01001");
    }

    // A pass later finds nothing due and the gateway sees nothing more.
    clock += 30 * MINUTE;
    expect(await sender.runOnce()).toEqual({ sent: 0, refused: 0, waiting: 0 });
    expect(xml0Gateway.received()).toHaveLength(200);

    // One of the messages as sent, verified by an independent verifier with the facility's certificate.
    const first = received[0];
    if (first === undefined) throw new Error("nothing received");
    writeFileSync(join(dir, "xml0.xml"), first.xml);
    writeFileSync(join(dir, "cert.pem"), CERTIFICATE.certificatePem);
    const verified = await run("xmlsec1", [
      "--verify",
      "--pubkey-cert-pem",
      join(dir, "cert.pem"),
      join(dir, "xml0.xml"),
    ]);
    expect(`${verified.stdout}${verified.stderr}`).toContain("OK");
  });

  it("writes no XML0 for a facility whose own software sends it", async () => {
    const deps = {
      store: checkinStore,
      gateway: {
        checkCard: async () => ({
          kind: "unavailable" as const,
          reason: "timeout" as const,
          resultCode: null,
          latencyMs: 0,
        }),
      },
      now: () => new Date(clock),
      newId: randomUUID,
      sendsXml0: (facility: string) => facility !== "38001",
    };
    const outcome = await checkIn(deps, command("38001", 1));
    expect(outcome.statusCode).toBe(201);
    const states = await outbox.statesOfDay("38001", vnDay(new Date(clock)));
    expect(states.size).toBe(0);
    const again = await checkIn(deps, command("01002", 1));
    expect(again.statusCode).toBe(201);
    expect(
      (await outbox.statesOfDay("01002", vnDay(new Date(clock)))).get(again.answer.checkinId),
    ).toMatchObject({
      state: "waiting",
    });
  });

  it("is sent once when two passes run at the same moment", async () => {
    const key = readSigningCertificate(CERTIFICATE.pkcs12("p"), "p", new Date(clock));
    const deps = {
      store: checkinStore,
      gateway: cardChecker(),
      now: () => new Date(clock),
      newId: randomUUID,
      sendsXml0: () => true,
    };
    const ids: string[] = [];
    for (let index = 301; index <= 320; index += 1) {
      const outcome = await checkIn(deps, command("01001", index));
      ids.push(outcome.answer.checkinId);
    }
    // Two containers, each with its own outbox and token cache, over the same table.
    const senders = [1, 2].map(() =>
      makeXml0Sender({
        baseUrl: xml0Server.url,
        outbox: makeXml0OutboxStore(dynamoDoc, { checkinsTable: checkinsTable }),
        credentialsOf: async () => ({ ...HANOI, certificate: key }),
        now: () => clock,
        timeoutMs: 2000,
      }),
    );
    const before = xml0Gateway.received().length;
    const passes = await Promise.all(senders.map((sender) => sender.runOnce()));
    expect(passes.reduce((sum, pass) => sum + pass.sent, 0)).toBe(20);
    const received = xml0Gateway.received().slice(before);
    expect(received.filter((item) => item.repeat)).toEqual([]);
    expect(received.map((item) => item.rows[0]?.MA_LK).sort()).toEqual([...ids].sort());
  });

  it("sends an offline visit's XML0 when it arrives, with the card scan's time as the visit's time", async () => {
    // Scanned at 10:42 in Hà Nội while the clinic was offline, synced at 11:30.
    clock = Date.parse("2026-12-07T04:30:00Z");
    const scannedAt = new Date("2026-12-07T03:42:10Z");
    const key = readSigningCertificate(CERTIFICATE.pkcs12("p"), "p", new Date(clock));
    const deps = {
      store: checkinStore,
      gateway: cardChecker(),
      now: () => new Date(clock),
      newId: randomUUID,
      sendsXml0: () => true,
    };
    const outcome = await checkIn(deps, {
      ...command("01001", 401),
      scannedAt,
      offlineQueue: { series: "B", number: 7 },
    });
    expect(outcome.statusCode).toBe(201);
    expect(outcome.answer.queueSeries).toBe("B");
    const sender = makeXml0Sender({
      baseUrl: xml0Server.url,
      outbox,
      credentialsOf: async () => ({ ...HANOI, certificate: key }),
      now: () => clock,
      timeoutMs: 2000,
    });
    expect((await sender.runOnce()).sent).toBeGreaterThanOrEqual(1);
    const sent = xml0Gateway.received().find((item) => item.rows[0]?.MA_LK === outcome.answer.checkinId);
    const row = sent?.rows[0];
    expect(row?.NGAY_VAO).toBe("202612071042");
    expect(row?.NGAY_YL).toBe("202612071042");
    expect(sent?.repeat).toBe(false);
  });
});
