import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { openApiDocument } from "#infra/openapi";
import { startTestApp, type TestApp } from "#test/support/local-app";

interface Document {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { schemas: Record<string, object> };
}
interface Response {
  content?: Record<string, { schema: { $ref?: string; oneOf?: Array<{ $ref: string }> } }>;
}

const committed = JSON.parse(
  readFileSync(new URL("../../../docs/openapi.json", import.meta.url), "utf8"),
) as Document;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

/**
 * The schema the document gives for one answer, compiled; where it gives one of several (by the
 * caller's role), `variant` names the one the caller must get.
 */
function answerSchema(path: string, method: string, status: number, variant?: string): ValidateFunction {
  const schema =
    committed.paths[path]?.[method]?.responses[String(status)]?.content?.["application/json"]?.schema;
  const reference =
    variant === undefined
      ? schema?.$ref
      : schema?.oneOf?.map((one) => one.$ref).find((one) => one.endsWith(`/${variant}`));
  if (reference === undefined)
    throw new Error(`the document has no JSON answer ${status} for ${method} ${path}`);
  const name = reference.replace("#/components/schemas/", "");
  let validate = compiled.get(name);
  if (validate === undefined) {
    validate = ajv.compile(committed.components.schemas[name] ?? {});
    compiled.set(name, validate);
  }
  return validate;
}

function expectValid(
  path: string,
  method: string,
  answer: { status: number; json: unknown },
  variant?: string,
): void {
  const validate = answerSchema(path, method, answer.status, variant);
  const ok = validate(answer.json);
  expect(ok ? [] : validate.errors, `${method.toUpperCase()} ${path} ${answer.status}`).toEqual([]);
}

const people = generatePopulation(300, generateFacilities(120)).slice(60);
let next = 0;
const freshQr = () => {
  const person = people[next++];
  if (person === undefined) throw new Error("out of people");
  return qrOf(person);
};

describe("docs/openapi.json: generated from the contract, and true of the live answers", () => {
  let t: TestApp;
  let reception = "";
  let department = "";
  beforeAll(async () => {
    t = await startTestApp();
    reception = await t.token("receptionist", { facility: "01001" });
    department = await t.token("health-dept");
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("is what the schemas generate today (after a change: npm run openapi), and npm start serves it", async () => {
    expect(committed).toEqual(openApiDocument());
    const served = await t.call("GET", "/api/openapi.json");
    expect(served.status).toBe(200);
    expect(served.json).toEqual(committed);
  });

  it("describes every answer of every route", async () => {
    const key = { "idempotency-key": `openapi-${Date.now()}` };
    const payload = freshQr();
    const first = await t.call("POST", "/api/checkins", {
      token: reception,
      headers: key,
      body: { method: "qr-cccd", payload, channel: "camera", scannedAt: new Date().toISOString() },
    });
    expect(first.status).toBe(201);
    expectValid("/api/checkins", "post", first, "CheckinAnswer");
    // The same key: the first answer again; the same card with a new key: the visit already made.
    const replay = await t.call("POST", "/api/checkins", {
      token: reception,
      headers: key,
      body: { method: "qr-cccd", payload, channel: "camera", scannedAt: new Date().toISOString() },
    });
    expect(replay).toMatchObject({ status: 201, json: first.json });
    const repeat = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload },
    });
    expect(repeat.status).toBe(200);
    expectValid("/api/checkins", "post", repeat, "CheckinAnswer");
    const typed = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "manual-id", payload: "001080001111" },
    });
    expectValid("/api/checkins", "post", typed, "CheckinAnswer");

    const list = await t.call("GET", "/api/checkins?date=today&limit=5", { token: reception });
    expect(list.status).toBe(200);
    expectValid("/api/checkins", "get", list);
    const recheck = await t.call("POST", "/api/checkins/recheck", { token: reception });
    expect(recheck.status).toBe(200);
    expectValid("/api/checkins/recheck", "post", recheck);
    const lookup = await t.call("POST", "/api/lookups", {
      token: reception,
      body: { method: "qr-cccd", payload: freshQr() },
    });
    expect(lookup.status).toBe(200);
    expectValid("/api/lookups", "post", lookup);

    for (const groupBy of ["facility", "province"]) {
      const report = await t.call("GET", `/api/reports/scan-rate?groupBy=${groupBy}`, { token: department });
      expect(report.status).toBe(200);
      expectValid("/api/reports/scan-rate", "get", report);
    }
  });

  it("answers a kiosk only what the patient needs, in the document and live", async () => {
    // The document's kiosk answer has no field for an ID number, a birth date, a card or a previous check.
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const item of node) walk(item);
      else if (typeof node === "object" && node !== null)
        for (const [name, value] of Object.entries(node)) {
          if (name === "properties" && typeof value === "object" && value !== null)
            for (const property of Object.keys(value)) names.add(property);
          walk(value);
        }
    };
    walk(committed.components.schemas.KioskCheckinAnswer);
    expect(names.size).toBeGreaterThan(5);
    for (const field of ["idNumber", "birthDate", "cardCode", "lastCheck", "name", "sex", "marks"])
      expect([...names]).not.toContain(field);

    const kiosk = await t.token("kiosk", { facility: "01001" });
    const typed = await t.call("POST", "/api/checkins", {
      token: kiosk,
      body: { method: "manual-id", payload: "001175002222" },
    });
    expect(typed.status).toBe(201);
    expectValid("/api/checkins", "post", typed, "KioskCheckinAnswer");
    expect(answerSchema("/api/checkins", "post", 201, "CheckinAnswer")(typed.json)).toBe(false);
    expect(typed.json).toMatchObject({ patient: { maskedName: null } });
    for (const secret of ["001175002222", "1975-12-12", "lastCheck", "cardCode", "birthDate"])
      expect(typed.text).not.toContain(secret);

    const scanned = await t.call("POST", "/api/checkins", {
      token: kiosk,
      body: { method: "qr-cccd", payload: freshQr() },
    });
    expect(scanned.status).toBe(201);
    expectValid("/api/checkins", "post", scanned, "KioskCheckinAnswer");
    const masked = (scanned.json as { patient: { maskedName: string | null } }).patient.maskedName ?? "";
    expect(masked).toMatch(/^\S+( \S\.)+$/u);
  });

  it("describes the error answers", async () => {
    const bad = await t.call("POST", "/api/checkins", { token: reception, body: { method: "qr-cccd" } });
    expect(bad.status).toBe(400);
    expectValid("/api/checkins", "post", bad);
    const unsigned = await t.call("GET", "/api/checkins");
    expect(unsigned.status).toBe(401);
    expectValid("/api/checkins", "get", unsigned);
    const forbidden = await t.call("GET", "/api/reports/scan-rate", { token: reception });
    expect(forbidden.status).toBe(403);
    expectValid("/api/reports/scan-rate", "get", forbidden);
  });

  it("refuses an answer missing a field, carrying one it does not name, or of the wrong type", async () => {
    const answer = await t.call("POST", "/api/lookups", {
      token: reception,
      body: { method: "qr-cccd", payload: freshQr() },
    });
    const validate = answerSchema("/api/lookups", "post", 200);
    const { status: _status, ...missing } = answer.json as Record<string, unknown>;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...(answer.json as object), extra: 1 })).toBe(false);
    expect(validate({ ...(answer.json as object), status: "maybe" })).toBe(false);
    expect(validate(answer.json)).toBe(true);
  });
});
