import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { nonZero, readCounter, readLog } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

/** Who calls: the four signed-in kinds of user, and nobody. */
type Caller = "receptionist" | "kiosk" | "provincial" | "national" | "none";
const CALLERS: readonly Caller[] = ["receptionist", "kiosk", "provincial", "national", "none"];

const OWN_FACILITY = "01001";
const OTHER_FACILITY = "38001";
/** A facility of a third province with a check-in, so a provincial report has something to leave out. */
const FAR_FACILITY = "79001";
const OWN_PROVINCE = "001";
const OTHER_PROVINCE = "038";

interface Call {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

interface Cell {
  readonly route: string;
  readonly variant: string;
  readonly caller: Caller;
  readonly status: number;
  readonly code?: string;
  readonly call: () => Call;
}

// The small seed holds these people in the mock registry; each successful check-in cell takes its own.
const people = generatePopulation(300, generateFacilities(120)).slice(20);
let nextPerson = 0;
const freshQr = () => {
  const person = people[nextPerson++];
  if (person === undefined) throw new Error("out of people");
  return qrOf(person);
};

const today = vnDay(new Date());
const otherCursor = Buffer.from(JSON.stringify({ pk: `CHK#${OTHER_FACILITY}#${today}`, sk: "x" })).toString(
  "base64url",
);

/** What each caller gets on each route: `allowed` answers the caller's own request. */
const ROUTES: ReadonlyArray<{
  route: string;
  allowed: Partial<Record<Caller, number>>;
  own: () => Call;
  /** Attempts to act for another facility or province, and what an allowed caller gets for each. */
  others: ReadonlyArray<{
    variant: string;
    call: () => Call;
    status: Partial<Record<Caller, number>>;
    code: string;
  }>;
}> = [
  {
    route: "POST /api/checkins",
    allowed: { receptionist: 201, kiosk: 201 },
    own: () => ({ method: "POST", path: "/api/checkins", body: { method: "qr-cccd", payload: freshQr() } }),
    others: [
      {
        variant: "facility in the body",
        call: () => ({
          method: "POST",
          path: "/api/checkins",
          body: { method: "qr-cccd", payload: freshQr(), facility: OTHER_FACILITY },
        }),
        status: { receptionist: 400, kiosk: 400 },
        code: "BODY_INVALID",
      },
      {
        variant: "facility in the query",
        call: () => ({
          method: "POST",
          path: `/api/checkins?facility=${OTHER_FACILITY}`,
          body: { method: "qr-cccd", payload: freshQr() },
        }),
        status: { receptionist: 400, kiosk: 400 },
        code: "QUERY_INVALID",
      },
    ],
  },
  {
    route: "GET /api/checkins",
    allowed: { receptionist: 200 },
    own: () => ({ method: "GET", path: "/api/checkins?date=today" }),
    others: [
      {
        variant: "facility in the query",
        call: () => ({ method: "GET", path: `/api/checkins?date=today&facility=${OTHER_FACILITY}` }),
        status: { receptionist: 400 },
        code: "QUERY_INVALID",
      },
      {
        variant: "cursor of another facility",
        call: () => ({ method: "GET", path: `/api/checkins?date=${today}&cursor=${otherCursor}` }),
        status: { receptionist: 400 },
        code: "CURSOR_INVALID",
      },
    ],
  },
  {
    route: "POST /api/checkins/recheck",
    allowed: { receptionist: 200 },
    own: () => ({ method: "POST", path: "/api/checkins/recheck" }),
    others: [
      {
        variant: "facility in the body",
        call: () => ({ method: "POST", path: "/api/checkins/recheck", body: { facility: OTHER_FACILITY } }),
        status: { receptionist: 400 },
        code: "BODY_INVALID",
      },
      {
        variant: "facility in the query",
        call: () => ({ method: "POST", path: `/api/checkins/recheck?facility=${OTHER_FACILITY}` }),
        status: { receptionist: 400 },
        code: "QUERY_INVALID",
      },
    ],
  },
  {
    route: "POST /api/checkins/series",
    allowed: { receptionist: 201 },
    own: () => ({ method: "POST", path: "/api/checkins/series" }),
    others: [
      {
        variant: "facility in the body",
        call: () => ({ method: "POST", path: "/api/checkins/series", body: { facility: OTHER_FACILITY } }),
        status: { receptionist: 400 },
        code: "BODY_INVALID",
      },
      {
        variant: "facility in the query",
        call: () => ({ method: "POST", path: `/api/checkins/series?facility=${OTHER_FACILITY}` }),
        status: { receptionist: 400 },
        code: "QUERY_INVALID",
      },
    ],
  },
  {
    route: "POST /api/lookups",
    allowed: { receptionist: 200 },
    own: () => ({ method: "POST", path: "/api/lookups", body: { method: "qr-cccd", payload: freshQr() } }),
    others: [
      {
        variant: "facility in the body",
        call: () => ({
          method: "POST",
          path: "/api/lookups",
          body: { method: "qr-cccd", payload: freshQr(), facility: OTHER_FACILITY },
        }),
        status: { receptionist: 400 },
        code: "BODY_INVALID",
      },
      {
        variant: "facility in the query",
        call: () => ({
          method: "POST",
          path: `/api/lookups?facility=${OTHER_FACILITY}`,
          body: { method: "qr-cccd", payload: freshQr() },
        }),
        status: { receptionist: 400 },
        code: "QUERY_INVALID",
      },
    ],
  },
  {
    route: "GET /api/reports/scan-rate",
    allowed: { provincial: 200, national: 200 },
    own: () => ({ method: "GET", path: "/api/reports/scan-rate" }),
    others: [
      {
        variant: "another province",
        call: () => ({ method: "GET", path: `/api/reports/scan-rate?province=${OTHER_PROVINCE}` }),
        status: { provincial: 403, national: 200 },
        code: "PROVINCE_FORBIDDEN",
      },
      {
        variant: "facility in the query",
        call: () => ({ method: "GET", path: `/api/reports/scan-rate?facility=${OTHER_FACILITY}` }),
        status: { provincial: 400, national: 400 },
        code: "QUERY_INVALID",
      },
    ],
  },
  {
    route: "GET /api/reports/room-waits",
    allowed: { provincial: 200, national: 200 },
    own: () => ({ method: "GET", path: `/api/reports/room-waits?facility=${OWN_FACILITY}` }),
    others: [
      {
        variant: "another province's facility",
        call: () => ({ method: "GET", path: `/api/reports/room-waits?facility=${OTHER_FACILITY}` }),
        status: { provincial: 403, national: 200 },
        code: "PROVINCE_FORBIDDEN",
      },
      {
        variant: "no facility",
        call: () => ({ method: "GET", path: "/api/reports/room-waits" }),
        status: { provincial: 400, national: 400 },
        code: "QUERY_INVALID",
      },
    ],
  },
  {
    route: "GET /api/reports/gateway-accounts",
    allowed: { provincial: 200, national: 200 },
    own: () => ({ method: "GET", path: "/api/reports/gateway-accounts" }),
    others: [
      {
        variant: "another province",
        call: () => ({ method: "GET", path: `/api/reports/gateway-accounts?province=${OTHER_PROVINCE}` }),
        status: { provincial: 403, national: 200 },
        code: "PROVINCE_FORBIDDEN",
      },
    ],
  },
];

/** A role the route does not allow is 403 whatever it asks; nobody is 401. */
function denied(caller: Caller): { status: number; code: string } {
  return caller === "none"
    ? { status: 401, code: "UNAUTHENTICATED" }
    : { status: 403, code: "ROLE_FORBIDDEN" };
}

const ROLE_CELLS: Cell[] = ROUTES.flatMap((route) =>
  CALLERS.flatMap((caller): Cell[] => {
    const allowed = route.allowed[caller];
    const own: Cell =
      allowed === undefined
        ? { route: route.route, variant: "own", caller, ...denied(caller), call: route.own }
        : { route: route.route, variant: "own", caller, status: allowed, call: route.own };
    const others = route.others.map((other): Cell => {
      const status = other.status[caller];
      if (allowed === undefined || status === undefined)
        return { route: route.route, variant: other.variant, caller, ...denied(caller), call: other.call };
      return {
        route: route.route,
        variant: other.variant,
        caller,
        status,
        ...(status >= 400 ? { code: other.code } : {}),
        call: other.call,
      };
    });
    return [own, ...others];
  }),
);

/** Tokens that must never pass, whatever the route. */
const BAD_TOKENS = [
  "expired",
  "not yet valid",
  "signed with another key",
  "alg none",
  "claims edited: facility",
  "claims edited: role",
  "claims edited: expiry",
  "wrong issuer",
  "wrong audience",
  "HS256 with the public key as secret",
  "another key embedded in the header",
  "garbage",
] as const;
type BadToken = (typeof BAD_TOKENS)[number];

describe("access control matrix: every route × every caller × own or other facility/province", () => {
  let t: TestApp;
  const dataDir = mkdtempSync(join(tmpdir(), "tiepdon-matrix-"));
  const tokens = new Map<Caller, string>();
  const badTokens = new Map<BadToken, string>();
  const signed = new Map<string, string>();

  beforeAll(async () => {
    // With a data folder the app keeps its signing key in a file this test may read, to sign like it.
    t = await startTestApp({ dataDir });
    tokens.set("receptionist", await t.token("receptionist", { facility: OWN_FACILITY }));
    tokens.set("kiosk", await t.token("kiosk", { facility: OWN_FACILITY }));
    tokens.set("provincial", await t.token("health-dept", { province: OWN_PROVINCE }));
    tokens.set("national", await t.token("health-dept"));

    const far = await t.call("POST", "/api/checkins", {
      token: await t.token("receptionist", { facility: FAR_FACILITY }),
      body: { method: "qr-cccd", payload: freshQr() },
    });
    expect(far.status).toBe(201);

    const keyFile = JSON.parse(readFileSync(join(dataDir, "dev-signing-key.json"), "utf8")) as {
      privateJwk: JWK;
      publicJwk: JWK;
    };
    const appKey = await importJWK(keyFile.privateJwk, "ES256");
    const foreign = await generateKeyPair("ES256", { extractable: true });
    const receptionToken = tokens.get("receptionist") ?? "";
    const real = decodeJwt(receptionToken);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      "cognito:groups": ["receptionist"],
      "custom:facility": OWN_FACILITY,
      token_use: "id",
    };
    const sign = (
      key: Parameters<SignJWT["sign"]>[0],
      options: { iat?: number; nbf?: number; exp?: number; iss?: string; aud?: string; alg?: string } = {},
      extraHeader: Record<string, unknown> = {},
      payload: Record<string, unknown> = claims,
    ) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: options.alg ?? "ES256", typ: "JWT", ...extraHeader })
        .setSubject("attacker")
        .setIssuer(options.iss ?? String(real.iss))
        .setAudience(options.aud ?? String(real.aud))
        .setIssuedAt(options.iat ?? now)
        .setNotBefore(options.nbf ?? now)
        .setExpirationTime(options.exp ?? now + 3600)
        .sign(key);
    const editClaims = (token: string, edit: (payload: Record<string, unknown>) => void) => {
      const [header, payload, signature] = token.split(".");
      const decoded = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<
        string,
        unknown
      >;
      edit(decoded);
      return `${header}.${Buffer.from(JSON.stringify(decoded)).toString("base64url")}.${signature}`;
    };
    const expired = await sign(appKey, { iat: now - 7200, nbf: now - 7200, exp: now - 60 });
    badTokens.set("expired", expired);
    badTokens.set("not yet valid", await sign(appKey, { nbf: now + 600, exp: now + 4200 }));
    badTokens.set("signed with another key", await sign(foreign.privateKey));
    badTokens.set(
      "alg none",
      new UnsecuredJWT(claims)
        .setSubject("attacker")
        .setIssuer(String(real.iss))
        .setAudience(String(real.aud))
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .encode(),
    );
    badTokens.set(
      "claims edited: facility",
      editClaims(receptionToken, (p) => {
        p["custom:facility"] = OTHER_FACILITY;
      }),
    );
    badTokens.set(
      "claims edited: role",
      editClaims(tokens.get("kiosk") ?? "", (p) => {
        p["cognito:groups"] = ["receptionist", "health-dept"];
      }),
    );
    badTokens.set(
      "claims edited: expiry",
      editClaims(expired, (p) => {
        p.exp = now + 3600;
      }),
    );
    badTokens.set("wrong issuer", await sign(appKey, { iss: "https://cognito-idp.example/evil" }));
    badTokens.set("wrong audience", await sign(appKey, { aud: "another-app" }));
    badTokens.set(
      "HS256 with the public key as secret",
      await sign(new TextEncoder().encode(JSON.stringify(keyFile.publicJwk)), { alg: "HS256" }),
    );
    badTokens.set(
      "another key embedded in the header",
      await sign(foreign.privateKey, {}, { jwk: await exportJWK(foreign.publicKey) }),
    );
    badTokens.set("garbage", "not.a.jwt");

    // Properly signed by the app's key but missing what a role needs.
    signed.set("no role", await sign(appKey, {}, {}, { "custom:facility": OWN_FACILITY, token_use: "id" }));
    signed.set(
      "receptionist without facility",
      await sign(appKey, {}, {}, { "cognito:groups": ["receptionist"], token_use: "id" }),
    );
    signed.set("self-signed for comparison", await sign(appKey));
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (call: Call, token: string | undefined) =>
    t.call(call.method, call.path, {
      ...(token === undefined ? {} : { token }),
      ...(call.body === undefined ? {} : { body: call.body }),
    });

  it.each(ROLE_CELLS)("$route as $caller, $variant → $status", async (cell) => {
    const res = await send(cell.call(), tokens.get(cell.caller));
    expect(res.status, res.text).toBe(cell.status);
    if (cell.code !== undefined) expect(res.json).toMatchObject({ error: { code: cell.code } });
    if (cell.status === 401) expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("signs test tokens the way the app does (the forged ones differ only in what is named)", async () => {
    const res = await send(
      ROUTES[1]?.own() ?? { method: "GET", path: "/" },
      signed.get("self-signed for comparison"),
    );
    expect(res.status).toBe(200);
  });

  it.each(
    ROUTES.flatMap((route) => BAD_TOKENS.map((kind) => ({ route: route.route, kind, own: route.own }))),
  )("$route with a token $kind → 401", async ({ kind, own }) => {
    const res = await send(own(), badTokens.get(kind));
    expect(res.status, res.text).toBe(401);
    expect(res.json).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  });

  it.each(ROUTES.map((route) => ({ route: route.route, own: route.own })))(
    "$route with a valid token that names no role → 403 ROLE_MISSING",
    async ({ own }) => {
      const res = await send(own(), signed.get("no role"));
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ error: { code: "ROLE_MISSING" } });
    },
  );

  it.each(ROUTES.map((route) => ({ route: route.route, own: route.own })))(
    "$route as a receptionist bound to no facility → 403",
    async ({ route, own }) => {
      const res = await send(own(), signed.get("receptionist without facility"));
      expect(res.status).toBe(403);
      const code = route.startsWith("GET /api/reports/") ? "ROLE_FORBIDDEN" : "FACILITY_MISSING";
      expect(res.json).toMatchObject({ error: { code } });
    },
  );

  it("a provincial report holds only the caller's province; the national one holds every province", async () => {
    const provincial = await send(
      { method: "GET", path: "/api/reports/scan-rate" },
      tokens.get("provincial"),
    );
    const national = await send({ method: "GET", path: "/api/reports/scan-rate" }, tokens.get("national"));
    const facilitiesOf = (json: unknown) =>
      ((json as { rows: Array<{ facility: string; total: number }> }).rows ?? [])
        .filter((row) => row.total > 0)
        .map((row) => row.facility);
    expect(facilitiesOf(provincial.json)).toEqual([OWN_FACILITY]);
    expect(facilitiesOf(national.json).sort()).toEqual([OWN_FACILITY, FAR_FACILITY]);
  });

  it("dev tokens need a facility for receptionist and kiosk and expire within 8 hours", async () => {
    for (const body of [
      { role: "receptionist" },
      { role: "kiosk" },
      { role: "superuser", facility: "01001" },
    ]) {
      const res = await t.call("POST", "/api/dev/token", { body });
      expect(res.status).toBe(400);
    }
    const claims = decodeJwt(tokens.get("receptionist") ?? "");
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(8 * 3600);
  });

  it("stored nothing for the other facility, and only the allowed check-ins for the own one", async () => {
    expect(await readLog(t.doc, t.names, OTHER_FACILITY, today)).toEqual([]);
    expect(nonZero(await readCounter(t.doc, t.names, OTHER_FACILITY, today))).toEqual({});
    const own = await readLog(t.doc, t.names, OWN_FACILITY, today);
    // One check-in by the receptionist and one by the kiosk, from the "own" cells.
    expect(own.map((item) => item.createdBy).sort()).toEqual([
      `local-kiosk-${OWN_FACILITY}`,
      `local-receptionist-${OWN_FACILITY}`,
    ]);
    expect(nonZero(await readCounter(t.doc, t.names, OWN_FACILITY, today)).n).toBe(2);
  });
});
