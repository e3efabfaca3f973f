import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decideCoverage, statusFromResultCode } from "#domain/coverage";
import { parsePayload } from "#domain/payload";
import type { Status } from "#domain/types";
import { makeCircuitBreaker } from "#functions/gateway/circuit-breaker";
import { type GatewayClientOptions, makeGatewayClient } from "#functions/gateway/gateway-client";
import { DEFAULT_CLERK, REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { clearGatewayFaults, setGatewayFaults } from "#functions/gateway-mock/faults";
import { FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";
import { makeGatewayApp } from "#functions/gateway-mock/gateway-app";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { buildHttpApiEvent } from "#infra/local/api-event";
import { checkingAs } from "#test/support/clerk-client";
import { makeTestTables } from "#test/support/dynamo";

const TODAY = "2026-11-25";
// Generous: the suites share one DynamoDB Local, and a slow read must not look like a gateway fault.
const TIMEOUT_MS = 1500;
const SLOW_MS = 4000;
const ACCOUNT = { username: "client-test", password: "client-pass" };

/** Shifts the gateway's clock: jumping ahead expires tokens the client still holds. */
let gatewayClockSkewMs = 0;
const seen = { tokens: 0, checks: 0 };
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  const { names, clients } = await makeTestTables();
  const registry = makePersonStore(clients.doc, names.registry);
  await registry.putPeople(FIXTURE_PEOPLE.map((fixture) => fixture.person));
  const app = makeGatewayApp({
    findByKey: registry.findByKey,
    recordCheck: registry.recordCheck,
    accounts: [ACCOUNT],
    tokenTtlSeconds: 3600,
    slowMs: SLOW_MS,
    faultControl: false,
    clerks: REGISTERED_CLERKS,
    now: () => Date.now() + gatewayClockSkewMs,
  });
  // A tiny HTTP front like API Gateway's: each request becomes a payload-v2 event for the mock.
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const raw = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      body: Buffer.concat(chunks),
      sourceIp: "127.0.0.1",
      now: new Date(),
    };
    if (raw.url.endsWith("/token/take")) seen.tokens++;
    else seen.checks++;
    const result = await app(buildHttpApiEvent(raw, "$default"));
    if (res.destroyed) return;
    res.writeHead(result.statusCode ?? 200, { "content-type": "application/json" });
    res.end(result.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the test gateway has no port");
  baseUrl = `http://127.0.0.1:${address.port}/gateway`;
});

afterEach(() => {
  clearGatewayFaults();
  gatewayClockSkewMs = 0;
  seen.tokens = 0;
  seen.checks = 0;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(extra: Partial<GatewayClientOptions> = {}) {
  return checkingAs(
    makeGatewayClient({ baseUrl, account: ACCOUNT, timeoutMs: TIMEOUT_MS, ...extra }),
    DEFAULT_CLERK,
  );
}

const EXPECTED_STATUS = (code: string): Status =>
  code === "timeout" ? "pending" : statusFromResultCode(code);

describe("registry client against the mock gateway over HTTP", () => {
  it.each(
    FIXTURE_PEOPLE.map((fixture) => [fixture.person.name, fixture.expectedResultCode, fixture] as const),
  )("%s (%s) ends with the expected status", async (_name, code, fixture) => {
    const parsed = parsePayload("qr-cccd", fixture.qr, TODAY);
    if (!parsed.ok) throw parsed.error;
    const started = performance.now();
    const check = await client().checkCard(parsed.value.identity);
    const took = performance.now() - started;
    const decision = decideCoverage(check, "01001");
    expect(decision.status).toBe(EXPECTED_STATUS(code));
    if (code === "timeout" || code === "101") {
      expect(check).toMatchObject({
        kind: "unavailable",
        reason: code === "timeout" ? "timeout" : "gateway-error",
      });
      expect(decision.insurance).toBeNull();
      expect(took).toBeLessThan(2 * TIMEOUT_MS);
    } else {
      expect(decision.insurance?.resultCode).toBe(code);
    }
  });

  it("asks twice (one retry) before giving up on the 101 person", async () => {
    const gateway = FIXTURE_PEOPLE.find((fixture) => fixture.expectedResultCode === "101");
    if (gateway === undefined) throw new Error("fixture missing");
    const parsed = parsePayload("qr-cccd", gateway.qr, TODAY);
    if (!parsed.ok) throw parsed.error;
    await client().checkCard(parsed.value.identity);
    expect(seen.checks).toBe(2);
  });

  it("covers a garbled wedge-scanner name with the registry's name", async () => {
    const garbled = "001090012345|012345678|Nguy?n V?n An|15031990|Nam|S? 12 Ph? Hu?, H� N?i|20042021";
    const parsed = parsePayload("qr-cccd", garbled, TODAY);
    if (!parsed.ok) throw parsed.error;
    const decision = decideCoverage(await client().checkCard(parsed.value.identity), "01001");
    expect(decision.status).toBe("covered");
    expect(decision.patientFromRegistry.name).toBe("Nguyễn Văn An");
  });

  it("takes a new token when the gateway says the cached one expired, and carries on", async () => {
    const registry = client();
    const an = parsePayload("manual-id", "001090012345", TODAY);
    if (!an.ok) throw an.error;
    expect((await registry.checkCard(an.value.identity)).kind).toBe("answer");
    expect(seen.tokens).toBe(1);
    gatewayClockSkewMs = 2 * 3600_000;
    const check = await registry.checkCard(an.value.identity);
    expect(check.kind === "answer" && check.answer.maKetQua).toBe("000");
    expect(seen.tokens).toBe(2);
  });

  it("opens the circuit after repeated failures and then answers at once", async () => {
    setGatewayFaults({ errorRate: 1 });
    const registry = client({ breaker: makeCircuitBreaker({ failureThreshold: 3, resetAfterMs: 60_000 }) });
    const an = parsePayload("manual-id", "001090012345", TODAY);
    if (!an.ok) throw an.error;
    for (let i = 0; i < 3; i++) {
      expect(await registry.checkCard(an.value.identity)).toMatchObject({
        kind: "unavailable",
        reason: "http-error",
      });
    }
    const checksBefore = seen.checks;
    const started = performance.now();
    const check = await registry.checkCard(an.value.identity);
    expect(check).toMatchObject({ kind: "unavailable", reason: "circuit-open" });
    expect(performance.now() - started).toBeLessThan(20);
    expect(seen.checks).toBe(checksBefore);
  });
});
