import fc from "fast-check";
import { isKnownProvinceCode } from "#domain/provinces";
import { isIsoDate } from "#domain/vn-time";
import type { RawRequest } from "./raw-http.ts";

/** A request that the API must refuse, with the statuses the contract allows for it. */
export interface BadRequest extends RawRequest {
  readonly route: string;
  readonly kind: string;
  /** Allowed statuses; every one is a 4xx. */
  readonly expect: readonly number[];
}

export interface FuzzContext {
  readonly tokens: {
    readonly receptionist: string;
    readonly kiosk: string;
    readonly national: string;
    readonly provincial: string;
  };
  /** A real fixture person's card QR and ID number: valid on their own, so only the defect added is tested. */
  readonly validQr: string;
  readonly validId: string;
  /** The caller's facility, another facility, and today (Vietnam). */
  readonly facility: string;
  readonly otherFacility: string;
  readonly today: string;
}

const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "Application/JSON"] as const;
const BAD_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/jsonx",
  "application/json-patch+json",
  "text/json",
  "application/octet-stream",
  "json",
  "application/javascript",
] as const;
const METHODS = ["qr-cccd", "qr-vneid", "manual-id", "bhyt-card"] as const;
const BODY_FIELDS = new Set(["method", "payload", "channel"]);
/** Bytes that are never valid UTF-8 where they stand. */
const BAD_UTF8 = [[0xff], [0xfe], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80]];
/** C0 controls and DEL; put inside the text they are never trimmed away as scanner noise. */
const CONTROLS = [...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)), "\u007f"];

const text = (value: string) => Buffer.from(value, "utf8");

function isEmptyObject(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body);
    return (
      value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0
    );
  } catch {
    return false;
  }
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
  );

/** A JSON body as text, with keys kept verbatim (so `__proto__` stays a key). */
function bodyText(entries: ReadonlyArray<readonly [string, unknown]>): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(",")}}`;
}

/** Splices bytes into a UTF-8 text at a character position. */
function spliceBytes(value: string, at: number, bytes: readonly number[]): Buffer {
  const cut = Math.min(Math.max(at, 1), value.length - 1);
  return Buffer.concat([text(value.slice(0, cut)), Buffer.from(bytes), text(value.slice(cut))]);
}

/** Bodies for POST /api/checkins and /api/lookups; each carries a defect that must refuse it. */
function checkinBodies(
  ctx: FuzzContext,
): fc.Arbitrary<{ kind: string; headers: Record<string, string>; body: Buffer; expect: number[] }> {
  const json = fc.constantFrom(...JSON_TYPES).map((type) => ({ "content-type": type }));
  const validBody = fc.constantFrom(
    bodyText([
      ["method", "qr-cccd"],
      ["payload", ctx.validQr],
    ]),
    bodyText([
      ["method", "manual-id"],
      ["payload", ctx.validId],
    ]),
  );
  const qrField = ctx.validQr.split("|");
  return fc.oneof(
    fc.record({ type: json, size: fc.integer({ min: 16_385, max: 64_000 }) }).map(({ type, size }) => ({
      kind: "too-large",
      headers: type,
      body: text(
        bodyText([
          ["method", "qr-cccd"],
          ["payload", "9".repeat(size)],
        ]),
      ),
      expect: [413],
    })),
    fc
      .record({
        type: fc.option(fc.constantFrom(...BAD_TYPES), { nil: undefined }),
        body: validBody,
      })
      .map(({ type, body }) => ({
        kind: "content-type",
        headers: type === undefined ? {} : { "content-type": type },
        body: text(body),
        expect: [415],
      })),
    fc
      .record({
        type: json,
        body: fc.oneof(
          anyText(200),
          validBody.chain((body) => fc.nat({ max: body.length - 1 }).map((n) => body.slice(0, n))),
          validBody.map((body) => body.replace(/"/g, "'")),
          validBody.map((body) => `${body.slice(0, -1)},}`),
          fc.constantFrom(
            "NaN",
            "{method:1}",
            "[1,]",
            "{} {}",
            "\uFEFF{}",
            "/*x*/{}",
            '{"a":01}',
            "undefined",
          ),
        ),
      })
      .filter(({ body }) => {
        try {
          JSON.parse(body);
          return false;
        } catch {
          return true;
        }
      })
      .map(({ type, body }) => ({ kind: "malformed", headers: type, body: text(body), expect: [400] })),
    fc
      .record({
        type: json,
        value: fc.oneof(
          fc
            .jsonValue({ maxDepth: 2 })
            .filter((v) => v === null || typeof v !== "object" || Array.isArray(v)),
          fc.record(
            {
              method: fc.oneof(
                fc.integer(),
                fc.boolean(),
                fc.constant(null),
                fc.array(fc.constantFrom(...METHODS), { maxLength: 2 }),
                anyText(30).filter((m) => !(METHODS as readonly string[]).includes(m)),
              ),
              payload: fc.oneof(
                fc.integer(),
                fc.constant(null),
                fc.boolean(),
                fc.array(fc.string({ maxLength: 5 })),
              ),
            },
            { requiredKeys: [] },
          ),
          fc.constant({ method: "qr-cccd" }),
          fc.constant({ payload: ctx.validQr }),
          fc.constant({ method: "qr-cccd", payload: ctx.validQr, channel: "telepathy" }),
        ),
      })
      .map(({ type, value }) => ({
        kind: "wrong-types",
        headers: type,
        body: text(JSON.stringify(value)),
        expect: [400],
      })),
    fc
      .record({
        type: json,
        key: fc.oneof(
          fc.constantFrom(
            "facility",
            "province",
            "createdBy",
            "user",
            "checkinId",
            "status",
            "__proto__",
            "constructor",
          ),
          anyText(20).filter((k) => !BODY_FIELDS.has(k)),
        ),
        value: fc.oneof(fc.constant(ctx.otherFacility), fc.jsonValue({ maxDepth: 1 })),
      })
      .map(({ type, key, value }) => ({
        kind: "unknown-field",
        headers: type,
        body: text(
          bodyText([
            ["method", "qr-cccd"],
            ["payload", ctx.validQr],
            [key, value],
          ]),
        ),
        expect: [400],
      })),
    fc
      .record({
        type: json,
        length: fc.integer({ min: 2_001, max: 16_000 }),
        char: fc.constantFrom("a", "9", "|", " "),
      })
      .map(({ type, length, char }) => ({
        kind: "long-string",
        headers: type,
        body: text(
          bodyText([
            ["method", "qr-cccd"],
            ["payload", `0${char.repeat(length)}1`],
          ]),
        ),
        // Up to 4000 characters the parser refuses it (422); beyond, the body schema does (400).
        expect: [400, 422],
      })),
    fc
      .record({
        type: json,
        control: fc.constantFrom(...CONTROLS),
        at: fc.nat(),
        useId: fc.boolean(),
      })
      .map(({ type, control, at, useId }) => {
        const base = useId ? ctx.validId : ctx.validQr;
        const cut = 1 + (at % (base.length - 1));
        const payload = `${base.slice(0, cut)}${control}${base.slice(cut)}`;
        const method = useId ? "manual-id" : "qr-cccd";
        return {
          kind: "control-chars",
          headers: type,
          body: text(
            bodyText([
              ["method", method],
              ["payload", payload],
            ]),
          ),
          expect: [422],
        };
      }),
    fc
      .record({
        type: json,
        bytes: fc.constantFrom(...BAD_UTF8),
        at: fc.nat(),
        where: fc.constantFrom("method", "key", "manual-id", "short-qr", "whole"),
      })
      .map(({ type, bytes, at, where }) => {
        const bad = Buffer.from(bytes);
        const body =
          where === "method"
            ? spliceBytes(
                bodyText([
                  ["method", "qr-cccd"],
                  ["payload", ctx.validQr],
                ]),
                12,
                bytes,
              )
            : where === "key"
              ? Buffer.concat([
                  text(`{"method":"qr-cccd","payload":${JSON.stringify(ctx.validQr)},"x`),
                  bad,
                  text('":1}'),
                ])
              : where === "manual-id"
                ? Buffer.concat([
                    text(`{"method":"manual-id","payload":"${ctx.validId.slice(0, 6)}`),
                    bad,
                    text(`${ctx.validId.slice(6)}"}`),
                  ])
                : where === "short-qr"
                  ? Buffer.concat([
                      text(`{"method":"qr-cccd","payload":"${qrField.slice(0, 3).join("|")}`),
                      bad,
                      text('"}'),
                    ])
                  : Buffer.concat([bad, text(`${at}`), bad]);
        return { kind: "bad-utf8", headers: type, body, expect: [400, 422] };
      }),
    fc
      .record({
        type: json,
        surrogate: fc.constantFrom("\\ud800", "\\udfff", "\\udbff\\u0041", "\\udc00\\ud800"),
        where: fc.constantFrom("method", "key", "manual-id", "short-qr"),
      })
      .map(({ type, surrogate, where }) => {
        const body =
          where === "method"
            ? `{"method":"qr-cc${surrogate}cd","payload":"x"}`
            : where === "key"
              ? `{"method":"qr-cccd","payload":"x","${surrogate}":1}`
              : where === "manual-id"
                ? `{"method":"manual-id","payload":"${ctx.validId.slice(0, 5)}${surrogate}${ctx.validId.slice(5)}"}`
                : `{"method":"qr-cccd","payload":"${qrField.slice(0, 2).join("|")}|${surrogate}"}`;
        return { kind: "lone-surrogate", headers: type, body: text(body), expect: [400, 422] };
      }),
    fc
      .record({
        type: json,
        method: fc.constantFrom(...METHODS),
        payload: anyText(300).filter((p) => !/\d{9}/.test(p) && !/[A-Z]{2}\d/i.test(p)),
      })
      .map(({ type, method, payload }) => ({
        kind: "random-payload",
        headers: type,
        body: text(
          bodyText([
            ["method", method],
            ["payload", payload],
          ]),
        ),
        expect: [422],
      })),
    fc
      .record({
        type: json,
        mutation: fc.constantFrom(
          (f: string[]) => f.slice(0, 5),
          (f: string[]) => f.map((v, i) => (i === 3 ? "31021990" : v)),
          (f: string[]) => f.map((v, i) => (i === 3 ? "99999999" : v)),
          (f: string[]) => f.map((v, i) => (i === 0 ? v.slice(1) : v)),
          (f: string[]) => f.map((v, i) => (i === 0 ? `${v.slice(0, 6)}AB${v.slice(8)}` : v)),
          (f: string[]) => f.map((v, i) => (i === 6 ? "32132021" : v)),
        ),
      })
      .map(({ type, mutation }) => ({
        kind: "broken-qr",
        headers: type,
        body: text(
          bodyText([
            ["method", "qr-cccd"],
            ["payload", mutation([...qrField]).join("|")],
          ]),
        ),
        expect: [422],
      })),
  );
}

/** Percent-encodes any text; lone surrogates (which encodeURIComponent refuses) go as their raw UTF-8-like bytes. */
const encode = (value: string) =>
  value
    .split(/(\p{Surrogate})/u)
    .map((part) =>
      /^\p{Surrogate}$/u.test(part)
        ? `%ED%${(0x80 + ((part.charCodeAt(0) >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 + (part.charCodeAt(0) & 0x3f)).toString(16).toUpperCase()}`
        : encodeURIComponent(part),
    )
    .join("");

/** Queries of GET /api/checkins with at least one value the schema refuses. */
function listQueries(ctx: FuzzContext): fc.Arbitrary<{ kind: string; query: string }> {
  const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url");
  const badDate = fc.oneof(
    fc.constantFrom(
      "2026-02-30",
      "2026-13-01",
      "26-01-01",
      "2026-1-1",
      "tomorrow",
      "",
      "2026-01-01T00:00:00Z",
      "TODAY",
      "../",
    ),
    anyText(20).filter((d) => d !== "today" && !isIsoDate(d)),
  );
  const badLimit = fc.oneof(
    fc.constantFrom("0", "-1", "201", "1.5", "abc", "", "1e400", "NaN", "Infinity"),
    fc.integer({ min: 201 }).map(String),
    fc.integer({ max: 0 }).map(String),
  );
  const badCursor = fc.oneof(
    anyText(40).map((c) => Buffer.from(c).toString("base64url")),
    anyText(40),
    fc.constant(cursorOf({ pk: `CHK#${ctx.otherFacility}#${ctx.today}`, sk: "x" })),
    fc.constant(cursorOf({ pk: `CHK#${ctx.facility}#${ctx.today}`, sk: "" })),
    fc.constant(cursorOf({ pk: `CHK#${ctx.facility}#2020-01-01`, sk: "x" })),
    fc.constant(cursorOf({ pk: `CHK#${ctx.facility}#${ctx.today}` })),
    fc.constant(cursorOf({ pk: `CHK#${ctx.facility}#${ctx.today}`, sk: 1 })),
    fc.constant(cursorOf({ pk: `CHK#${ctx.facility}#${ctx.today}`, sk: "x", extra: 1 })),
    fc.constant(cursorOf([1, 2])),
    fc.constant("x".repeat(1001)),
  );
  const unknown = fc.oneof(
    fc.constantFrom("facility", "province", "user", "date[]", "\u0000", "Date", "LIMIT"),
    anyText(12).filter((k) => k !== "" && !["date", "cursor", "limit"].includes(k)),
  );
  return fc.oneof(
    fc
      .record({ k: unknown, v: fc.constantFrom(ctx.otherFacility, "1", "") })
      .map(({ k, v }) => ({ kind: "unknown-param", query: `date=today&${encode(k)}=${encode(v)}` })),
    badDate.map((d) => ({ kind: "bad-date", query: `date=${encode(d)}` })),
    fc.constant({ kind: "repeated-param", query: "date=today&date=today" }),
    badLimit.map((l) => ({ kind: "bad-limit", query: `date=today&limit=${encode(l)}` })),
    badCursor.map((c) => ({ kind: "bad-cursor", query: `date=${ctx.today}&cursor=${encode(c)}` })),
    // Raw bytes that are not UTF-8, and encoded nulls, in the values.
    fc
      .constantFrom("date=%FF", "date=%ED%A0%80", "date=2026-01-01%00", "limit=%00", "cursor=%C0%80")
      .map((query) => ({ kind: "raw-bytes", query })),
  );
}

/** Queries of GET /api/reports/scan-rate with at least one value the route refuses. */
function reportQueries(): fc.Arbitrary<{ kind: string; query: string; expect: number[] }> {
  const notDate = anyText(16).filter((d) => !isIsoDate(d));
  return fc.oneof(
    anyText(16)
      .filter((g) => g !== "facility" && g !== "province")
      .map((g) => ({ kind: "bad-groupBy", query: `groupBy=${encode(g)}`, expect: [400] })),
    anyText(8)
      .filter((f) => f !== "json" && f !== "csv")
      .map((f) => ({ kind: "bad-format", query: `format=${encode(f)}`, expect: [400] })),
    fc
      .record({
        name: fc.constantFrom("from", "to"),
        value: fc.oneof(notDate, fc.constantFrom("2026-02-29", "2026-00-10", "0000-00-00", "-0001-01-01")),
      })
      .map(({ name, value }) => ({ kind: "bad-date", query: `${name}=${encode(value)}`, expect: [400] })),
    fc
      .record({ from: fc.integer({ min: 2020, max: 2030 }), gap: fc.integer({ min: 1, max: 5 }) })
      .map(({ from, gap }) => ({
        kind: "reversed-period",
        query: `from=${from + gap}-01-01&to=${from}-12-31`,
        expect: [400],
      })),
    fc
      .record({ from: fc.integer({ min: 2000, max: 2030 }), years: fc.integer({ min: 2, max: 50 }) })
      .map(({ from, years }) => ({
        kind: "long-period",
        query: `from=${from}-01-01&to=${from + years}-01-01`,
        expect: [400],
      })),
    anyText(6)
      .filter((p) => !/^\d{3}$/.test(p))
      .map((p) => ({ kind: "bad-province", query: `province=${encode(p)}`, expect: [400] })),
    fc
      .integer({ min: 0, max: 999 })
      .map((n) => String(n).padStart(3, "0"))
      .filter((p) => !isKnownProvinceCode(p))
      .map((p) => ({ kind: "unknown-province", query: `province=${p}`, expect: [422] })),
    fc
      .constantFrom(
        "facility=38001",
        "user=x",
        "groupBy=facility&groupBy=province",
        "GROUPBY=province",
        "%00=1",
      )
      .map((q) => ({ kind: "unknown-param", query: q, expect: [400] })),
  );
}

/** Authorization headers that must never pass: absent, malformed, truncated or edited tokens. */
function badAuthorizations(ctx: FuzzContext): fc.Arbitrary<Record<string, string>> {
  const real = ctx.tokens.receptionist;
  const [header = "", payload = "", signature = ""] = real.split(".");
  return fc.oneof(
    fc.constant({}),
    fc
      .constantFrom(
        "Bearer",
        "Bearer ",
        `Basic ${Buffer.from("a:b").toString("base64")}`,
        `Token ${real}`,
        real,
        `Bearer ${real}x`,
        `Bearer ${real}.x`,
      )
      .map((value) => ({ authorization: value })),
    fc
      .string({ unit: "binary-ascii", maxLength: 200 })
      .map((value) => ({ authorization: `Bearer ${value.replace(/[^\x21-\x7e]/g, "A")}x` })),
    fc.nat({ max: real.length - 2 }).map((cut) => bearer(real.slice(0, cut))),
    // A character of the claims changed: the signature no longer matches what it signs.
    fc.nat({ max: payload.length - 3 }).map((at) => {
      const swapped = payload[at] === "A" ? "B" : "A";
      return bearer(`${header}.${payload.slice(0, at)}${swapped}${payload.slice(at + 1)}.${signature}`);
    }),
  );
}

/** Paths that try to escape or confuse the router; all carry a defect so none may succeed. */
const PATH_TRICKS = [
  "/api/../api/checkins",
  "/api/%2e%2e/api/checkins",
  "/api/./checkins",
  "//api/checkins",
  "/api//checkins",
  "/api/checkins/",
  "/api/checkins%00",
  "/api/checkins%2f..%2f..%2fetc%2fpasswd",
  "/api/checkins/..%2f..%2fgateway%2f_faults",
  "/API/CHECKINS",
  "/api/checkins;facility=38001",
  "/api/checkins%20",
  "/api\\checkins",
  "/api/dev/token/../../checkins",
  "/api/reports/scan-rate/../../checkins",
  "/api/reports/../reports/scan-rate",
  "/api/lookups%3f",
  "/api/%63heckins",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/api/checkins/recheck/..",
] as const;

/** Every kind of bad request over all routes, each with the statuses it may get. */
export function badRequests(ctx: FuzzContext): Record<string, fc.Arbitrary<BadRequest>> {
  const reception = bearer(ctx.tokens.receptionist);
  const bodies = checkinBodies(ctx);
  const post = (route: string, auth: Record<string, string>) =>
    bodies.map(({ kind, headers, body, expect }) => ({
      route: `POST ${route}`,
      kind,
      method: "POST",
      path: route,
      headers: { ...auth, ...headers },
      body,
      expect,
    }));
  return {
    "POST /api/checkins": fc.oneof(
      post("/api/checkins", reception),
      post("/api/checkins", bearer(ctx.tokens.kiosk)),
    ),
    "POST /api/lookups": post("/api/lookups", reception),
    "GET /api/checkins": listQueries(ctx).map(({ kind, query }) => ({
      route: "GET /api/checkins",
      kind,
      method: "GET",
      path: `/api/checkins?${query}`,
      headers: reception,
      expect: [400],
    })),
    "POST /api/checkins/recheck": fc.oneof(
      fc
        .record({
          k: fc.constantFrom("facility", "province", "all", "limit"),
          v: fc.constantFrom(ctx.otherFacility, "1", ""),
        })
        .map(({ k, v }) => ({
          route: "POST /api/checkins/recheck",
          kind: "query",
          method: "POST",
          path: `/api/checkins/recheck?${k}=${v}`,
          headers: reception,
          expect: [400],
        })),
      bodies
        .filter(
          ({ kind }) =>
            kind !== "random-payload" &&
            kind !== "broken-qr" &&
            kind !== "control-chars" &&
            kind !== "long-string",
        )
        // An empty body or an empty object is what the page sends: a valid re-check, not a bad request.
        .filter(({ body }) => body.toString("utf8").trim() !== "" && !isEmptyObject(body.toString("utf8")))
        .map(({ kind, headers, body }) => ({
          route: "POST /api/checkins/recheck",
          kind,
          method: "POST",
          path: "/api/checkins/recheck",
          headers: { ...reception, ...headers },
          body,
          // Any body is refused: unknown fields (400), not JSON (400/415), too large (413).
          expect: kind === "content-type" ? [415] : kind === "too-large" ? [413] : [400],
        })),
    ),
    "GET /api/reports/scan-rate": reportQueries().map(({ kind, query, expect }) => ({
      route: "GET /api/reports/scan-rate",
      kind,
      method: "GET",
      path: `/api/reports/scan-rate?${query}`,
      headers: bearer(ctx.tokens.national),
      expect,
    })),
    "POST /api/dev/token": fc
      .oneof(
        fc.constantFrom(
          '{"role":"receptionist"}',
          '{"role":"kiosk"}',
          '{"role":"superuser"}',
          '{"role":"room"}',
          '{"role":"health-dept","province":"1"}',
          '{"role":"receptionist","facility":"1001"}',
          '{"role":"health-dept","sub":"x"}',
          '{"role":"health-dept","exp":9999999999}',
          "{",
          "",
          "[]",
        ),
        anyText(60).filter((b) => {
          try {
            JSON.parse(b);
            return false;
          } catch {
            return true;
          }
        }),
      )
      .map((body) => ({
        route: "POST /api/dev/token",
        kind: "dev-token",
        method: "POST",
        path: "/api/dev/token",
        headers: { "content-type": "application/json" },
        body: text(body),
        expect: [400],
      })),
    auth: fc
      .record({
        target: fc.constantFrom(
          { method: "POST", path: "/api/checkins", body: true },
          { method: "GET", path: "/api/checkins?date=today", body: false },
          { method: "POST", path: "/api/checkins/recheck", body: false },
          { method: "POST", path: "/api/lookups", body: true },
          { method: "GET", path: "/api/reports/scan-rate", body: false },
        ),
        auth: badAuthorizations(ctx),
      })
      .map(({ target, auth }) => ({
        route: `${target.method} ${target.path.split("?")[0]}`,
        kind: "auth",
        method: target.method,
        path: target.path,
        headers: { ...auth, ...(target.body ? { "content-type": "application/json" } : {}) },
        ...(target.body
          ? {
              body: text(
                bodyText([
                  ["method", "qr-cccd"],
                  ["payload", ctx.validQr],
                ]),
              ),
            }
          : {}),
        expect: [401],
      })),
    "wrong-role": fc
      .constantFrom(
        { method: "POST", path: "/api/checkins", token: ctx.tokens.national, body: true },
        { method: "POST", path: "/api/checkins", token: ctx.tokens.provincial, body: true },
        { method: "GET", path: "/api/checkins?date=today", token: ctx.tokens.kiosk, body: false },
        { method: "POST", path: "/api/checkins/recheck", token: ctx.tokens.kiosk, body: false },
        { method: "POST", path: "/api/lookups", token: ctx.tokens.kiosk, body: true },
        { method: "GET", path: "/api/reports/scan-rate", token: ctx.tokens.receptionist, body: false },
        { method: "GET", path: "/api/reports/scan-rate", token: ctx.tokens.kiosk, body: false },
      )
      .map((target) => ({
        route: `${target.method} ${target.path.split("?")[0]}`,
        kind: "wrong-role",
        method: target.method,
        path: target.path,
        headers: { ...bearer(target.token), ...(target.body ? { "content-type": "application/json" } : {}) },
        ...(target.body
          ? {
              body: text(
                bodyText([
                  ["method", "qr-cccd"],
                  ["payload", ctx.validQr],
                ]),
              ),
            }
          : {}),
        expect: [403],
      })),
    paths: fc
      .record({
        trick: fc.constantFrom(...PATH_TRICKS),
        method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
      })
      .map(({ trick, method }) => ({
        route: "path tricks",
        kind: `${method} ${trick}`,
        method,
        // The query and the body are both wrong, so whichever route the path lands on refuses it.
        path: `${trick}?bogus=1`,
        headers: { ...reception, "content-type": "application/json" },
        body: text('{"method":"qr-cccd","payload":"x","bogus":1}'),
        expect: [400, 404, 403],
      })),
  };
}
