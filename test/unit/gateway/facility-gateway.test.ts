import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildXml0, type Xml0Visit } from "#domain/xml0";
import {
  type GatewaySession,
  tokenRequest,
  visitHistoryRequest,
  xml0Request,
} from "#functions/gateway/gateway-calls";
import { readSigningCertificate, type SigningCertificate } from "#functions/gateway/signing-certificate";
import { postXml0, takeSession } from "#functions/gateway/xml0-client";
import { signXml0 } from "#functions/gateway/xml0-signature";
import type { FacilityAccount } from "#functions/gateway-mock/facility-accounts";
import { type FacilityGateway, makeFacilityGateway } from "#functions/gateway-mock/xml0-gateway";
import { type RunningServer, serveApp } from "#test/support/http-capture";
import { makeTestCertificate } from "#test/support/test-certificates";

const HANOI = makeTestCertificate({ commonName: "Bệnh viện Đa khoa Thành phố (mẫu)" });
const THANH_HOA = makeTestCertificate({ commonName: "Bệnh viện Đa khoa tỉnh Thanh Hóa (mẫu)" });
const signers = new Map<typeof HANOI, SigningCertificate>();
function signer(certificate: typeof HANOI): SigningCertificate {
  const known = signers.get(certificate) ?? readSigningCertificate(certificate.pkcs12("p"), "p", new Date());
  signers.set(certificate, known);
  return known;
}

const ACCOUNTS: FacilityAccount[] = [
  {
    facilityCode: "01001",
    username: "01001_BV",
    password: "Bv01001@Tiếp đón",
    clerks: [{ name: "Nguyễn Thị Tiếp Đón", id: "001190000001" }],
    certificatePem: HANOI.certificatePem,
  },
  {
    facilityCode: "38001",
    username: "38001_BV",
    password: "ThanhHoa#38001",
    clerks: [{ name: "Trần Văn Tiếp Nhận", id: "038085000002" }],
    certificatePem: THANH_HOA.certificatePem,
  },
  {
    facilityCode: "49012",
    username: "49012_BV",
    password: "NuiThanh49012",
    clerks: [],
    certificatePem: null,
    locked: true,
  },
];

const AN: Xml0Visit = {
  visitKey: "01001-20261207-000042",
  patientCode: "001090012345",
  fullName: "Nguyễn Văn An",
  idNumber: "001090012345",
  birthDate: "1990-03-15",
  sex: "male",
  cardCode: "DN4010123456789",
  primaryFacility: "01001",
  cardValidFrom: "2026-01-01",
  cardValidTo: "2030-12-31",
  visitGroup: "1.1",
  arrivedAt: new Date("2026-12-07T01:05:30Z"),
  facilityCode: "01001",
  service: { code: "02.1896", name: "Khám Nội" },
};

let gateway: FacilityGateway;
let server: RunningServer;
let hanoi: GatewaySession;

async function session(username: string, password: string): Promise<GatewaySession> {
  const outcome = await takeSession(fetch, server.url, { username, password }, 2000);
  if (outcome.kind !== "session") throw new Error(`no session: ${JSON.stringify(outcome)}`);
  return outcome.session;
}

async function answerOf(request: { url: string; init: RequestInit }): Promise<Record<string, unknown>> {
  const response = await fetch(request.url, request.init);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  gateway = makeFacilityGateway({
    accounts: ACCOUNTS,
    tokenTtlSeconds: 3600,
    visitsOf: async (maThe) =>
      maThe === "DN4010123456789" || maThe === "001090012345"
        ? [
            {
              maHoSo: "HS-01001-2026-0001",
              maCSKCB: "01001",
              ngayVao: "202611020815",
              ngayRa: "202611021030",
              tenBenh: "Viêm họng cấp",
              tinhTrang: "1",
              kqDieuTri: "1",
              lyDoVV: "1",
            },
          ]
        : null,
  });
  server = await serveApp((event) => gateway.handle(event));
  hanoi = await session("01001_BV", "Bv01001@Tiếp đón");
});
afterAll(() => server.close());

describe("the stand-in's facility accounts", () => {
  it("takes the password's MD5 digest in either case, and refuses the password itself", async () => {
    const upper = tokenRequest(server.url, "01001_BV", "Bv01001@Tiếp đón");
    expect((await answerOf(upper)).maKetQua).toBe("200");
    const lower = {
      ...upper,
      init: { ...upper.init, body: upper.init.body.toLowerCase().replace("01001_bv", "01001_BV") },
    };
    expect(lower.init.body).toBe("username=01001_BV&password=bb8142dd7a4840f1892a16c1a5dd3b0a");
    expect((await answerOf(lower)).maKetQua).toBe("200");
    const plain = {
      ...upper,
      init: { ...upper.init, body: "username=01001_BV&password=Bv01001%40Ti%E1%BA%BFp+%C4%91%C3%B3n" },
    };
    expect((await answerOf(plain)).maKetQua).toBe("401");
  });

  it("refuses a locked account and another facility's password", async () => {
    expect(
      await takeSession(fetch, server.url, { username: "49012_BV", password: "NuiThanh49012" }, 2000),
    ).toEqual({
      kind: "refused",
      code: "401",
    });
    expect(
      await takeSession(fetch, server.url, { username: "01001_BV", password: "ThanhHoa#38001" }, 2000),
    ).toEqual({
      kind: "refused",
      code: "401",
    });
  });
});

describe("Lskcb2025 on the stand-in", () => {
  const form = {
    maThe: "DN4010123456789",
    hoTen: "Nguyễn Văn An",
    ngaySinh: "15/03/1990",
    hoTenCb: "Nguyễn Thị Tiếp Đón",
    cccdCb: "001190000001",
  };

  it("answers the visits to a form request from a registered clerk", async () => {
    const answer = await answerOf(visitHistoryRequest(server.url, hanoi, form));
    expect(answer.maKetQua).toBe("000");
    expect(answer.dsLichSuKCB2025).toEqual([
      expect.objectContaining({ maHoSo: "HS-01001-2026-0001", ngayVao: "202611020815" }),
    ]);
  });

  it("refuses a JSON body as the real gateway does", async () => {
    const request = visitHistoryRequest(server.url, hanoi, form);
    const json = {
      ...request.init,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(form),
    };
    const answer = await answerOf({ url: request.url, init: json });
    expect(answer.maKetQua).toBe("205");
    expect(answer.dsLichSuKCB2025).toBeNull();
  });

  it("knows clerks per facility: another facility's clerk is 054, a wrong name 055", async () => {
    const other = await answerOf(
      visitHistoryRequest(server.url, hanoi, {
        ...form,
        hoTenCb: "Trần Văn Tiếp Nhận",
        cccdCb: "038085000002",
      }),
    );
    expect(other.maKetQua).toBe("054");
    const misnamed = await answerOf(
      visitHistoryRequest(server.url, hanoi, { ...form, hoTenCb: "Nguyễn Thị Tiếp" }),
    );
    expect(misnamed.maKetQua).toBe("055");
  });

  it("refuses a session of another account", async () => {
    const thanhHoa = await session("38001_BV", "ThanhHoa#38001");
    const mixed = { ...thanhHoa, username: "01001_BV", passwordDigest: hanoi.passwordDigest };
    expect((await answerOf(visitHistoryRequest(server.url, mixed, form))).maKetQua).toBe("401");
  });
});

describe("checkInKcbQd3176 on the stand-in", () => {
  const signedFor = (visit: Xml0Visit, certificate = HANOI) =>
    signXml0(buildXml0([visit]), signer(certificate));
  const send = (xml: string, facility = "01001", as = hanoi) =>
    postXml0(fetch, xml0Request(server.url, as, facility, xml), 5000);

  it("accepts a signed XML0, answers its receipt, and keeps what it received", async () => {
    const before = gateway.received().length;
    const outcome = await send(signedFor(AN));
    expect(outcome).toMatchObject({ kind: "accepted", transactionId: expect.any(String) });
    if (outcome.kind !== "accepted") return;
    expect(outcome.receivedAt).toMatch(/^\d{14}$/);
    const kept = gateway.received().slice(before);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ facilityCode: "01001", username: "01001_BV", repeat: false });
    expect(kept[0]?.rows[0]).toMatchObject({
      MA_LK: AN.visitKey,
      HO_TEN: "Nguyễn Văn An",
      SO_CCCD: "001090012345",
    });
  });

  it("answers a resend of the same visit with the first receipt", async () => {
    const visit = { ...AN, visitKey: "01001-20261207-000099" };
    const first = await send(signedFor(visit));
    const again = await send(signedFor(visit));
    expect(first.kind).toBe("accepted");
    expect(again).toEqual(first);
    expect(
      gateway
        .received()
        .filter((received) => received.rows[0]?.MA_LK === visit.visitKey)
        .map((r) => r.repeat),
    ).toEqual([false, true]);
  });

  it("refuses a signature made with another facility's certificate", async () => {
    const outcome = await send(signedFor(AN, THANH_HOA));
    expect(outcome).toMatchObject({ kind: "refused", code: "205", retryable: false });
    expect(outcome.kind === "refused" ? outcome.message : "").toContain("Chữ ký số");
  });

  it("refuses an unsigned table, fields out of order, a field too long, an emergency", async () => {
    const unsigned = buildXml0([AN]);
    const swapped = unsigned
      .replace("<MA_BN>001090012345</MA_BN>\n<HO_TEN>", "<HO_TEN>")
      .replace("</HO_TEN>", "</HO_TEN>\n<MA_BN>001090012345</MA_BN>");
    const tooLong = unsigned.replace(
      "<SO_CCCD>001090012345</SO_CCCD>",
      "<SO_CCCD>0010900123456789</SO_CCCD>",
    );
    const emergency = unsigned.replace(
      "<MA_DOITUONG_KCB>1.1</MA_DOITUONG_KCB>",
      "<MA_DOITUONG_KCB>2</MA_DOITUONG_KCB>",
    );
    const outcomes = await Promise.all([
      send(unsigned),
      send(signXml0(swapped, signer(HANOI))),
      send(signXml0(tooLong, signer(HANOI))),
      send(signXml0(emergency, signer(HANOI))),
    ]);
    expect(outcomes.map((outcome) => (outcome.kind === "refused" ? outcome.code : outcome.kind))).toEqual([
      "205",
      "205",
      "205",
      "205",
    ]);
    const messages = outcomes.map((outcome) => (outcome.kind === "refused" ? outcome.message : ""));
    expect(messages[1]).toContain("26 trường");
    expect(messages[2]).toContain("SO_CCCD");
    expect(messages[3]).toContain("cấp cứu");
  });

  it("refuses an account sending for another facility, a missing header, a broken Base64", async () => {
    const thanhHoa = await session("38001_BV", "ThanhHoa#38001");
    expect(await send(signedFor(AN), "01001", thanhHoa)).toMatchObject({ kind: "refused", code: "403" });
    const request = xml0Request(server.url, hanoi, "01001", signedFor(AN));
    const { passwordHash: _dropped, ...headers } = request.init.headers;
    expect(await postXml0(fetch, { url: request.url, init: { ...request.init, headers } }, 5000)).toEqual({
      kind: "session-expired",
    });
    const broken = {
      ...request.init,
      body: request.init.body.replace(/fileHSBase64=[^&]+/, "fileHSBase64=PENISV9U%21%21"),
    };
    expect(await postXml0(fetch, { url: request.url, init: broken }, 5000)).toMatchObject({
      kind: "refused",
      code: "205",
    });
  });
});
