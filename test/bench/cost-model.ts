/**
 * bench:cost: what one check-in costs in AWS, worked out from measurements instead of guesses.
 *
 * Starts DynamoDB Local, seeds facilities and the mock registry, serves the check-in and report
 * handlers and the mock gateway like `npm start` does, and checks in N different people (QR of the
 * ID card, an Idempotency-Key each, as the reception page sends them). Every DynamoDB call of the
 * handlers and of the mock gateway goes through one client, which a middleware makes ask for
 * ReturnConsumedCapacity=TOTAL and sums. Duration, invocations and log bytes are measured too;
 * the prices below turn them into dollars per million check-ins.
 *
 *   npm run bench:cost [-- <check-ins, default 300>]
 */
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import * as z from "zod";
import { vnDay } from "#domain/vn-time";
import { dynamoClients, makeDynamoClients } from "#functions/config/aws-clients";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { ACCESS_LOG_FIELDS } from "#infra/constructs/checkin-api";
import { createMissingTables } from "#infra/local/create-tables";
import { makeDevAuth } from "#infra/local/dev-auth";
import { findFreePort, startDynamoLocal } from "#infra/local/dynamo-local";
import { localEnvironment } from "#infra/local/local-env";
import { type LambdaHandler, startLocalServer } from "#infra/local/server";
import { tableNames } from "#infra/local/table-definitions";
import { API_ROUTES, FUNCTION_ENTRIES } from "#infra/routes";

/**
 * Public on-demand prices, Asia Pacific (Singapore, ap-southeast-1), USD, from the AWS pricing
 * pages (DynamoDB after the November 2024 on-demand price cut). Check them before quoting.
 */
const PRICES = {
  region: "ap-southeast-1 (Singapore)",
  dynamoWritePerMillion: 0.7125,
  dynamoReadPerMillion: 0.1425,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaRequestsPerMillion: 0.2,
  httpApiPerMillion: 1.0,
  cloudFrontHttpsPerMillion: 1.2,
  cloudFrontTransferPerGb: 0.114,
  logsIngestionPerGb: 0.7,
  xrayTracesPerMillion: 5.0,
} as const;

/** Memory the stack gives the check-in and mock functions (infra/constructs/tiepdon-function.ts). */
const FUNCTION_MEMORY_MB = 512;
/** Lambda's own START/END/REPORT lines per invocation in JSON log format, measured in CloudWatch. */
const PLATFORM_LOG_BYTES = 600;
/** X-Ray's default sampling keeps the first request each second and 5% of the rest. */
const XRAY_SAMPLED_SHARE = 0.05;

const capacitySchema = z.object({
  TableName: z.string().optional(),
  CapacityUnits: z.number().optional(),
  ReadCapacityUnits: z.number().optional(),
  WriteCapacityUnits: z.number().optional(),
});
const outputSchema = z.looseObject({
  ConsumedCapacity: z.union([capacitySchema, z.array(capacitySchema)]).optional(),
});

interface Usage {
  read: number;
  write: number;
  /** What DynamoDB Local itself reported for the writes, before the documented transaction rule. */
  localWrite: number;
  calls: number;
}

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers ~1 byte per 2 digits). */
function itemBytes(value: unknown): number {
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number")
    return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, "").length / 2) + 1;
  if (typeof value === "boolean" || value === null || value === undefined) return 1;
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + itemBytes(element) + 1, 0);
  if (typeof value === "object") {
    return (
      3 +
      Object.entries(value).reduce(
        (sum, [name, inner]) => sum + Buffer.byteLength(name) + itemBytes(inner) + 1,
        0,
      )
    );
  }
  return 0;
}

const transactItemSchema = z.object({
  Put: z.object({ TableName: z.string(), Item: z.record(z.string(), z.unknown()) }).optional(),
  Update: z.object({ TableName: z.string() }).optional(),
  Delete: z.object({ TableName: z.string() }).optional(),
  ConditionCheck: z.object({ TableName: z.string() }).optional(),
});
const transactInputSchema = z.object({ TransactItems: z.array(transactItemSchema) });

/**
 * Write units DynamoDB bills for a transaction: 2 per item per started KB. DynamoDB Local
 * under-reports some transactions, so the meter keeps the larger of the two. Updates are billed on
 * the item after the update, which the request does not show; the counter and queue items are
 * well under 1 KB, so they count as one KB.
 */
function documentedTransactionUnits(input: unknown): Map<string, number> {
  const units = new Map<string, number>();
  const parsed = transactInputSchema.safeParse(input);
  if (!parsed.success) return units;
  for (const item of parsed.data.TransactItems) {
    const put = item.Put;
    const table =
      put?.TableName ?? item.Update?.TableName ?? item.Delete?.TableName ?? item.ConditionCheck?.TableName;
    if (table === undefined) continue;
    const bytes =
      put === undefined
        ? 0
        : Object.entries(put.Item).reduce(
            (sum, [name, value]) => sum + Buffer.byteLength(name) + itemBytes(value),
            0,
          );
    const kilobytes = Math.max(1, Math.ceil(bytes / 1024));
    units.set(table, (units.get(table) ?? 0) + 2 * kilobytes);
  }
  return units;
}

/** Sums the capacity DynamoDB reports per table and operation. */
function makeMeter() {
  let byKey = new Map<string, Usage>();
  const add = (key: string, read: number, write: number, localWrite: number) => {
    const usage = byKey.get(key) ?? { read: 0, write: 0, localWrite: 0, calls: 0 };
    byKey.set(key, {
      read: usage.read + read,
      write: usage.write + write,
      localWrite: usage.localWrite + localWrite,
      calls: usage.calls + 1,
    });
  };
  return {
    reset() {
      byKey = new Map();
    },
    snapshot(): Map<string, Usage> {
      return new Map(byKey);
    },
    install() {
      dynamoClients().client.middlewareStack.add(
        (next, context) => async (args) => {
          Object.assign(args.input, { ReturnConsumedCapacity: "TOTAL" });
          const documented = documentedTransactionUnits(args.input);
          const result = await next(args);
          const operation = String(context.commandName ?? "?").replace(/Command$/, "");
          const reads = /Get|Query|Scan/.test(operation);
          const parsed = outputSchema.safeParse(result.output);
          const consumed = parsed.success ? parsed.data.ConsumedCapacity : undefined;
          for (const item of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
            const table = item.TableName ?? "?";
            const read = item.ReadCapacityUnits ?? (reads ? (item.CapacityUnits ?? 0) : 0);
            const write = item.WriteCapacityUnits ?? (reads ? 0 : (item.CapacityUnits ?? 0));
            add(
              `${table.replace(/^cost-/, "")} ${operation}`,
              read,
              Math.max(write, documented.get(table) ?? 0),
              write,
            );
          }
          return result;
        },
        { step: "initialize", name: "consumedCapacityMeter" },
      );
    },
  };
}

/** Counts what the process writes to stdout (the functions' JSON logs and EMF metrics), silently. */
function captureStdout() {
  const original = process.stdout.write.bind(process.stdout);
  let bytes = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
    return true;
  }) as typeof process.stdout.write;
  return {
    stop(): number {
      process.stdout.write = original;
      return bytes;
    },
  };
}

async function importHandler(entry: string): Promise<LambdaHandler> {
  const module: unknown = await import(pathToFileURL(entry).href);
  const handler =
    typeof module === "object" && module !== null && "handler" in module ? module.handler : null;
  if (typeof handler !== "function") throw new Error(`${entry} exports no handler`);
  return async (event, context) => Reflect.apply(handler, undefined, [event, context]);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const usd = (value: number) => `$${value.toFixed(2)}`;

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 300);
  if (!Number.isInteger(count) || count < 10) throw new Error("Give the number of check-ins (10 or more)");
  const dynamo = await startDynamoLocal();
  try {
    const names = tableNames("cost-");
    const port = await findFreePort();
    Object.assign(
      process.env,
      localEnvironment({ endpoint: dynamo.endpoint, names, baseUrl: `http://127.0.0.1:${port}` }),
      {
        LOG_LEVEL: "INFO",
      },
    );
    const seeding = makeDynamoClients(dynamo.endpoint);
    await createMissingTables(seeding.client, names);
    const facilities = generateFacilities(120);
    const people = generatePopulation(count + 60, facilities).filter(
      (person) => person.card !== null && person.card.fault === null,
    );
    await makePersonStore(seeding.doc, names.registry).putPeople(people);
    await makeFacilityStore(seeding.doc, names.facilities).putFacilities(facilities);
    if (people.length < count + 1) throw new Error(`Only ${people.length} people to check in`);

    const meter = makeMeter();
    meter.install();
    const root = new URL("../../", import.meta.url).pathname;
    const gatewayHandler = await importHandler(`${root}${FUNCTION_ENTRIES["gateway-mock"]}`);
    const gatewayTimes: number[] = [];
    const gateway: LambdaHandler = async (event, context) => {
      const started = performance.now();
      try {
        return await gatewayHandler(event, context);
      } finally {
        gatewayTimes.push(performance.now() - started);
      }
    };
    const routes = await Promise.all(
      API_ROUTES.filter((route) => route.function === "checkin" || route.function === "report").map(
        async (route) => ({
          route,
          handler: await importHandler(`${root}${FUNCTION_ENTRIES[route.function]}`),
        }),
      ),
    );
    const auth = await makeDevAuth(null);
    const server = await startLocalServer({ port, routes, gateway, auth, webRoot: null });
    const tokens = new Map<string, string>();
    const tokenFor = async (facility: string) => {
      const known = tokens.get(facility);
      if (known !== undefined) return known;
      const token = await auth.mint({ role: "receptionist", facility });
      tokens.set(facility, token);
      return token;
    };
    const checkIn = async (person: (typeof people)[number]) => {
      const facility = person.card?.registeredFacility ?? facilities[0]?.code ?? "01001";
      const response = await fetch(`${server.url}/api/checkins`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await tokenFor(facility)}`,
          "content-type": "application/json",
          "idempotency-key": randomUUID(),
        },
        body: JSON.stringify({ method: "qr-cccd", payload: qrOf(person) }),
      });
      const body = await response.text();
      if (response.status !== 201) throw new Error(`Check-in answered ${response.status}: ${body}`);
      return Buffer.byteLength(body);
    };

    // Warm up: cold start and the gateway token, which a warm container reuses for an hour.
    const [warm, ...rest] = people;
    const quiet = captureStdout();
    if (warm !== undefined) await checkIn(warm);
    quiet.stop();
    meter.reset();
    gatewayTimes.length = 0;

    const durations: number[] = [];
    let responseBytes = 0;
    const stdout = captureStdout();
    for (const person of rest.slice(0, count)) {
      const started = performance.now();
      responseBytes += await checkIn(person);
      durations.push(performance.now() - started);
    }
    const logBytes = stdout.stop();
    const checkinUsage = meter.snapshot();
    const gatewayInvocations = gatewayTimes.length;
    const gatewayMs = gatewayTimes.reduce((sum, ms) => sum + ms, 0) / Math.max(1, gatewayInvocations);

    meter.reset();
    const department = await auth.mint({ role: "health-dept" });
    const today = vnDay(new Date());
    const quietReport = captureStdout();
    const reportResponse = await fetch(`${server.url}/api/reports/scan-rate?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${department}` },
    });
    quietReport.stop();
    if (reportResponse.status !== 200) throw new Error(`Report answered ${reportResponse.status}`);
    const reportUsage = meter.snapshot();
    await server.close();

    const total = (usage: Map<string, Usage>, pick: (u: Usage) => number) =>
      [...usage.values()].reduce((sum, u) => sum + pick(u), 0);
    const wruPerCheckin = total(checkinUsage, (u) => u.write) / count;
    const rruPerCheckin = total(checkinUsage, (u) => u.read) / count;
    const checkinMs = percentile(durations, 50);
    const lambdaInvocations = 1 + gatewayInvocations / count;
    const gbSeconds =
      ((checkinMs + (gatewayMs * gatewayInvocations) / count) / 1000) * (FUNCTION_MEMORY_MB / 1024);
    const accessLogBytes = Buffer.byteLength(
      JSON.stringify(Object.fromEntries(Object.keys(ACCESS_LOG_FIELDS).map((key) => [key, "x".repeat(12)]))),
    );
    const logGbPerCheckin =
      (logBytes / count + lambdaInvocations * PLATFORM_LOG_BYTES + accessLogBytes) / 1024 ** 3;
    const million = 1_000_000;
    const lines: Array<[string, string, number]> = [
      [
        "DynamoDB writes",
        `${wruPerCheckin.toFixed(2)} WRU × $${PRICES.dynamoWritePerMillion}/M`,
        wruPerCheckin * PRICES.dynamoWritePerMillion,
      ],
      [
        "DynamoDB reads",
        `${rruPerCheckin.toFixed(2)} RRU × $${PRICES.dynamoReadPerMillion}/M`,
        rruPerCheckin * PRICES.dynamoReadPerMillion,
      ],
      [
        "Lambda compute",
        `${(gbSeconds * 1000).toFixed(1)} GB-ms (p50 ${checkinMs.toFixed(0)} ms @ ${FUNCTION_MEMORY_MB} MB arm64)`,
        gbSeconds * million * PRICES.lambdaArmPerGbSecond,
      ],
      [
        "Lambda requests",
        `${lambdaInvocations.toFixed(2)} invocations`,
        lambdaInvocations * PRICES.lambdaRequestsPerMillion,
      ],
      ["HTTP API", "1 request", PRICES.httpApiPerMillion],
      [
        "CloudFront",
        `1 HTTPS request + ${(responseBytes / count).toFixed(0)} B out`,
        PRICES.cloudFrontHttpsPerMillion +
          ((responseBytes / count) * million * PRICES.cloudFrontTransferPerGb) / 1024 ** 3,
      ],
      [
        "CloudWatch Logs",
        `${(logGbPerCheckin * 1024 ** 3).toFixed(0)} B ingested`,
        logGbPerCheckin * million * PRICES.logsIngestionPerGb,
      ],
      [
        "X-Ray",
        `${XRAY_SAMPLED_SHARE * 100}% of requests traced`,
        XRAY_SAMPLED_SHARE * PRICES.xrayTracesPerMillion,
      ],
    ];
    const sum = lines.reduce((acc, [, , dollars]) => acc + dollars, 0);

    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`tiepdon cost model: ${count} check-ins measured on DynamoDB Local, prices ${PRICES.region}`);
    out("");
    out("DynamoDB capacity per check-in, by table and operation (gateway = the mock's registry reads):");
    for (const [key, usage] of [...checkinUsage.entries()].sort()) {
      out(
        `  ${key.padEnd(40)} ${(usage.read / count).toFixed(2).padStart(6)} RRU ${(usage.write / count).toFixed(2).padStart(6)} WRU  (${(usage.calls / count).toFixed(2)} calls)`,
      );
    }
    out(
      `  ${"total".padEnd(40)} ${rruPerCheckin.toFixed(2).padStart(6)} RRU ${wruPerCheckin.toFixed(2).padStart(6)} WRU`,
    );
    const localWrite = total(checkinUsage, (u) => u.localWrite) / count;
    if (localWrite < wruPerCheckin) {
      out(
        `  (DynamoDB Local reported ${localWrite.toFixed(2)} WRU; transactions are counted at DynamoDB's documented 2 WRU per item per KB.)`,
      );
    }
    out(
      "  (Pre-reads of keys that do not exist yet, the duplicate guard and the Idempotency-Key, cost 0 RRU on DynamoDB Local; if DynamoDB bills its 1 RRU minimum for them, add 2 RRU = $0.29 per million.)",
    );
    out("");
    out(
      `Check-in handler: p50 ${checkinMs.toFixed(0)} ms, p95 ${percentile(durations, 95).toFixed(0)} ms; mock gateway ${gatewayMs.toFixed(0)} ms × ${(gatewayInvocations / count).toFixed(2)} per check-in (local, warm)`,
    );
    out("");
    out("Per million check-ins:");
    for (const [name, basis, dollars] of lines)
      out(`  ${name.padEnd(17)} ${basis.padEnd(58)} ${usd(dollars).padStart(8)}`);
    out(`  ${"total".padEnd(17)} ${"".padEnd(58)} ${usd(sum).padStart(8)}`);
    out(
      `  Each extra 100 ms a check-in waits for the gateway adds ${usd(0.1 * (FUNCTION_MEMORY_MB / 1024) * million * PRICES.lambdaArmPerGbSecond)} per million (the real gateway answers in hundreds of ms).`,
    );
    out("");
    out(
      `One national scan-rate report for a day: ${total(reportUsage, (u) => u.read).toFixed(1)} RRU (reads counters and facilities, not check-ins).`,
    );
    out(
      "Not per check-in: Cognito (per monthly active user), KMS keys ($1/month each), Secrets Manager ($0.40/month), storage and PITR (per GB-month).",
    );
  } finally {
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
