import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { vnDay } from "#domain/vn-time";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { createMissingTables } from "#infra/local/create-tables";
import { type DevAuth, makeDevAuth } from "#infra/local/dev-auth";
import { type DynamoLocal, findFreePort, startDynamoLocal } from "#infra/local/dynamo-local";
import { localEnvironment } from "#infra/local/local-env";
import { seedIfEmpty } from "#infra/local/seed/seed";
import { type LambdaHandler, type LocalServer, startLocalServer } from "#infra/local/server";
import { tableNames } from "#infra/local/table-definitions";
import { API_ROUTES, FUNCTION_ENTRIES } from "#infra/routes";
import { type CloudAssembly, synthesizeCloudAssembly } from "#test/infra/support/cloud-assembly";

/** Largest minified bundle a function may ship: cold starts grow with the code Lambda has to load. */
const BUNDLE_BUDGET_BYTES = 300 * 1024;
/**
 * Functions allowed a larger bundle, each with its reason. None of them is on a patient's path: a
 * slower cold start there costs an administrator a fraction of a second, rarely, or delays a
 * background send that no one waits for.
 */
const LARGER_BUDGETS: Readonly<Record<string, { bytes: number; reason: string }>> = {
  "gateway-admin": {
    bytes: 600 * 1024,
    reason:
      "reads PKCS#12 uploads with node-forge (about 290 KB), only when an administrator changes a certificate",
  },
  "gateway-mock": {
    // Measured 448 KB (npm run synth); a small margin above it.
    bytes: 470 * 1024,
    reason:
      "checks each XML0's signature with xml-crypto and its XML parser, as the real gateway does; the stand-in is deployed only when the mock is asked for, never for real patients",
  },
  "xml0-send": {
    // Measured 484 KB (npm run synth); a small margin above it.
    bytes: 500 * 1024,
    reason:
      "signs each visit's XML0 with xml-crypto, its XML parser and XPath (about 280 KB together); it runs from the table's stream and a schedule, never while a patient waits",
  },
};

/** A fixture person with a valid card registered at 01001 (functions/gateway-mock/fixtures.json). */
const FIXTURE = {
  idNumber: "001090012345",
  qr: "001090012345|012345678|Nguyễn Văn An|15031990|Nam|Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|20042021",
  facility: "01001",
} as const;

let assembly: CloudAssembly;
let dynamo: DynamoLocal | null = null;
let server: LocalServer | null = null;

/** Imports a function's handler from its built bundle, as Lambda would. */
async function builtHandler(name: string): Promise<LambdaHandler> {
  const bundle = assembly.bundles.get(name);
  if (bundle === undefined) throw new Error(`No bundle for ${name}`);
  expect(bundle.handler).toBe("index.handler");
  const module: unknown = await import(pathToFileURL(bundle.file).href);
  const handler =
    typeof module === "object" && module !== null && "handler" in module ? module.handler : null;
  if (typeof handler !== "function") throw new Error(`The ${name} bundle exports no handler function`);
  return async (event, context) => {
    const result: unknown = await Reflect.apply(handler, undefined, [event, context]);
    return z
      .object({
        statusCode: z.number().optional(),
        headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        body: z.string().optional(),
        isBase64Encoded: z.boolean().optional(),
        cookies: z.array(z.string()).optional(),
      })
      .optional()
      .parse(result);
  };
}

beforeAll(async () => {
  [assembly, dynamo] = await Promise.all([synthesizeCloudAssembly(), startDynamoLocal()]);
}, 240_000);

afterAll(async () => {
  await server?.close();
  await dynamo?.stop();
  if (assembly !== undefined) rmSync(assembly.outdir, { recursive: true, force: true });
});

describe("npm run synth", () => {
  it("synthesises offline with cdk-nag leaving no unacknowledged finding", () => {
    const open = assembly.report.pluginReports.flatMap((plugin) => plugin.violations.map((v) => v.ruleName));
    expect(open).toEqual([]);
  });

  it("is tested on the Node major the functions run on in Lambda (nodejs24.x)", () => {
    expect(process.versions.node.split(".")[0]).toBe("24");
  });

  it("builds one bundle per function", () => {
    expect([...assembly.bundles.keys()].sort()).toEqual(Object.keys(FUNCTION_ENTRIES).sort());
  });

  it(`keeps every bundle within ${BUNDLE_BUDGET_BYTES / 1024} KB minified, or its stated larger budget`, () => {
    const sizes = Object.fromEntries(
      [...assembly.bundles.values()].map((b) => [b.name, Math.round(b.bytes / 1024)]),
    );
    const over = Object.entries(sizes).filter(
      ([name, kb]) => kb * 1024 > (LARGER_BUDGETS[name]?.bytes ?? BUNDLE_BUDGET_BYTES),
    );
    expect(over, `bundle sizes in KB: ${JSON.stringify(sizes)}`).toEqual([]);
  });
});

describe("the built bundles, served like the local app, on DynamoDB Local", () => {
  let url = "";
  let auth: DevAuth;

  beforeAll(async () => {
    if (dynamo === null) throw new Error("DynamoDB Local did not start");
    auth = await makeDevAuth(null);
    const port = await findFreePort();
    const names = tableNames(`bundle${Date.now().toString(36)}-`);
    // The bundles read their settings when they load, so the environment comes first.
    Object.assign(
      process.env,
      localEnvironment({ endpoint: dynamo.endpoint, names, baseUrl: `http://127.0.0.1:${port}` }),
      { POWERTOOLS_METRICS_DISABLED: "true" },
    );
    const clients = makeDynamoClients(dynamo.endpoint);
    await createMissingTables(clients.client, names);
    await seedIfEmpty(clients.doc, names, "small", new Date());
    const routes = await Promise.all(
      API_ROUTES.map(async (route) => ({ route, handler: await builtHandler(route.function) })),
    );
    server = await startLocalServer({
      port,
      routes,
      gateway: await builtHandler("gateway-mock"),
      auth,
      webRoot: null,
    });
    url = server.url;
  }, 120_000);

  async function call(method: string, path: string, token: string, body?: unknown) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: z.unknown().parse(await response.json()) };
  }

  it("checks a patient in, looks a card up and reports the day", async () => {
    const receptionist = await auth.mint({ role: "receptionist", facility: FIXTURE.facility });
    const checkin = await call("POST", "/api/checkins", receptionist, {
      method: "qr-cccd",
      payload: FIXTURE.qr,
    });
    expect(checkin.status, JSON.stringify(checkin.json)).toBe(201);
    expect(checkin.json).toMatchObject({
      facility: FIXTURE.facility,
      method: "qr-cccd",
      status: "covered",
      duplicate: false,
      queueNumber: 1,
      patient: { idNumber: FIXTURE.idNumber, name: "Nguyễn Văn An" },
      insurance: { resultCode: "000", covered: true, cardCode: "DN4010123456789" },
    });

    const lookup = await call("POST", "/api/lookups", receptionist, {
      method: "manual-id",
      payload: FIXTURE.idNumber,
    });
    expect(lookup.status, JSON.stringify(lookup.json)).toBe(200);
    expect(lookup.json).toMatchObject({ status: "covered", patient: { idNumber: FIXTURE.idNumber } });

    const today = vnDay(new Date());
    const list = await call("GET", `/api/checkins?date=${today}`, receptionist);
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ items: [{ patient: { idNumber: FIXTURE.idNumber }, queueNumber: 1 }] });

    const department = await auth.mint({ role: "health-dept" });
    const report = await call(
      "GET",
      `/api/reports/scan-rate?from=${today}&to=${today}&groupBy=facility`,
      department,
    );
    expect(report.status, JSON.stringify(report.json)).toBe(200);
    const rows = z
      .object({
        rows: z.array(z.object({ facility: z.string(), total: z.number(), qr: z.number() }).loose()),
      })
      .parse(report.json).rows;
    expect(rows.find((row) => row.facility === FIXTURE.facility)).toMatchObject({ total: 1, qr: 1 });
  });
});
