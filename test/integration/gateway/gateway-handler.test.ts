import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { slashedFromIso } from "#domain/date-text";
import { gatewayAnswerSchema, tokenAnswerSchema } from "#functions/gateway/gateway-schema";
import { clearGatewayFaults } from "#functions/gateway-mock/faults";
import { FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";
import type { MockPerson } from "#functions/gateway-mock/mock-person";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { buildHttpApiEvent } from "#infra/local/api-event";
import { makeTestTables } from "#test/support/dynamo";

const SLOW_MS = 600;
const ACCOUNT = { username: "handler-test", password: "handler-pass" };
/** The account as a client sends it: the password as MD5("handler-pass"), upper-case hex. */
const SENT = { username: ACCOUNT.username, password: "53898E1DCD0976309A9BC3F45E8D8260" };
const CLERK = { name: "Phạm Thị Lễ Tân", id: "079190000009" };

type Handler = (event: never, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: "gateway-mock",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:ap-southeast-1:000000000000:function:gateway-mock",
  memoryLimitInMB: "256",
  awsRequestId: "test",
  logGroupName: "/aws/lambda/gateway-mock",
  logStreamName: "test",
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

async function call(method: string, path: string, body?: unknown, query?: Record<string, string>) {
  const event = buildHttpApiEvent(
    {
      method,
      url: query === undefined ? path : `${path}?${new URLSearchParams(query)}`,
      headers: { "content-type": "application/json" },
      body: Buffer.from(body === undefined ? "" : JSON.stringify(body)),
      sourceIp: "127.0.0.1",
      now: new Date(),
    },
    "$default",
  );
  const result = await handler(event as never, context);
  const parsed: unknown = JSON.parse(result.body ?? "null");
  return { status: result.statusCode, body: parsed };
}

async function credentials(): Promise<Record<string, string>> {
  const reply = await call("POST", "/gateway/api/token/take", SENT);
  const key = tokenAnswerSchema.parse(reply.body).APIKey;
  if (key === null || key === undefined) throw new Error("no token");
  return { token: key.access_token, id_token: key.id_token, ...SENT };
}

async function check(person: MockPerson, extra: Record<string, unknown> = {}) {
  const reply = await call(
    "POST",
    "/gateway/api/egw/KQNhanLichSuKCB2024",
    {
      maThe: person.idNumber,
      hoTen: person.name,
      ngaySinh: slashedFromIso(person.birthDate),
      hoTenCb: CLERK.name,
      cccdCb: CLERK.id,
      ...extra,
    },
    await credentials(),
  );
  return { status: reply.status, answer: gatewayAnswerSchema.parse(reply.body) };
}

beforeAll(async () => {
  const { endpoint, names, clients } = await makeTestTables();
  await makePersonStore(clients.doc, names.registry).putPeople(
    FIXTURE_PEOPLE.map((fixture) => fixture.person),
  );
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: endpoint,
    REGISTRY_TABLE: names.registry,
    GATEWAY_USERNAME: ACCOUNT.username,
    GATEWAY_PASSWORD: ACCOUNT.password,
    GATEWAY_SLOW_MS: String(SLOW_MS),
    GATEWAY_FAULT_CONTROL: "on",
    GATEWAY_CLERK_NAME: CLERK.name,
    GATEWAY_CLERK_ID: CLERK.id,
  });
  ({ handler } = await import("#functions/gateway-mock/handler"));
});

afterEach(() => {
  vi.useRealTimers();
  clearGatewayFaults();
});

afterAll(() => {
  vi.useRealTimers();
});

describe("gateway-mock handler over DynamoDB Local", () => {
  const days = ["2026-01-01", "2027-07-01", "2028-12-31", "2029-12-31"];
  const cases = days.flatMap((day) =>
    FIXTURE_PEOPLE.map((fixture) => [day, fixture.person.name, fixture] as const),
  );

  it.each(cases)("on %s answers %s's expected code", async (day, _name, fixture) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(`${day}T03:00:00Z`));
    const started = performance.now();
    const { status, answer } = await check(fixture.person);
    const took = performance.now() - started;
    if (fixture.expectedResultCode === "timeout") {
      expect(took).toBeGreaterThanOrEqual(SLOW_MS);
    } else {
      expect(status).toBe(200);
      expect(answer.maKetQua).toBe(fixture.expectedResultCode);
    }
  });

  it("registers the configured clerk and refuses an unknown one", async () => {
    const an = FIXTURE_PEOPLE[0]?.person;
    if (an === undefined) throw new Error("fixture missing");
    expect((await check(an)).answer.maKetQua).toBe("000");
    expect((await check(an, { cccdCb: "001190999999" })).answer.maKetQua).toBe("054");
    expect((await check(an, { hoTenCb: "Người Khác" })).answer.maKetQua).toBe("055");
  });

  it("refuses a wrong password and a missing token", async () => {
    expect((await call("POST", "/gateway/api/token/take", { ...ACCOUNT, password: "x" })).body).toMatchObject(
      {
        maKetQua: "401",
      },
    );
    const reply = await call("POST", "/gateway/api/egw/KQNhanLichSuKCB2024", {
      maThe: "001090012345",
      hoTen: "",
      ngaySinh: "",
    });
    expect(reply).toMatchObject({ status: 200, body: { maKetQua: "401" } });
  });

  it("lists the card's earlier checks, its own included, in dsLichSuKT2018", async () => {
    const binh = FIXTURE_PEOPLE.find((fixture) => fixture.person.idNumber === "001185001122")?.person;
    if (binh === undefined) throw new Error("fixture missing");
    // Later than every check made above and inside the card's validity (to 2030-12-31).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-06-01T10:05:00+07:00"));
    const first = await check(binh);
    vi.setSystemTime(new Date("2030-06-01T10:06:00+07:00"));
    const { answer } = await check(binh);
    const ours = {
      userKT: ACCOUNT.username,
      thoiGianKT: "203006011005",
      maLoi: "000",
      thongBao: "Thông tin thẻ chính xác.",
    };
    expect(first.answer.dsLichSuKT2018).not.toContainEqual(ours);
    expect(answer.dsLichSuKT2018[0]).toEqual(ours);
  });

  it("serves the fault-control route when GATEWAY_FAULT_CONTROL=on", async () => {
    const an = FIXTURE_PEOPLE[0]?.person;
    if (an === undefined) throw new Error("fixture missing");
    expect((await call("PUT", "/gateway/_faults", { errorRate: 1 })).body).toMatchObject({ errorRate: 1 });
    expect((await check(an)).status).toBe(500);
    expect((await call("PUT", "/gateway/_faults", { errorRate: 0 })).body).toMatchObject({ errorRate: 0 });
    expect((await check(an)).answer.maKetQua).toBe("000");
  });
});
