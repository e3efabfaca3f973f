import { afterEach, describe, expect, it } from "vitest";
import { slashedFromIso } from "#domain/date-text";
import { gatewayAnswerSchema, tokenAnswerSchema } from "#functions/registry/gateway-schema";
import { DEFAULT_CLERK, REGISTERED_CLERKS } from "#functions/registry-mock/clerks";
import { clearGatewayFaults } from "#functions/registry-mock/faults";
import { FIXTURE_PEOPLE } from "#functions/registry-mock/fixtures";
import { type GatewayDeps, type GatewayEvent, makeGatewayApp } from "#functions/registry-mock/gateway-app";
import { keysOf, type RegistryPerson } from "#functions/registry-mock/registry-person";
import { buildHttpApiEvent } from "#infra/local/api-event";

const ACCOUNT = { username: "clinic-a", password: "s3cret" };
const SLOW_MS = 15_000;
const byKey = new Map<string, RegistryPerson>(
  FIXTURE_PEOPLE.flatMap(({ person }) => keysOf(person).map((key) => [key, person] as const)),
);

function gateway(options: Partial<GatewayDeps> & { day?: string } = {}) {
  const slept: number[] = [];
  let clock = Date.parse(`${options.day ?? "2026-11-25"}T03:00:00Z`);
  const app = makeGatewayApp({
    findByKey: async (key) => byKey.get(key) ?? null,
    ...ACCOUNT,
    tokenTtlSeconds: 3600,
    slowMs: SLOW_MS,
    faultControl: false,
    clerks: REGISTERED_CLERKS,
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...options,
  });
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    tokenHeader = "authorization",
  ) => {
    const event: GatewayEvent = buildHttpApiEvent(
      {
        method,
        url: path,
        headers: {
          "content-type": "application/json",
          ...(token === undefined ? {} : { [tokenHeader]: `Bearer ${token}` }),
        },
        body: Buffer.from(body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body)),
        sourceIp: "127.0.0.1",
        now: new Date(clock),
      },
      "$default",
    );
    const result = await app(event);
    const parsed: unknown = JSON.parse(result.body ?? "null");
    return { status: result.statusCode, body: parsed };
  };
  const token = async () => {
    const reply = await call("POST", "/gateway/api/token/take", ACCOUNT);
    return tokenAnswerSchema.parse(reply.body).access_token;
  };
  const check = async (query: Record<string, unknown>, bearer?: string) => {
    const reply = await call(
      "POST",
      "/gateway/api/egw/KQNhanLichSuKCB2024",
      {
        hoTenCb: DEFAULT_CLERK.name,
        cccdCb: DEFAULT_CLERK.id,
        ...query,
      },
      bearer ?? (await token()),
    );
    return { status: reply.status, answer: gatewayAnswerSchema.parse(reply.body) };
  };
  return { call, token, check, slept, advance: (ms: number) => (clock += ms) };
}

const AN = FIXTURE_PEOPLE.find((fixture) => fixture.person.idNumber === "001090012345")?.person;
if (AN === undefined) throw new Error("fixture missing");
const queryOf = (person: RegistryPerson) => ({
  maThe: person.idNumber,
  hoTen: person.name,
  ngaySinh: slashedFromIso(person.birthDate),
});

afterEach(() => {
  clearGatewayFaults();
});

describe("mock gateway: tokens", () => {
  it("issues a token for the right account and refuses the wrong one in the gateway's 401 style", async () => {
    const gw = gateway();
    const wrong = await gw.call("POST", "/api/token/take", { ...ACCOUNT, password: "nope" });
    expect(wrong).toMatchObject({ status: 401, body: { maKetQua: "401" } });
    const right = await gw.call("POST", "/api/token/take", ACCOUNT);
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ expires_in: 3600, access_token: expect.any(String) });
  });

  it("reads the token from X-Gateway-Authorization when SigV4 holds Authorization", async () => {
    const gw = gateway();
    const token = await gw.token();
    const path = "/api/egw/KQNhanLichSuKCB2024";
    const body = { ...queryOf(AN), hoTenCb: DEFAULT_CLERK.name, cccdCb: DEFAULT_CLERK.id };
    const reply = await gw.call("POST", path, body, token, "x-gateway-authorization");
    expect(reply).toMatchObject({ status: 200, body: { maKetQua: "000" } });
  });

  it("refuses a card check without a token, with a forged one, or once it expired", async () => {
    const gw = gateway();
    expect((await gw.check(queryOf(AN), "not-a-token")).status).toBe(401);
    const token = await gw.token();
    expect((await gw.check(queryOf(AN), `${token}x`)).status).toBe(401);
    expect((await gw.check(queryOf(AN), token)).answer.maKetQua).toBe("000");
    gw.advance(3601_000);
    const expired = await gw.check(queryOf(AN), token);
    expect(expired.status).toBe(401);
    expect(expired.answer.maKetQua).toBe("401");
  });
});

describe("mock gateway: every fixture answers its expected code on any day of 2026–2029", () => {
  const days = ["2026-01-01", "2026-11-25", "2027-05-19", "2028-02-29", "2029-12-31"];
  for (const day of days) {
    it.each(FIXTURE_PEOPLE.map((fixture) => [fixture.person.name, fixture] as const))(
      `${day}: %s`,
      async (_name, fixture) => {
        const gw = gateway({ day });
        const { answer } = await gw.check(queryOf(fixture.person));
        if (fixture.expectedResultCode === "timeout") {
          expect(gw.slept).toContain(SLOW_MS);
        } else {
          expect(answer.maKetQua).toBe(fixture.expectedResultCode);
          expect(gw.slept).toEqual([]);
        }
      },
    );
  }

  it("describes the new card for 003", async () => {
    const thu = FIXTURE_PEOPLE.find((fixture) => fixture.expectedResultCode === "003")?.person;
    if (thu === undefined) throw new Error("fixture missing");
    const { answer } = await gateway().check(queryOf(thu));
    expect(answer).toMatchObject({
      maThe: "DN4381000066666",
      maTheMoi: "HC4381000066666",
      gtTheTuMoi: "01/01/2026",
      gtTheDenMoi: "31/12/2030",
      maDKBDMoi: "38001",
    });
  });

  it("answers with the registry's fields and a short visit history", async () => {
    const { answer } = await gateway().check(queryOf(AN));
    expect(answer).toMatchObject({
      maThe: "DN4010123456789",
      hoTen: "Nguyễn Văn An",
      ngaySinh: "15/03/1990",
      gioiTinh: "Nam",
      maDKBD: "01001",
      gtTheTu: "01/01/2026",
      gtTheDen: "31/12/2030",
      maSoBHXH: "0123456789",
    });
    expect(answer.dsLichSuKCB2018.length).toBeLessThanOrEqual(3);
  });
});

describe("mock gateway: identity rules", () => {
  it.each([
    ["NGUYEN VAN AN", "000"],
    ["Nguyễn Văn An".normalize("NFD"), "000"],
    ["", "000"],
    ["Nguyễn Văn Ân", "061"],
    ["Trần Văn An", "060"],
  ])("name %j → %s", async (hoTen, code) => {
    expect((await gateway().check({ ...queryOf(AN), hoTen })).answer.maKetQua).toBe(code);
  });

  it.each([
    ["15/03/1990", "000"],
    ["", "000"],
    ["1990", "000"],
    ["03/15/1990", "205"],
    ["16/03/1990", "070"],
    ["1991", "070"],
  ])("birth date %j → %s", async (ngaySinh, code) => {
    expect((await gateway().check({ ...queryOf(AN), ngaySinh })).answer.maKetQua).toBe(code);
  });

  it.each([
    ["DN4010123456789", "000"],
    ["0123456789", "000"],
    ["HC4010123456789", "051"],
    ["DN4020123456789", "052"],
    ["DN3010123456789", "053"],
    ["DN4019999999999", "050"],
    ["ABC", "205"],
  ])("card %s → %s", async (maThe, code) => {
    expect((await gateway().check({ ...queryOf(AN), maThe })).answer.maKetQua).toBe(code);
  });
});

describe("mock gateway: clerks and malformed requests", () => {
  it("answers 054 for an unregistered or missing clerk ID and 055 for a wrong or missing clerk name", async () => {
    const gw = gateway();
    expect((await gw.check({ ...queryOf(AN), cccdCb: "001190999999" })).answer.maKetQua).toBe("054");
    expect((await gw.check({ ...queryOf(AN), cccdCb: undefined })).answer.maKetQua).toBe("054");
    expect((await gw.check({ ...queryOf(AN), hoTenCb: "Trần Văn Khác" })).answer.maKetQua).toBe("055");
    expect((await gw.check({ ...queryOf(AN), hoTenCb: undefined })).answer.maKetQua).toBe("055");
    expect((await gw.check({ ...queryOf(AN), hoTenCb: "NGUYEN THI TIEP DON" })).answer.maKetQua).toBe("000");
  });

  it("answers 205 for a body that is not the expected JSON", async () => {
    const gw = gateway();
    const token = await gw.token();
    const reply = await gw.call("POST", "/api/egw/KQNhanLichSuKCB2024", "{not json", token);
    expect(reply.body).toMatchObject({ maKetQua: "205" });
    expect((await gw.check({ maThe: 1234, hoTen: "", ngaySinh: "" })).answer.maKetQua).toBe("205");
  });

  it("answers 404 for other paths", async () => {
    expect((await gateway().call("GET", "/api/other")).status).toBe(404);
  });
});

describe("mock gateway: faults", () => {
  it("has no control route unless enabled", async () => {
    expect((await gateway().call("PUT", "/gateway/_faults", { errorRate: 1 })).status).toBe(404);
  });

  it("changes latency, error and timeout rates at run time and reads them back", async () => {
    const gw = gateway({ faultControl: true });
    expect((await gw.call("PUT", "/gateway/_faults", { latencyMs: 40 })).body).toEqual({
      latencyMs: 40,
      errorRate: 0,
      timeoutRate: 0,
    });
    await gw.check(queryOf(AN));
    expect(gw.slept).toEqual([40]);

    await gw.call("PUT", "/gateway/_faults", { latencyMs: 0, errorRate: 1 });
    const failing = await gw.check(queryOf(AN));
    expect(failing.status).toBe(500);
    expect(failing.answer.maKetQua).toBe("500");

    await gw.call("PUT", "/gateway/_faults", { errorRate: 0, timeoutRate: 1 });
    expect((await gw.call("GET", "/gateway/_faults")).body).toEqual({
      latencyMs: 0,
      errorRate: 0,
      timeoutRate: 1,
    });
    gw.slept.length = 0;
    expect((await gw.check(queryOf(AN))).answer.maKetQua).toBe("000");
    expect(gw.slept).toEqual([SLOW_MS]);
  });

  it("refuses fault settings out of range", async () => {
    const gw = gateway({ faultControl: true });
    expect((await gw.call("PUT", "/gateway/_faults", { errorRate: 2 })).status).toBe(400);
    expect((await gw.call("PUT", "/gateway/_faults", { other: 1 })).status).toBe(400);
  });

  it("answers 500 in the gateway's style when the registry cannot be read", async () => {
    const gw = gateway({
      findByKey: async () => {
        throw new Error("table unreachable");
      },
    });
    const reply = await gw.check(queryOf(AN));
    expect(reply.status).toBe(500);
    expect(reply.answer.maKetQua).toBe("500");
  });
});
