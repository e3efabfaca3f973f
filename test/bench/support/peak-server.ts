/**
 * The morning-peak simulation's server: `npm start`'s local app (same handlers, HTTP adapter and
 * mock gateway; rate limits off, no pages) in its own process, with the national facility list
 * and the roll-up on its schedule compressed like the morning. Every DynamoDB request its one
 * client sends is recorded, while recording is on, as the partitions it touched and the units it
 * took from each (partition-units.ts), with the time it was sent.
 *
 * Started by peak-bench.ts with BENCH_DYNAMO_ENDPOINT, BENCH_TABLE_PREFIX, BENCH_ROLLUP_MS and
 * BENCH_NATIONAL_FACILITIES (0 in the quick run: the demo's facilities only, names of the others null).
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { addDays, vnDay } from "#domain/vn-time";
import { dynamoClients } from "#functions/config/aws-clients";
import { ROLLUP_STATE_KEY } from "#functions/stores/counter-keys";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { startLocalApp } from "#infra/local/local-app";
import { generateNationalFacilities } from "#infra/local/seed/national-facilities";
import { tableNames } from "#infra/local/table-definitions";
import { OPEN_PERSON_LIMITS } from "#test/support/open-limits";
import { type PartitionUse, partitionUses } from "./partition-units.ts";

const peakRequestSchema = z.discriminatedUnion("type", [
  z.object({ id: z.number(), type: z.literal("record"), on: z.boolean() }),
  z.object({ id: z.number(), type: z.literal("take") }),
  z.object({ id: z.number(), type: z.literal("stop") }),
]);

/** A recorded request: when (ms after recording started), what, and its partitions. */
export interface RecordedUse {
  readonly atMs: number;
  readonly command: string;
  readonly uses: PartitionUse[];
}

const send = (message: unknown) => process.send?.(message);
const consumedSchema = z.looseObject({
  ConsumedCapacity: z
    .union([z.object({ CapacityUnits: z.number().optional() }), z.array(z.unknown())])
    .optional(),
});

async function main(): Promise<void> {
  const endpoint = process.env.BENCH_DYNAMO_ENDPOINT ?? "";
  const prefix = process.env.BENCH_TABLE_PREFIX ?? "peak-";
  const rollupEveryMs = Number(process.env.BENCH_ROLLUP_MS ?? 0);
  if (endpoint === "" || process.send === undefined) throw new Error("start me from peak-bench.ts");
  const app = await startLocalApp({
    port: 0,
    dataDir: null,
    dynamoEndpoint: endpoint,
    tablePrefix: prefix,
    seed: "full",
    demoCheckins: 0,
    webRoot: null,
    rateLimits: null,
    env: { LOG_LEVEL: "INFO", ...OPEN_PERSON_LIMITS },
  });
  const names = tableNames(prefix);
  const { client, doc } = dynamoClients();
  // The country's facilities (the check-in answer names its facility), and every day before
  // today rolled up, as a running system's roll-up leaves it at dawn.
  if (process.env.BENCH_NATIONAL_FACILITIES !== "0")
    await makeFacilityStore(doc, names.facilities).putFacilities(
      generateNationalFacilities().map((entry) => entry.facility),
    );
  const today = vnDay(new Date());
  await doc.send(
    new PutCommand({
      TableName: names.counters,
      Item: { ...ROLLUP_STATE_KEY, from: addDays(today, -400), through: addDays(today, -1) },
    }),
  );
  let recording = false;
  let started = 0;
  let recorded: RecordedUse[] = [];
  // At the build step the document client has marshalled the input: what DynamoDB receives.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!recording) return next(args);
      const command = String(context.commandName ?? "").replace(/Command$/, "");
      const input = args.input as Record<string, unknown>;
      const query = command === "Query" || command === "Scan";
      if (query) input.ReturnConsumedCapacity = "TOTAL";
      const atMs = performance.now() - started;
      const result = await next(args);
      const parsed = consumedSchema.safeParse(result.output);
      const consumed =
        parsed.success &&
        parsed.data.ConsumedCapacity !== undefined &&
        !Array.isArray(parsed.data.ConsumedCapacity)
          ? (parsed.data.ConsumedCapacity.CapacityUnits ?? 0)
          : 0;
      recorded.push({ atMs, command, uses: partitionUses(command, input, query ? consumed : 0) });
      return result;
    },
    { step: "build", name: "peakPartitionRecorder" },
  );
  if (rollupEveryMs > 0) {
    const { handler } = (await import("#functions/handlers/rollup")) as { handler: () => Promise<unknown> };
    let running = false;
    setInterval(() => {
      if (running || !recording) return;
      running = true;
      handler()
        .catch(() => undefined)
        .finally(() => {
          running = false;
        });
    }, rollupEveryMs).unref();
  }
  const stop = async () => {
    await app.stop();
    process.exit(0);
  };
  process.on("disconnect", () => void stop());
  process.on("SIGTERM", () => void stop());
  process.on("message", (raw: unknown) => {
    const request = peakRequestSchema.parse(raw);
    if (request.type === "record") {
      recording = request.on;
      if (request.on) {
        started = performance.now();
        recorded = [];
      }
      send({ id: request.id });
    } else if (request.type === "take") {
      send({ id: request.id, recorded });
      recorded = [];
    } else {
      send({ id: request.id });
      void stop();
    }
  });
  send({ type: "ready", url: app.url, tables: names });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
