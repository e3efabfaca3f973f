import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Xml0Visit, xml0Minute } from "#domain/xml0";
import { readSigningCertificate, type SigningCertificate } from "#functions/gateway/signing-certificate";
import { type FacilityCredentials, makeXml0Sender } from "#functions/gateway/xml0-sender";
import type { FacilityAccount } from "#functions/gateway-mock/facility-accounts";
import { type FacilityGateway, makeFacilityGateway } from "#functions/gateway-mock/xml0-gateway";
import { type RunningServer, serveApp } from "#test/support/http-capture";
import { makeMemoryXml0Outbox } from "#test/support/memory-xml0-outbox";
import { makeTestCertificate } from "#test/support/test-certificates";

const START = Date.parse("2026-12-07T01:00:00Z");
const MINUTE = 60_000;
const HANOI = makeTestCertificate();
const THANH_HOA = makeTestCertificate({ commonName: "Bệnh viện Đa khoa tỉnh Thanh Hóa (mẫu)" });
let hanoiKey: SigningCertificate;
let thanhHoaKey: SigningCertificate;

const ACCOUNTS: FacilityAccount[] = [
  {
    facilityCode: "01001",
    username: "01001_BV",
    password: "Bv01001@Tiếp đón",
    clerks: [],
    certificatePem: HANOI.certificatePem,
  },
  {
    facilityCode: "38001",
    username: "38001_BV",
    password: "ThanhHoa#38001",
    clerks: [],
    certificatePem: THANH_HOA.certificatePem,
  },
];

function visit(facilityCode: string, index: number, arrivedAt: number): Xml0Visit {
  return {
    visitKey: `${facilityCode}-20261207-${String(index).padStart(6, "0")}`,
    patientCode: `P${index}`,
    fullName: "Nguyễn Văn An",
    idNumber: "001090012345",
    birthDate: "1990-03-15",
    sex: "male",
    cardCode: "DN4010123456789",
    primaryFacility: "01001",
    cardValidFrom: "2026-01-01",
    cardValidTo: "2030-12-31",
    visitGroup: "1.1",
    arrivedAt: new Date(arrivedAt),
    facilityCode,
    service: { code: "02.1896", name: "Khám Nội" },
  };
}

let clock = START;
let down = false;
let gateway: FacilityGateway;
let server: RunningServer;

beforeAll(async () => {
  hanoiKey = readSigningCertificate(HANOI.pkcs12("p"), "p", new Date());
  thanhHoaKey = readSigningCertificate(THANH_HOA.pkcs12("p"), "p", new Date());
  gateway = makeFacilityGateway({
    accounts: ACCOUNTS,
    tokenTtlSeconds: 3600,
    visitsOf: async () => null,
    now: () => clock,
  });
  server = await serveApp(async (event) =>
    down ? { statusCode: 503, body: "Service Unavailable" } : gateway.handle(event),
  );
});
afterAll(() => server.close());

describe("the XML0 sender", () => {
  it("delivers every one of 200 check-ins' XML0 exactly once across a 10-minute gateway outage", {
    timeout: 120_000,
  }, async () => {
    const outbox = makeMemoryXml0Outbox();
    const credentials: FacilityCredentials = {
      username: "01001_BV",
      password: "Bv01001@Tiếp đón",
      certificate: hanoiKey,
    };
    const sender = makeXml0Sender({
      baseUrl: server.url,
      outbox,
      credentialsOf: async () => credentials,
      now: () => clock,
      timeoutMs: 5000,
    });
    const arrivals = Array.from({ length: 200 }, (_, index) =>
      visit("01001", index + 1, START + index * 6000),
    );
    const before = gateway.received().length;
    let delayed = 0;
    for (let tick = 0; clock < START + 60 * MINUTE; tick += 1) {
      clock = START + tick * 5000;
      down = clock >= START + 5 * MINUTE && clock < START + 15 * MINUTE;
      for (const arrival of arrivals)
        if (arrival.arrivedAt.getTime() <= clock && arrival.arrivedAt.getTime() > clock - 5000)
          outbox.add(arrival);
      await sender.runOnce();
      if (down)
        delayed = Math.max(
          delayed,
          [...outbox.states().values()].filter((state) => state.status === "waiting").length,
        );
      const states = [...outbox.states().values()];
      if (states.length === 200 && states.every((state) => state.status === "sent")) break;
    }
    down = false;
    const received = gateway.received().slice(before);
    expect(delayed).toBeGreaterThanOrEqual(90);
    expect(received).toHaveLength(200);
    expect(received.filter((item) => item.repeat)).toEqual([]);
    expect(new Set(received.map((item) => item.rows[0]?.MA_LK)).size).toBe(200);
    const states = outbox.states();
    for (const item of received) {
      const row = item.rows[0];
      const sent = states.get(`01001#${row?.MA_LK}`);
      expect(sent).toEqual({
        status: "sent",
        transactionId: item.transactionId,
        receivedAt: item.receivedAt,
      });
      // The visit keeps its own check-in time, however late it was sent.
      const arrival = arrivals.find((candidate) => candidate.visitKey === row?.MA_LK);
      expect(row?.NGAY_VAO).toBe(arrival === undefined ? "" : xml0Minute(arrival.arrivedAt));
    }
  });

  it("stops only the facility whose account is refused, names it, and resumes when the password changes", async () => {
    const outbox = makeMemoryXml0Outbox();
    let hanoiPassword = "wrong password";
    const sender = makeXml0Sender({
      baseUrl: server.url,
      outbox,
      credentialsOf: async (facilityCode) =>
        facilityCode === "01001"
          ? { username: "01001_BV", password: hanoiPassword, certificate: hanoiKey }
          : { username: "38001_BV", password: "ThanhHoa#38001", certificate: thanhHoaKey },
      now: () => clock,
    });
    for (let index = 1; index <= 5; index += 1) {
      outbox.add(visit("01001", 1000 + index, clock));
      outbox.add(visit("38001", 1000 + index, clock));
    }
    expect(await sender.runOnce()).toEqual({ sent: 5, refused: 0, waiting: 5 });
    expect(sender.blockedFacilities()).toEqual([
      expect.objectContaining({ facilityCode: "01001", reason: "account-refused", code: "401" }),
    ]);
    const states = outbox.states();
    expect(states.get("38001#38001-20261207-001001")).toMatchObject({ status: "sent" });
    expect(states.get("01001#01001-20261207-001001")).toMatchObject({
      status: "waiting",
      lastProblem: "account refused (401)",
    });

    hanoiPassword = "Bv01001@Tiếp đón";
    clock += 31_000;
    expect(await sender.runOnce()).toEqual({ sent: 5, refused: 0, waiting: 0 });
    expect(sender.blockedFacilities()).toEqual([]);
  });

  it("keeps a refusal retrying cannot mend with the gateway's message, and never sends it again", async () => {
    const outbox = makeMemoryXml0Outbox();
    const sender = makeXml0Sender({
      baseUrl: server.url,
      outbox,
      // Signed with another facility's key: the gateway checks it against 01001's registered certificate.
      credentialsOf: async () => ({
        username: "01001_BV",
        password: "Bv01001@Tiếp đón",
        certificate: thanhHoaKey,
      }),
      now: () => clock,
    });
    outbox.add(visit("01001", 2001, clock));
    outbox.add({ ...visit("01001", 2002, clock), visitGroup: "2" });
    expect(await sender.runOnce()).toEqual({ sent: 0, refused: 2, waiting: 0 });
    const states = outbox.states();
    expect(states.get("01001#01001-20261207-002001")).toMatchObject({
      status: "refused",
      code: "205",
      message: expect.stringContaining("Chữ ký số"),
    });
    expect(states.get("01001#01001-20261207-002002")).toMatchObject({
      status: "refused",
      code: "XML0_EMERGENCY",
    });
    clock += 11 * MINUTE;
    expect(await sender.runOnce()).toEqual({ sent: 0, refused: 0, waiting: 0 });
  });
});
