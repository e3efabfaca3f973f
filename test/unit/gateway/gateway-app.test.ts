import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { slashedFromIso } from "#domain/date-text";
import {
  gatewayAnswerSchema,
  type PastCheckBody,
  tokenAnswerSchema,
} from "#functions/gateway/gateway-schema";
import { DEFAULT_CLERK, REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { clearGatewayFaults } from "#functions/gateway-mock/faults";
import { FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";
import { type GatewayDeps, type GatewayEvent, makeGatewayApp } from "#functions/gateway-mock/gateway-app";
import { keysOf, type MockPerson } from "#functions/gateway-mock/mock-person";
import { buildHttpApiEvent } from "#infra/local/api-event";

const ACCOUNT = { username: "clinic-a", password: "s3cret" };
const OTHER_ACCOUNT = { username: "clinic-b", password: "other-s3cret" };
const SLOW_MS = 15_000;
/** An account as hospital software sends it: the password as its MD5 digest, upper-case hex. */
const sent = (account: { username: string; password: string }) => ({
  username: account.username,
  password: createHash("md5").update(account.password, "utf8").digest("hex").toUpperCase(),
});
const byKey = new Map<string, MockPerson>(
  FIXTURE_PEOPLE.flatMap(({ person }) => keysOf(person).map((key) => [key, person] as const)),
);

type Body = Record<string, unknown> | string | undefined;

function gateway(options: Partial<GatewayDeps> & { day?: string } = {}) {
  const slept: number[] = [];
  const history = new Map<string, PastCheckBody[]>();
  let clock = Date.parse(`${options.day ?? "2026-11-25"}T03:00:00Z`);
  const app = makeGatewayApp({
    findByKey: async (key) => byKey.get(key) ?? null,
    recordCheck: async (number, check) => {
      const earlier = history.get(number) ?? [];
      history.set(number, [...earlier, check]);
      return [...earlier].reverse();
    },
    accounts: [ACCOUNT, OTHER_ACCOUNT],
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
  /** One request as hospital software sends it: a JSON or form body, and a query string. */
  const call = async (
    method: string,
    path: string,
    body?: Body,
    options: { form?: boolean; query?: Record<string, string>; headers?: Record<string, string> } = {},
  ) => {
    const text =
      body === undefined
        ? ""
        : typeof body === "string"
          ? body
          : options.form === true
            ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString()
            : JSON.stringify(body);
    const query = options.query === undefined ? "" : `?${new URLSearchParams(options.query)}`;
    const event: GatewayEvent = buildHttpApiEvent(
      {
        method,
        url: `${path}${query}`,
        headers: {
          "content-type": options.form === true ? "application/x-www-form-urlencoded" : "application/json",
          ...options.headers,
        },
        body: Buffer.from(text),
        sourceIp: "127.0.0.1",
        now: new Date(clock),
      },
      "$default",
    );
    const result = await app(event);
    const parsed: unknown = JSON.parse(result.body ?? "null");
    return { status: result.statusCode, body: parsed };
  };
  const credentials = async (account = ACCOUNT) => {
    const reply = await call("POST", "/gateway/api/token/take", sent(account));
    const key = tokenAnswerSchema.parse(reply.body).APIKey;
    if (key === null || key === undefined) throw new Error("no token");
    return { token: key.access_token, id_token: key.id_token, ...sent(account) };
  };
  const check = async (query: Record<string, unknown>, creds?: Record<string, string>, form = false) => {
    const reply = await call(
      "POST",
      "/gateway/api/egw/KQNhanLichSuKCB2024",
      Object.fromEntries(
        Object.entries({ hoTenCb: DEFAULT_CLERK.name, cccdCb: DEFAULT_CLERK.id, ...query }).filter(
          ([, value]) => value !== undefined,
        ),
      ),
      { query: creds ?? (await credentials()), form },
    );
    return { status: reply.status, answer: gatewayAnswerSchema.parse(reply.body), raw: reply.body };
  };
  return { call, credentials, check, slept, history, advance: (ms: number) => (clock += ms) };
}

const AN = FIXTURE_PEOPLE.find((fixture) => fixture.person.idNumber === "001090012345")?.person;
if (AN === undefined) throw new Error("fixture missing");
const queryOf = (person: MockPerson) => ({
  maThe: person.idNumber,
  hoTen: person.name,
  ngaySinh: slashedFromIso(person.birthDate),
});

afterEach(() => {
  clearGatewayFaults();
});

describe("mock gateway: tokens", () => {
  it("answers the APIKey envelope with both tokens and a date-time expiry, for JSON and form bodies", async () => {
    const gw = gateway();
    for (const form of [false, true]) {
      const right = await gw.call("POST", "/api/token/take", sent(ACCOUNT), { form });
      expect(right).toEqual({
        status: 200,
        body: {
          maKetQua: "200",
          APIKey: {
            access_token: expect.any(String),
            id_token: expect.any(String),
            token_type: "Bearer",
            username: "clinic-a",
            expires_in: "2026-11-25T11:00:00+07:00",
          },
        },
      });
    }
  });

  it("takes the password's MD5 digest in either case and refuses the password itself", async () => {
    const gw = gateway();
    const lower = await gw.call("POST", "/api/token/take", {
      username: "clinic-a",
      password: "33e1b232a4e6fa0028a6670753749a17",
    });
    expect(lower.body).toMatchObject({ maKetQua: "200" });
    const plain = await gw.call("POST", "/api/token/take", ACCOUNT);
    expect(plain.body).toMatchObject({ maKetQua: "401", APIKey: null });
  });

  it("refuses a wrong password with maKetQua 401 and a body it cannot read with 205", async () => {
    const gw = gateway();
    const wrong = await gw.call("POST", "/api/token/take", { ...ACCOUNT, password: "nope" });
    expect(wrong.body).toMatchObject({ maKetQua: "401", APIKey: null });
    const unreadable = await gw.call("POST", "/api/token/take", "username=clinic-a", {
      headers: { "content-type": "text/plain" },
    });
    expect(unreadable.body).toMatchObject({ maKetQua: "205", APIKey: null });
  });

  it("refuses a card check whose query lacks a token, carries a forged one, another account's or an expired one", async () => {
    const gw = gateway();
    const good = await gw.credentials();
    const refused = async (creds: Record<string, string>) =>
      (await gw.check(queryOf(AN), creds)).answer.maKetQua;
    expect(await refused({})).toBe("401");
    const { token: _dropped, ...withoutToken } = good;
    expect(await refused(withoutToken)).toBe("401");
    const { id_token: _droppedId, ...withoutIdToken } = good;
    expect(await refused(withoutIdToken)).toBe("401");
    expect(await refused({ ...good, token: `${good.token}x` })).toBe("401");
    expect(await refused({ ...good, id_token: good.token })).toBe("401");
    expect(await refused({ ...good, password: "nope" })).toBe("401");
    const other = await gw.credentials(OTHER_ACCOUNT);
    expect(await refused({ ...good, token: other.token, id_token: other.id_token })).toBe("401");
    expect(await refused(good)).toBe("000");
    gw.advance(3601_000);
    const expired = await gw.check(queryOf(AN), good);
    expect(expired.status).toBe(200);
    expect(expired.answer.maKetQua).toBe("401");
  });

  it("takes no token from an Authorization header", async () => {
    const gw = gateway();
    const good = await gw.credentials();
    const reply = await gw.call(
      "POST",
      "/api/egw/KQNhanLichSuKCB2024",
      { ...queryOf(AN), hoTenCb: DEFAULT_CLERK.name, cccdCb: DEFAULT_CLERK.id },
      { headers: { authorization: `Bearer ${good.token}` } },
    );
    expect(reply.body).toMatchObject({ maKetQua: "401" });
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
    ["15031990", "000"],
    ["", "000"],
    ["1990", "000"],
    ["03/15/1990", "205"],
    ["1990-03-15", "205"],
    ["15/3/1990", "205"],
    ["31021990", "205"],
    ["16031990", "070"],
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

  it("answers 205 for a body that is neither JSON nor a form, or lacks a field", async () => {
    const gw = gateway();
    const query = await gw.credentials();
    const path = "/api/egw/KQNhanLichSuKCB2024";
    expect((await gw.call("POST", path, "{not json", { query })).body).toMatchObject({ maKetQua: "205" });
    const plain = { query, headers: { "content-type": "text/plain" } };
    expect((await gw.call("POST", path, JSON.stringify(queryOf(AN)), plain)).body).toMatchObject({
      maKetQua: "205",
    });
    expect((await gw.check({ maThe: 1234, hoTen: "", ngaySinh: "" })).answer.maKetQua).toBe("205");
    expect((await gw.check({ maThe: AN.idNumber, hoTen: AN.name }, undefined, true)).answer.maKetQua).toBe(
      "205",
    );
  });

  it("reads a form-urlencoded body as it reads JSON, with username and password repeated in it", async () => {
    const gw = gateway();
    const creds = await gw.credentials();
    const form = await gw.check({ ...queryOf(AN), ...sent(ACCOUNT) }, creds, true);
    expect(form.answer).toMatchObject({ maKetQua: "000", hoTen: "Nguyễn Văn An", cqBHXH: "BHXH Hà Nội" });
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
