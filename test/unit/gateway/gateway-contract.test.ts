/**
 * The gateway's wire protocol checked against the spec's literal messages, in both directions:
 * the mock answers recorded requests as the real gateway would, and the client handles recorded
 * answers from a stand-in that accepts nothing but the real protocol. Neither side's expectations
 * come from tiepdon's gateway schema.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Identity } from "#domain/types";
import { makeGatewayClient } from "#functions/gateway/gateway-client";
import type { PastCheckBody } from "#functions/gateway/gateway-schema";
import { REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";
import { makeGatewayApp } from "#functions/gateway-mock/gateway-app";
import { keysOf, type MockPerson } from "#functions/gateway-mock/mock-person";
import { buildHttpApiEvent } from "#infra/local/api-event";
import { checkingAs } from "#test/support/clerk-client";
import {
  ANSWER_FIELDS,
  CHECK_FIELDS,
  RECORDED_ACCOUNT,
  RECORDED_ANSWERS,
  RECORDED_CLERK,
  RECORDED_REQUESTS,
  readRecordedRequest,
  VISIT_FIELDS,
} from "#test/support/gateway-recordings";
import { type GatewayStandIn, startGatewayStandIn } from "#test/support/gateway-stand-in";

const NOW = Date.parse("2026-12-02T02:00:00Z"); // 09:00 in Vietnam

function mockGateway() {
  const byKey = new Map<string, MockPerson>(
    FIXTURE_PEOPLE.flatMap(({ person }) => keysOf(person).map((key) => [key, person] as const)),
  );
  const history = new Map<string, PastCheckBody[]>();
  const app = makeGatewayApp({
    findByKey: async (key) => byKey.get(key) ?? null,
    recordCheck: async (number, check) => {
      const earlier = history.get(number) ?? [];
      history.set(number, [...earlier, check]);
      return [...earlier].reverse();
    },
    accounts: [RECORDED_ACCOUNT],
    tokenTtlSeconds: 3600,
    slowMs: 15_000,
    faultControl: false,
    clerks: REGISTERED_CLERKS,
    now: () => NOW,
    random: () => 0.5,
    sleep: async () => undefined,
  });
  /** Sends a recorded request text; answers the status and the parsed JSON body. */
  const send = async (text: string, values: Record<string, string> = {}) => {
    const request = readRecordedRequest(text, values);
    const result = await app(
      buildHttpApiEvent(
        {
          method: request.method,
          url: request.target,
          headers: request.headers,
          body: Buffer.from(request.body, "utf8"),
          sourceIp: "127.0.0.1",
          now: new Date(NOW),
        },
        "$default",
      ),
    );
    return { status: result.statusCode, body: JSON.parse(result.body ?? "null") as Record<string, unknown> };
  };
  const tokens = async () => {
    const { body } = await send(RECORDED_REQUESTS.tokenForm);
    const key = body.APIKey as { access_token: string; id_token: string };
    return { access_token: key.access_token, id_token: key.id_token };
  };
  return { send, tokens };
}

describe("the mock answers the spec's recorded requests", () => {
  it("takes a token from a form body and from a JSON body, in the APIKey envelope with a date-time expiry", async () => {
    const gateway = mockGateway();
    for (const text of [RECORDED_REQUESTS.tokenForm, RECORDED_REQUESTS.tokenJson]) {
      const { status, body } = await gateway.send(text);
      expect(status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(["APIKey", "maKetQua"]);
      expect(body.maKetQua).toBe("200");
      const key = body.APIKey as Record<string, unknown>;
      expect(Object.keys(key).sort()).toEqual([
        "access_token",
        "expires_in",
        "id_token",
        "token_type",
        "username",
      ]);
      expect(key).toMatchObject({ token_type: "Bearer", username: "clinic-a" });
      // An hour after 09:00 in Vietnam, written as a date-time, not a number of seconds.
      expect(key.expires_in).toBe("2026-12-02T10:00:00+07:00");
    }
  });

  it("answers a form card check with the tokens in the query: 000 and every field of the spec", async () => {
    const gateway = mockGateway();
    const { status, body } = await gateway.send(RECORDED_REQUESTS.checkForm, await gateway.tokens());
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([...ANSWER_FIELDS]);
    expect(body).toMatchObject({
      maKetQua: "000",
      ghiChu: "Thông tin thẻ chính xác.",
      maThe: "DN4010123456789",
      hoTen: "Nguyễn Văn An",
      ngaySinh: "15/03/1990",
      gioiTinh: "Nam",
      maDKBD: "01001",
      gtTheTu: "01/01/2026",
      gtTheDen: "31/12/2030",
      maKV: null,
      ngayDu5Nam: null,
      maTheCu: null,
      maTheMoi: null,
      gtTheTuMoi: null,
      gtTheDenMoi: null,
      maDKBDMoi: null,
      tenDKBDMoi: null,
    });
    expect(typeof body.maKetQua).toBe("string");
    expect(body.maSoBHXH).toMatch(/^\d{10}$/);
    expect(body.cqBHXH).toBe("BHXH Hà Nội");
    const visits = body.dsLichSuKCB2018 as Array<Record<string, unknown>>;
    expect(visits.length).toBeGreaterThan(0);
    for (const visit of visits) {
      expect(Object.keys(visit)).toEqual([...VISIT_FIELDS]);
      expect(visit.ngayVao).toMatch(/^\d{12}$/);
      expect(visit.ngayRa).toMatch(/^\d{12}$/);
    }
    for (const check of body.dsLichSuKT2018 as Array<Record<string, unknown>>) {
      expect(Object.keys(check)).toEqual([...CHECK_FIELDS]);
      expect(check.thoiGianKT).toMatch(/^\d{12}$/);
    }
  });

  it("answers the same JSON card check (ddmmyyyy, the account repeated in the body) and lists the earlier check", async () => {
    const gateway = mockGateway();
    const tokens = await gateway.tokens();
    const first = await gateway.send(RECORDED_REQUESTS.checkForm, tokens);
    const { body } = await gateway.send(RECORDED_REQUESTS.checkJson, tokens);
    expect(Object.keys(body)).toEqual([...ANSWER_FIELDS]);
    expect(body.maKetQua).toBe("000");
    // Newest first: the check the form request made, then what the first answer listed.
    const checks = body.dsLichSuKT2018 as Array<Record<string, unknown>>;
    expect(checks.slice(1)).toEqual(first.body.dsLichSuKT2018);
    expect(checks[0]).toEqual({
      userKT: "clinic-a",
      thoiGianKT: "202612020900",
      thongBao: "Thông tin thẻ chính xác.",
      maLoi: "000",
    });
  });

  it("takes a bare birth year with the card code", async () => {
    const gateway = mockGateway();
    const { body } = await gateway.send(RECORDED_REQUESTS.checkYearOnly, await gateway.tokens());
    expect(body).toMatchObject({ maKetQua: "000", maThe: "DN4010123456789" });
  });

  it("answers 401 to a forged query token and 205 to an ISO birth date, with every field present", async () => {
    const gateway = mockGateway();
    const forged = await gateway.send(RECORDED_REQUESTS.checkForgedToken);
    expect(forged.body.maKetQua).toBe("401");
    expect(Object.keys(forged.body)).toEqual([...ANSWER_FIELDS]);
    const bad = await gateway.send(RECORDED_REQUESTS.checkBadDate, await gateway.tokens());
    expect(bad.body.maKetQua).toBe("205");
    expect(Object.keys(bad.body)).toEqual([...ANSWER_FIELDS]);
  });
});

const AN: Identity = {
  idNumber: "001090012345",
  cardCode: null,
  name: "Nguyễn Văn An",
  nameGarbled: false,
  birthDate: "1990-03-15",
  sex: "male",
};
const NGOC: Identity = {
  ...AN,
  idNumber: "001185001122",
  name: "Trần Thị Bích Ngọc",
  birthDate: "1985-11-02",
};

describe("the client handles the recorded answers of a gateway that speaks only the real protocol", () => {
  let standIn: GatewayStandIn;
  beforeAll(async () => {
    standIn = await startGatewayStandIn(RECORDED_ACCOUNT);
  });
  afterAll(async () => {
    await standIn.close();
  });
  const client = () =>
    checkingAs(
      makeGatewayClient({ baseUrl: standIn.url, account: RECORDED_ACCOUNT, timeoutMs: 2000 }),
      RECORDED_CLERK,
    );

  it("asks as the spec says and reads every field of a covered answer", async () => {
    const from = standIn.seen.length;
    const check = await client().checkCard(AN);
    const [token, card] = standIn.seen.slice(from);
    expect(token).toMatchObject({
      method: "POST",
      path: "/api/token/take",
      // The password travels as its MD5 digest, upper-case hex: MD5("s3cret").
      body: { username: "clinic-a", password: "33E1B232A4E6FA0028A6670753749A17" },
    });
    expect(card?.query.password).toBe("33E1B232A4E6FA0028A6670753749A17");
    expect(card?.path).toBe("/api/egw/KQNhanLichSuKCB2024");
    expect(Object.keys(card?.query ?? {}).sort()).toEqual(["id_token", "password", "token", "username"]);
    expect(card?.headers.authorization).toBeUndefined();
    expect(card?.body).toEqual({
      maThe: "001090012345",
      hoTen: "Nguyễn Văn An",
      ngaySinh: "15/03/1990",
      hoTenCb: "Nguyễn Thị Tiếp Đón",
      cccdCb: "001190000001",
    });
    expect(check.kind).toBe("answer");
    if (check.kind !== "answer") return;
    expect(check.answer).toMatchObject({
      maKetQua: "000",
      maThe: "DN4010123456789",
      cqBHXH: "Bảo hiểm xã hội thành phố Hà Nội",
      tenDKBDMoi: null,
      gtTheDen: "31/12/2030",
      dsLichSuKCB2018: [{ maHoSo: "1234567", ngayVao: "202610140815", ngayRa: "202610141030", lyDoVV: "1" }],
      dsLichSuKT2018: [{ userKT: "01001_bv", thoiGianKT: "202610140810", maLoi: "000" }],
    });
  });

  it("reads an answer whose fields are all null and whose lists are empty", async () => {
    const check = await client().checkCard(NGOC);
    expect(check.kind === "answer" && check.answer).toMatchObject({
      maKetQua: "000",
      diaChi: null,
      cqBHXH: null,
      maSoBHXH: null,
      dsLichSuKCB2018: [],
      dsLichSuKT2018: [],
    });
  });

  it("after a 401 in the answer takes a new token and asks once more with it", async () => {
    const gateway = client();
    await gateway.checkCard(AN);
    standIn.revoke();
    const from = standIn.seen.length;
    const check = await gateway.checkCard(NGOC);
    expect(standIn.seen.slice(from).map((seen) => `${seen.path} ${seen.answered}`)).toEqual([
      "/api/egw/KQNhanLichSuKCB2024 401",
      "/api/token/take 200",
      "/api/egw/KQNhanLichSuKCB2024 000",
    ]);
    expect(check.kind === "answer" && check.answer.maKetQua).toBe("000");
  });

  it("after an HTTP 401 does the same", async () => {
    const gateway = client();
    await gateway.checkCard(AN);
    standIn.script({ status: 401, body: RECORDED_ANSWERS.notAuthenticated });
    const from = standIn.seen.length;
    const check = await gateway.checkCard(AN);
    expect(standIn.seen.slice(from).map((seen) => seen.path)).toEqual([
      "/api/egw/KQNhanLichSuKCB2024",
      "/api/token/take",
      "/api/egw/KQNhanLichSuKCB2024",
    ]);
    expect(check.kind === "answer" && check.answer.maKetQua).toBe("000");
  });

  it("passes a 205 on as the gateway's answer, without asking again", async () => {
    const gateway = client();
    await gateway.checkCard(AN);
    standIn.script({ status: 200, body: RECORDED_ANSWERS.badParameter });
    const from = standIn.seen.length;
    const check = await gateway.checkCard(AN);
    expect(standIn.seen.slice(from)).toHaveLength(1);
    expect(check.kind === "answer" && check.answer).toMatchObject({
      maKetQua: "205",
      ghiChu: "Lỗi sai định dạng tham số.",
    });
  });
});
