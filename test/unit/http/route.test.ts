import { describe, expect, it } from "vitest";
import * as z from "zod";
import { InputError, UnavailableError } from "#domain/errors";
import { makeLogger } from "#functions/http/logger";
import { parseJsonBody } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { captureOutput } from "#test/support/capture-output";
import { claimsFor, httpEvent, lambdaContext } from "#test/support/events";

const logger = makeLogger("route-test");
const schema = z.object({ name: z.string() }).strict();

const route = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  const body = parseJsonBody(event, schema);
  if (body.name === "bad")
    throw new InputError("QR_NOT_CCCD", { vi: "Không phải mã CCCD.", en: "Not a CCCD code." });
  if (body.name === "busy") throw new UnavailableError("SERVICE_UNAVAILABLE", { vi: "bận", en: "busy" }, 2);
  if (body.name === "crash")
    throw new Error("connection string postgres://secret@db failed for 001090012345");
  if (body.name === "network")
    throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" });
  return jsonResponse(200, { hello: body.name, facility: principal.facility });
});

async function call(input: Parameters<typeof httpEvent>[0]) {
  const result = await route(httpEvent(input), lambdaContext());
  return { status: result.statusCode, headers: result.headers ?? {}, json: JSON.parse(String(result.body)) };
}

describe("the shared route stack", () => {
  it("answers the use case for an allowed role", async () => {
    const res = await call({ method: "POST", path: "/x", body: { name: "An" } });
    expect(res).toMatchObject({ status: 200, json: { hello: "An", facility: "01001" } });
  });

  it("401s without verified claims and 403s a role that may not act", async () => {
    expect((await call({ method: "POST", path: "/x", body: { name: "An" }, claims: null })).status).toBe(401);
    const kiosk = await call({
      method: "POST",
      path: "/x",
      body: { name: "An" },
      claims: claimsFor("kiosk", { facility: "01001" }),
    });
    expect(kiosk.status).toBe(403);
    expect(kiosk.json.error.code).toBe("ROLE_FORBIDDEN");
  });

  it("rejects bad bodies with stable codes and both languages", async () => {
    const cases = [
      [{ rawBody: "{not json" }, 400, "BODY_MALFORMED"],
      [{ body: { name: 5 } }, 400, "BODY_INVALID"],
      [{ body: { name: "An", extra: 1 } }, 400, "BODY_INVALID"],
      [{ body: { name: "An" }, headers: { "content-type": "text/plain" } }, 415, "UNSUPPORTED_MEDIA_TYPE"],
      [{ rawBody: JSON.stringify({ name: "x".repeat(20_000) }) }, 413, "PAYLOAD_TOO_LARGE"],
      [{ body: { name: "bad" } }, 422, "QR_NOT_CCCD"],
    ] as const;
    for (const [input, status, code] of cases) {
      const res = await call({ method: "POST", path: "/x", ...input });
      expect(res.status, code).toBe(status);
      expect(res.json.error.code).toBe(code);
      expect(res.json.error.message.length).toBeGreaterThan(0);
      expect(res.json.error.messageEn.length).toBeGreaterThan(0);
    }
  });

  it("never leaks internals in a 5xx, and tells clients when to retry", async () => {
    const crash = await call({ method: "POST", path: "/x", body: { name: "crash" } });
    expect(crash.status).toBe(500);
    expect(JSON.stringify(crash.json)).not.toMatch(/postgres|secret|001090012345|stack/);
    const network = await call({ method: "POST", path: "/x", body: { name: "network" } });
    expect(network.status).toBe(503);
    expect(network.headers["retry-after"]).toBe("2");
    expect(JSON.stringify(network.json)).not.toContain("ECONNREFUSED");
    const busy = await call({ method: "POST", path: "/x", body: { name: "busy" } });
    expect(busy.status).toBe(503);
    expect(busy.headers["retry-after"]).toBe("2");
  });

  it("writes the answered and rejected lines with the route and request id an operator searches by", async () => {
    const saved = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "INFO";
    const loud = makeLogger("route-log-test");
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
    const logged = httpRoute({ roles: ["receptionist"], logger: loud }, async ({ event }) => {
      parseJsonBody(event, schema);
      return jsonResponse(200, {});
    });
    const output = captureOutput();
    try {
      const event = (name: unknown, requestId: string) => {
        const built = httpEvent({ method: "POST", path: "/api/checkins", body: { name } });
        return { ...built, requestContext: { ...built.requestContext, requestId } };
      };
      await logged(event("An", "req-first"), lambdaContext());
      await logged(event(5, "req-refused"), lambdaContext());
      // A second request must not inherit the first one's keys.
      await logged(event("Bình", "req-second"), lambdaContext());
    } finally {
      output.restore();
    }
    const lines = output
      .text()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const answered = lines.filter((line) => line.message === "answered");
    const rejected = lines.filter((line) => line.message === "rejected");
    expect(answered).toHaveLength(2);
    expect(rejected).toHaveLength(1);
    for (const line of [...answered, ...rejected]) expect(line.route).toBe("POST /api/checkins");
    expect(answered.map((line) => line.requestId)).toEqual(["req-first", "req-second"]);
    expect(rejected[0]).toMatchObject({ requestId: "req-refused", status: 400, code: "BODY_INVALID" });
    expect(answered[0]).toMatchObject({ status: 200 });
    expect(answered[1]).toMatchObject({ status: 200 });
    // The refused request's code is not carried into the next request's line.
    expect(answered[1]).not.toHaveProperty("code");
  });
});
