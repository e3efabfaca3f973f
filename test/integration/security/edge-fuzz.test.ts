import { request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type BadRequest, badRequests, type FuzzContext } from "#test/support/fuzz/bad-requests";
import { errorBodyProblem, HangError, inPool, makeRawClient } from "#test/support/fuzz/raw-http";
import { snapshotTables } from "#test/support/fuzz/table-snapshot";
import { startTestApp, type TestApp } from "#test/support/local-app";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
/** Requests per route family; 20,700 in all. */
const RUNS: Record<string, number> = {
  "POST /api/checkins": 6_000,
  "POST /api/lookups": 3_000,
  "GET /api/checkins": 3_000,
  "POST /api/checkins/recheck": 2_000,
  "GET /api/reports/scan-rate": 3_000,
  "POST /api/dev/token": 500,
  auth: 1_500,
  "wrong-role": 500,
  paths: 1_200,
};
const CONCURRENCY = 16;
const TIMEOUT_MS = 10_000;

describe("bad input at the HTTP edge, fuzzed", () => {
  let t: TestApp;
  let ctx: FuzzContext;
  const facility = "01001";

  beforeAll(async () => {
    t = await startTestApp();
    const person = fixtures.people[0];
    if (person === undefined) throw new Error("fixtures missing");
    ctx = {
      tokens: {
        receptionist: await t.token("receptionist", { facility }),
        kiosk: await t.token("kiosk", { facility }),
        national: await t.token("health-dept"),
        provincial: await t.token("health-dept", { province: "001" }),
      },
      validQr: person.qr,
      validId: person.idNumber,
      facility,
      otherFacility: "38001",
      today: vnDay(new Date()),
    };
  });
  afterAll(async () => {
    await t?.stop();
  });

  const writeTables = () => [
    t.names.checkins,
    t.names.counters,
    t.names.idempotency,
    t.names.registry,
    t.names.facilities,
  ];

  it("answers 20,000+ bad requests with a 4xx and a stable error body, never a 5xx or a hang, and writes nothing", {
    timeout: 240_000,
  }, async () => {
    // One real check-in first, so the log and counters hold something the fuzz must not change.
    const seeded = await t.call("POST", "/api/checkins", {
      token: ctx.tokens.receptionist,
      body: { method: "qr-cccd", payload: fixtures.people[1]?.qr },
    });
    expect(seeded.status).toBe(201);
    const before = await snapshotTables(t.doc, writeTables());

    const families = badRequests(ctx);
    const cases: BadRequest[] = [];
    for (const [family, arbitrary] of Object.entries(families)) {
      cases.push(...fc.sample(arbitrary, { seed: SEED + cases.length, numRuns: RUNS[family] ?? 0 }));
    }
    console.log(
      `edge fuzz: seed ${SEED} (FUZZ_SEED to replay), ${cases.length} requests, concurrency ${CONCURRENCY}`,
    );
    expect(cases.length).toBeGreaterThanOrEqual(20_000);

    const client = makeRawClient(t.url, { maxSockets: CONCURRENCY, timeoutMs: TIMEOUT_MS });
    const started = performance.now();
    const problems: string[] = [];
    const byStatus = new Map<string, number>();
    let slowest = 0;
    try {
      await inPool(cases, CONCURRENCY, async (bad) => {
        const tag = `${bad.route} [${bad.kind}] ${bad.method} ${bad.path.slice(0, 80)} body=${JSON.stringify(bad.body?.toString("utf8").slice(0, 80) ?? null)}`;
        try {
          const res = await client.send(bad);
          slowest = Math.max(slowest, res.ms);
          const key = `${bad.route} ${res.status}`;
          byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
          if (!bad.expect.includes(res.status)) {
            problems.push(
              `${tag}: got ${res.status}, expected ${bad.expect.join("/")}: ${res.text.slice(0, 160)}`,
            );
            return;
          }
          const bodyProblem = errorBodyProblem(res.status, res.text);
          if (bodyProblem !== null) problems.push(`${tag}: ${bodyProblem}`);
          if (res.status >= 500 || /stack|Error:|at .*\.ts/.test(res.text))
            problems.push(`${tag}: leaks internals`);
        } catch (error) {
          problems.push(`${tag}: ${error instanceof HangError ? "hung" : `network error ${String(error)}`}`);
        }
      });
    } finally {
      client.close();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `edge fuzz: ${cases.length} requests in ${seconds.toFixed(1)} s (${Math.round(cases.length / seconds)}/s), slowest ${Math.round(slowest)} ms, ${problems.length} problems`,
    );
    console.log(
      [...byStatus.entries()]
        .sort()
        .map(([key, count]) => `  ${key}: ${count}`)
        .join("\n"),
    );
    expect(problems.slice(0, 10)).toEqual([]);

    const after = await snapshotTables(t.doc, writeTables());
    expect(after).toEqual(before);
  });

  it("answers a body over the server's 1 MB read limit with 413 and closes the connection", async () => {
    const url = new URL(t.url);
    const body = Buffer.alloc(1_500_000, 0x61);
    const answer = await new Promise<{ status: number; text: string; connection: string | undefined }>(
      (resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: "POST",
            path: "/api/checkins",
            headers: {
              authorization: `Bearer ${ctx.tokens.receptionist}`,
              "content-type": "application/json",
              "content-length": String(body.length),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                text: Buffer.concat(chunks).toString("utf8"),
                connection: res.headers.connection,
              }),
            );
          },
        );
        // The server may close while the rest of the body is still being written; the answer counts.
        req.on("error", (error: NodeJS.ErrnoException) => {
          if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
        });
        req.setTimeout(TIMEOUT_MS, () => req.destroy(new HangError("no answer")));
        req.end(body);
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe("close");
    expect(errorBodyProblem(answer.status, answer.text)).toBeNull();
  });

  it("refuses a page cursor with an empty sort key with 400 CURSOR_INVALID (was a 500 from DynamoDB)", async () => {
    const cursor = Buffer.from(JSON.stringify({ pk: `CHK#${facility}#${ctx.today}`, sk: "" })).toString(
      "base64url",
    );
    const res = await t.call("GET", `/api/checkins?date=${ctx.today}&cursor=${cursor}`, {
      token: ctx.tokens.receptionist,
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: "CURSOR_INVALID" } });
  });

  it("still checks patients in after the fuzz", async () => {
    const res = await t.call("POST", "/api/checkins", {
      token: ctx.tokens.receptionist,
      body: { method: "qr-cccd", payload: fixtures.people[2]?.qr },
    });
    expect(res.status).toBe(201);
  });
});
