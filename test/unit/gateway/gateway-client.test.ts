import { describe, expect, it } from "vitest";
import type { Identity } from "#domain/types";
import { makeCircuitBreaker } from "#functions/gateway/circuit-breaker";
import { type GatewayClientOptions, makeGatewayClient } from "#functions/gateway/gateway-client";
import { cardCheckRequestSchema } from "#functions/gateway/gateway-schema";
import { checkingAs } from "#test/support/clerk-client";

/** MD5("p") in upper-case hex: the account password "p" as the gateway receives it. */
const P_DIGEST = "83878C91171338902E0FE0FB97A8C47A";
const AN: Identity = {
  idNumber: "001090012345",
  cardCode: null,
  name: "Nguyễn Văn An",
  nameGarbled: false,
  birthDate: "1990-03-15",
  sex: "male",
};
const OK_ANSWER = {
  maKetQua: "000",
  maThe: "DN4010123456789",
  hoTen: "Nguyễn Văn An",
  ngaySinh: "15/03/1990",
};

type Reply = { status: number; body: unknown } | "hang" | "network-error";

/**
 * A scripted gateway: token calls always succeed (a pair expiring `tokenTtl` seconds after the
 * clock), card checks play `script` in turn (last one repeats).
 */
function scriptedGateway(script: readonly Reply[], tokenTtl = 3600, clock: () => number = Date.now) {
  const seen = {
    tokens: 0,
    checks: 0,
    bodies: [] as unknown[],
    tokensUsed: [] as string[],
    headers: [] as Headers[],
  };
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith("/api/token/take")) {
      seen.tokens++;
      const expires = new Date(clock() + tokenTtl * 1000 + 7 * 3600_000).toISOString().slice(0, 19);
      return Response.json({
        maKetQua: "200",
        APIKey: {
          access_token: `token-${seen.tokens}`,
          id_token: `id-${seen.tokens}`,
          token_type: "Bearer",
          username: "u",
          expires_in: `${expires}+07:00`,
        },
      });
    }
    const body: unknown = JSON.parse(String(init?.body ?? "null"));
    seen.bodies.push(body);
    seen.headers.push(new Headers(init?.headers));
    const query = url.searchParams;
    seen.tokensUsed.push(
      `${query.get("token")} ${query.get("id_token")} ${query.get("username")} ${query.get("password")}`,
    );
    const reply = script[Math.min(seen.checks, script.length - 1)];
    seen.checks++;
    if (reply === "network-error") throw new TypeError("fetch failed");
    if (reply === "hang" || reply === undefined) {
      return await new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    }
    return new Response(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body), {
      status: reply.status,
    });
  };
  return { fetchFn, seen };
}

function client(fetchFn: typeof fetch, extra: Partial<GatewayClientOptions> = {}) {
  return checkingAs(
    makeGatewayClient({
      baseUrl: "http://gateway.test/gateway/",
      account: { username: "u", password: "p" },
      timeoutMs: 200,
      fetch: fetchFn,
      ...extra,
    }),
    { name: "Nguyễn Thị Tiếp Đón", id: "001190000001" },
  );
}

describe("registry client: requests and tokens", () => {
  it("sends the 12-digit ID, the name and dd/mm/yyyy birth date with the clerk's fields", async () => {
    const { fetchFn, seen } = scriptedGateway([{ status: 200, body: OK_ANSWER }]);
    const check = await client(fetchFn).checkCard(AN);
    expect(check.kind).toBe("answer");
    expect(cardCheckRequestSchema.parse(seen.bodies[0])).toEqual({
      maThe: "001090012345",
      hoTen: "Nguyễn Văn An",
      ngaySinh: "15/03/1990",
      hoTenCb: "Nguyễn Thị Tiếp Đón",
      cccdCb: "001190000001",
    });
  });

  it("sends the card code when there is one, and empty name and birth date when unknown", async () => {
    const { fetchFn, seen } = scriptedGateway([{ status: 200, body: OK_ANSWER }]);
    await client(fetchFn).checkCard({
      ...AN,
      idNumber: null,
      cardCode: "DN4010123456789",
      name: null,
      nameGarbled: true,
      birthDate: null,
    });
    expect(seen.bodies[0]).toMatchObject({ maThe: "DN4010123456789", hoTen: "", ngaySinh: "" });
  });

  it("puts the account and both tokens in the query string and sends no Authorization header", async () => {
    const { fetchFn, seen } = scriptedGateway([{ status: 200, body: OK_ANSWER }]);
    await client(fetchFn).checkCard(AN);
    // The password "p" goes as its MD5 digest, never as itself.
    expect(seen.tokensUsed).toEqual([`token-1 id-1 u ${P_DIGEST}`]);
    expect(seen.headers[0]?.has("authorization")).toBe(false);
  });

  it("keeps the pair until shortly before its expires_in date-time, then takes a new one", async () => {
    let clock = Date.parse("2026-11-25T01:00:00Z");
    const { fetchFn, seen } = scriptedGateway([{ status: 200, body: OK_ANSWER }], 1800, () => clock);
    const registry = client(fetchFn, { now: () => clock });
    await registry.checkCard(AN);
    clock += 28 * 60_000;
    await registry.checkCard(AN);
    expect(seen.tokens).toBe(1);
    clock += 90_000;
    await registry.checkCard(AN);
    expect(seen.tokens).toBe(2);
  });

  it("keeps a pair under an hour even when it says it lasts a day", async () => {
    let clock = Date.parse("2026-11-25T01:00:00Z");
    const { fetchFn, seen } = scriptedGateway([{ status: 200, body: OK_ANSWER }], 86_400, () => clock);
    const registry = client(fetchFn, { now: () => clock });
    await registry.checkCard(AN);
    clock += 50 * 60_000;
    await registry.checkCard(AN);
    expect(seen.tokens).toBe(1);
    clock += 10 * 60_000;
    await registry.checkCard(AN);
    expect(seen.tokens).toBe(2);
  });

  it.each([
    [{ status: 401, body: { maKetQua: "401" } }, "an HTTP 401"],
    [{ status: 200, body: { maKetQua: "401", ghiChu: "Lỗi xác thực" } }, "an HTTP 200 whose maKetQua is 401"],
  ] as const)("takes a new pair and retries once after %s", async (refusal, _what) => {
    const { fetchFn, seen } = scriptedGateway([refusal, { status: 200, body: OK_ANSWER }]);
    const check = await client(fetchFn).checkCard(AN);
    expect(check.kind).toBe("answer");
    expect(seen.tokens).toBe(2);
    expect(seen.tokensUsed).toEqual([`token-1 id-1 u ${P_DIGEST}`, `token-2 id-2 u ${P_DIGEST}`]);
  });

  it("stops at once when the token endpoint refuses the account", async () => {
    let checks = 0;
    const fetchFn: typeof fetch = async (input) => {
      if (String(input).includes("/api/token/take"))
        return Response.json({ maKetQua: "401", ghiChu: "Sai mật khẩu", APIKey: null });
      checks++;
      return Response.json(OK_ANSWER);
    };
    const check = await client(fetchFn).checkCard(AN);
    expect(check).toMatchObject({ kind: "unavailable", reason: "http-error", resultCode: "401" });
    expect(checks).toBe(0);
  });

  it("gives up after one refresh when the gateway keeps refusing the token", async () => {
    const { fetchFn, seen } = scriptedGateway([{ status: 401, body: { maKetQua: "401" } }]);
    const check = await client(fetchFn).checkCard(AN);
    expect(check).toMatchObject({ kind: "unavailable", reason: "http-error", resultCode: "401" });
    expect(seen.checks).toBe(2);
  });
});

describe("registry client: retries and deadline", () => {
  it("retries once after a 5xx, after a short jittered pause", async () => {
    const { fetchFn, seen } = scriptedGateway([
      { status: 503, body: "busy" },
      { status: 200, body: OK_ANSWER },
    ]);
    const check = await client(fetchFn, { random: () => 0 }).checkCard(AN);
    expect(check.kind).toBe("answer");
    expect(seen.checks).toBe(2);
    expect(check.latencyMs).toBeGreaterThanOrEqual(45);
  });

  it.each([
    [{ status: 500, body: { maKetQua: "500" } }, "http-error", "500"],
    [{ status: 200, body: { maKetQua: "101" } }, "gateway-error", "101"],
    [{ status: 200, body: { maKetQua: "100" } }, "gateway-error", "100"],
    ["network-error", "http-error", null],
  ] as const)("retries once then gives up on %j", async (reply, reason, resultCode) => {
    const { fetchFn, seen } = scriptedGateway([reply]);
    const check = await client(fetchFn).checkCard(AN);
    expect(check).toMatchObject({ kind: "unavailable", reason, resultCode });
    expect(seen.checks).toBe(2);
  });

  it("stops waiting for a hanging gateway within 2× the timeout, retry included", async () => {
    const { fetchFn } = scriptedGateway(["hang"]);
    const started = Date.now();
    const check = await client(fetchFn, { timeoutMs: 300 }).checkCard(AN);
    const took = Date.now() - started;
    expect(check).toMatchObject({ kind: "unavailable", reason: "timeout" });
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(600);
  });

  it("retries once after a timeout and uses the second answer", async () => {
    const { fetchFn, seen } = scriptedGateway(["hang", { status: 200, body: OK_ANSWER }]);
    const check = await client(fetchFn, { timeoutMs: 300, random: () => 0 }).checkCard(AN);
    expect(check.kind).toBe("answer");
    expect(seen.checks).toBe(2);
  });

  it("treats an answer it cannot read as bad-answer without retrying", async () => {
    const { fetchFn, seen } = scriptedGateway([{ status: 200, body: "<html>proxy error</html>" }]);
    expect(await client(fetchFn).checkCard(AN)).toMatchObject({
      kind: "unavailable",
      reason: "bad-answer",
    });
    expect(seen.checks).toBe(1);
    const missingCode = scriptedGateway([{ status: 200, body: { hoTen: "x" } }]);
    expect((await client(missingCode.fetchFn).checkCard(AN)).kind).toBe("unavailable");
  });

  it("passes business answers through untouched (not-covered is an answer, not a failure)", async () => {
    const { fetchFn } = scriptedGateway([{ status: 200, body: { maKetQua: 50, hoTen: null } }]);
    const check = await client(fetchFn).checkCard(AN);
    expect(check.kind === "answer" && check.answer.maKetQua).toBe("050");
  });
});

describe("registry client: circuit breaker", () => {
  it("opens after 5 failed checks, then answers at once without calling the gateway", async () => {
    const { fetchFn, seen } = scriptedGateway([{ status: 502, body: "bad gateway" }]);
    const clock = 0;
    const breaker = makeCircuitBreaker({ failureThreshold: 5, resetAfterMs: 10_000, now: () => clock });
    const registry = client(fetchFn, { breaker, random: () => 0 });
    for (let i = 0; i < 5; i++) expect((await registry.checkCard(AN)).kind).toBe("unavailable");
    const callsWhenOpened = seen.checks;
    const started = Date.now();
    const check = await registry.checkCard(AN);
    expect(check).toMatchObject({ kind: "unavailable", reason: "circuit-open", latencyMs: 0 });
    expect(Date.now() - started).toBeLessThan(20);
    expect(seen.checks).toBe(callsWhenOpened);
    expect(breaker.state()).toBe("open");
  });

  it("lets one probe through after the pause and closes when it succeeds", async () => {
    let healthy = false;
    const failing = scriptedGateway([{ status: 503, body: "down" }]);
    const working = scriptedGateway([{ status: 200, body: OK_ANSWER }]);
    const fetchFn: typeof fetch = (input, init) =>
      healthy ? working.fetchFn(input, init) : failing.fetchFn(input, init);
    let clock = 0;
    const breaker = makeCircuitBreaker({ failureThreshold: 2, resetAfterMs: 10_000, now: () => clock });
    const registry = client(fetchFn, { breaker, random: () => 0 });
    await registry.checkCard(AN);
    await registry.checkCard(AN);
    expect((await registry.checkCard(AN)).kind).toBe("unavailable");
    expect(breaker.state()).toBe("open");
    healthy = true;
    clock += 10_000;
    expect(breaker.state()).toBe("half-open");
    expect((await registry.checkCard(AN)).kind).toBe("answer");
    expect(breaker.state()).toBe("closed");
  });

  it("re-opens when the probe fails", () => {
    let clock = 0;
    const breaker = makeCircuitBreaker({ failureThreshold: 1, resetAfterMs: 1000, now: () => clock });
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(false);
    clock = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    clock = 1500;
    expect(breaker.tryAcquire()).toBe(false);
  });
});
