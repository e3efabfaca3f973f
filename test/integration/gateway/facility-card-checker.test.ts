/**
 * Two facilities of two provinces checking cards at once through one container, against the mock
 * gateway over HTTP: each facility signs in with its own account (its password as an MD5 digest),
 * each receptionist is the clerk, and a refused account stops only its own facility.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parsePayload } from "#domain/payload";
import type { Identity } from "#domain/types";
import { makeFacilityCardChecker, NO_GATEWAY_ACCOUNT } from "#functions/gateway/facility-card-checker";
import { REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";
import { makeGatewayApp } from "#functions/gateway-mock/gateway-app";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { buildHttpApiEvent } from "#infra/local/api-event";
import { makeTestTables } from "#test/support/dynamo";

const HANOI = { facility: "01001", username: "01001_BV", password: "hanoi-pass" };
const SAIGON = { facility: "79001", username: "79001_BV", password: "saigon-pass" };
const [HANOI_CLERK, SAIGON_CLERK] = [REGISTERED_CLERKS[1], REGISTERED_CLERKS[2]];
/** The clerks the facilities name for their kiosks: Hà Nội names one, Sài Gòn none. */
const KIOSK_CLERKS = new Map([[HANOI.facility, REGISTERED_CLERKS[0] ?? null]]);

interface Seen {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: Record<string, unknown>;
}
const seen: Seen[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  const { names, clients } = await makeTestTables();
  const registry = makePersonStore(clients.doc, names.registry);
  await registry.putPeople(FIXTURE_PEOPLE.map((fixture) => fixture.person));
  const app = makeGatewayApp({
    findByKey: registry.findByKey,
    recordCheck: registry.recordCheck,
    accounts: [HANOI, SAIGON].map(({ username, password }) => ({ username, password })),
    tokenTtlSeconds: 3600,
    slowMs: 4000,
    faultControl: false,
    clerks: REGISTERED_CLERKS,
  });
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://mock");
    const text = body.toString("utf8");
    seen.push({
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: (req.headers["content-type"] ?? "").startsWith("application/json")
        ? (JSON.parse(text) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(text)),
    });
    const raw = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body };
    const result = await app(
      buildHttpApiEvent({ ...raw, sourceIp: "127.0.0.1", now: new Date() }, "$default"),
    );
    res.writeHead(result.statusCode ?? 200, { "content-type": "application/json" });
    res.end(result.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the test gateway has no port");
  baseUrl = `http://127.0.0.1:${address.port}/gateway`;
});

beforeEach(() => {
  seen.length = 0;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function identityOf(code: string): Identity {
  const fixture = FIXTURE_PEOPLE.find((candidate) => candidate.expectedResultCode === code);
  if (fixture === undefined) throw new Error(`no fixture answers ${code}`);
  const parsed = parsePayload("qr-cccd", fixture.qr, "2026-11-25");
  if (!parsed.ok) throw parsed.error;
  return parsed.value.identity;
}

function checker(passwords: Map<string, string>) {
  const accounts = [HANOI, SAIGON];
  return makeFacilityCardChecker({
    baseUrl,
    timeoutMs: 2000,
    kioskClerkOf: async (facility) => KIOSK_CLERKS.get(facility) ?? null,
    accountOf: async (facility) => {
      const account = accounts.find((candidate) => candidate.facility === facility);
      const password = account === undefined ? undefined : passwords.get(account.username);
      return account === undefined || password === undefined
        ? null
        : { username: account.username, password };
    },
  });
}

describe("a gateway account per facility", () => {
  it("checks each facility's patients under its own account and its own receptionist", async () => {
    if (HANOI_CLERK === undefined || SAIGON_CLERK === undefined) throw new Error("clerks missing");
    const gateway = checker(new Map([HANOI, SAIGON].map((account) => [account.username, account.password])));
    const covered = identityOf("000");
    const [hanoi, saigon] = await Promise.all([
      gateway.checkCard(covered, "2026-11-25", { facility: HANOI.facility, clerk: HANOI_CLERK }),
      gateway.checkCard(covered, "2026-11-25", { facility: SAIGON.facility, clerk: SAIGON_CLERK }),
    ]);
    expect(hanoi.kind === "answer" && hanoi.answer.maKetQua).toBe("000");
    expect(saigon.kind === "answer" && saigon.answer.maKetQua).toBe("000");
    const tokens = seen.filter((request) => request.path.endsWith("/api/token/take"));
    expect(
      tokens
        .map((request) => request.body)
        .sort((a, b) => String(a.username).localeCompare(String(b.username))),
    ).toEqual([
      // MD5("hanoi-pass") and MD5("saigon-pass"), upper-case hex.
      { username: "01001_BV", password: "929C937933ECFA6F32173362A0DD8CC9" },
      { username: "79001_BV", password: "33E619FCE3D45816A41E500E7AB5EFB2" },
    ]);
    const checks = seen.filter((request) => request.path.endsWith("/api/egw/KQNhanLichSuKCB2024"));
    const asked = checks.map(
      (request) => `${request.query.username} ${request.body.hoTenCb} ${request.body.cccdCb}`,
    );
    expect(asked.sort()).toEqual(
      [
        `01001_BV ${HANOI_CLERK.name} ${HANOI_CLERK.id}`,
        `79001_BV ${SAIGON_CLERK.name} ${SAIGON_CLERK.id}`,
      ].sort(),
    );
  });

  it("keeps checking one facility's cards while the gateway refuses the other's account", async () => {
    if (HANOI_CLERK === undefined || SAIGON_CLERK === undefined) throw new Error("clerks missing");
    const passwords = new Map([
      [HANOI.username, "an-old-password"],
      [SAIGON.username, SAIGON.password],
    ]);
    const gateway = checker(passwords);
    const covered = identityOf("000");
    for (let round = 0; round < 6; round++) {
      const hanoi = await gateway.checkCard(covered, "2026-11-25", {
        facility: HANOI.facility,
        clerk: HANOI_CLERK,
      });
      const saigon = await gateway.checkCard(covered, "2026-11-25", {
        facility: SAIGON.facility,
        clerk: SAIGON_CLERK,
      });
      expect(hanoi.kind).toBe("unavailable");
      expect(saigon.kind === "answer" && saigon.answer.maKetQua).toBe("000");
    }
    // After five refusals Hà Nội's breaker is open: its checks no longer reach the gateway.
    const before = seen.length;
    const held = await gateway.checkCard(covered, "2026-11-25", {
      facility: HANOI.facility,
      clerk: HANOI_CLERK,
    });
    expect(held).toMatchObject({ kind: "unavailable", reason: "circuit-open" });
    expect(seen.length).toBe(before);
    // The corrected password takes effect at the next check, with no restart.
    passwords.set(HANOI.username, HANOI.password);
    const fixed = await gateway.checkCard(covered, "2026-11-25", {
      facility: HANOI.facility,
      clerk: HANOI_CLERK,
    });
    expect(fixed.kind === "answer" && fixed.answer.maKetQua).toBe("000");
  });

  it("answers a facility without an account at once, with its own code, and asks nothing", async () => {
    const gateway = checker(new Map([[SAIGON.username, SAIGON.password]]));
    const check = await gateway.checkCard(identityOf("000"), "2026-11-25", {
      facility: HANOI.facility,
      clerk: null,
    });
    expect(check).toEqual({
      kind: "unavailable",
      reason: "no-account",
      resultCode: NO_GATEWAY_ACCOUNT,
      latencyMs: 0,
    });
    expect(seen).toHaveLength(0);
  });

  it("checks a kiosk's card under the clerk its facility names, and refuses where it names none", async () => {
    const kioskClerk = KIOSK_CLERKS.get(HANOI.facility);
    if (kioskClerk === undefined || kioskClerk === null) throw new Error("kiosk clerk missing");
    const gateway = checker(new Map([HANOI, SAIGON].map((account) => [account.username, account.password])));
    const hanoi = await gateway.checkCard(identityOf("000"), "2026-11-25", {
      facility: HANOI.facility,
      clerk: null,
    });
    expect(hanoi.kind === "answer" && hanoi.answer.maKetQua).toBe("000");
    const card = seen.find((request) => request.path.endsWith("/api/egw/KQNhanLichSuKCB2024"));
    expect([card?.body.hoTenCb, card?.body.cccdCb]).toEqual([kioskClerk.name, kioskClerk.id]);
    const before = seen.length;
    await expect(
      gateway.checkCard(identityOf("000"), "2026-11-25", { facility: SAIGON.facility, clerk: null }),
    ).rejects.toMatchObject({ code: "KIOSK_CLERK_MISSING" });
    expect(seen.length).toBe(before);
  });

  it("sends the receptionist's name and ID, and the mock refuses a clerk it does not know (054)", async () => {
    const gateway = checker(new Map([[HANOI.username, HANOI.password]]));
    const check = await gateway.checkCard(identityOf("000"), "2026-11-25", {
      facility: HANOI.facility,
      clerk: { name: "Phạm Văn Lạ", id: "001090099999" },
    });
    expect(check.kind === "answer" && check.answer.maKetQua).toBe("054");
  });
});
