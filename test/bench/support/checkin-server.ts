/**
 * The check-in benchmark's server: `npm start`'s local app (the same handlers and HTTP adapter,
 * rate limits off, no pages) in its own process, so the load generator does not share its event
 * loop. Its one DynamoDB client, used by the check-in handler and the mock gateway alike, is
 * metered; the parent asks for the meter over the IPC channel.
 *
 * Started by checkin-throughput.ts with BENCH_DYNAMO_ENDPOINT, BENCH_TABLE_PREFIX, BENCH_SEED.
 */
import { z } from "zod";
import { dynamoClients } from "#functions/config/aws-clients";
import { startLocalApp } from "#infra/local/local-app";
import { tableNames } from "#infra/local/table-definitions";
import { OPEN_PERSON_LIMITS } from "#test/support/open-limits";
import { installDynamoMeter } from "./dynamo-meter.ts";

/** Requests the parent sends. */
export const serverRequestSchema = z.discriminatedUnion("type", [
  z.object({ id: z.number(), type: z.literal("record"), on: z.boolean() }),
  z.object({ id: z.number(), type: z.literal("take") }),
  z.object({ id: z.number(), type: z.literal("stop") }),
]);
export type ServerRequest = z.infer<typeof serverRequestSchema>;

const send = (message: unknown) => process.send?.(message);

async function main(): Promise<void> {
  const endpoint = process.env.BENCH_DYNAMO_ENDPOINT ?? "";
  const prefix = process.env.BENCH_TABLE_PREFIX ?? "bench-";
  const seed = process.env.BENCH_SEED === "small" ? "small" : "full";
  if (endpoint === "" || process.send === undefined) throw new Error("start me from checkin-throughput.ts");
  const started = performance.now();
  const app = await startLocalApp({
    port: 0,
    dataDir: null,
    dynamoEndpoint: endpoint,
    tablePrefix: prefix,
    seed,
    // Demo history would leave today's duplicate guards behind; the benchmark brings its own people.
    demoCheckins: 0,
    webRoot: null,
    rateLimits: null,
    // The deployed functions log at INFO; the lines go to /dev/null but are still built.
    env: { LOG_LEVEL: "INFO", ...OPEN_PERSON_LIMITS },
  });
  const meter = installDynamoMeter(dynamoClients().client);
  // Check-ins received: each runs to its end even when the load generator hangs up at its deadline,
  // and the parent waits for the server to go quiet, so every DynamoDB request counted has its check-in.
  let received = 0;
  app.server.server.on("request", (req) => {
    if (req.method === "POST" && req.url === "/api/checkins") received++;
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.stop();
    process.exit(0);
  };
  process.on("disconnect", () => void stop());
  process.on("SIGTERM", () => void stop());
  process.on("message", (raw: unknown) => {
    const request = serverRequestSchema.parse(raw);
    switch (request.type) {
      case "record":
        meter.setRecording(request.on);
        send({ id: request.id });
        break;
      case "take":
        send({ id: request.id, take: { ...meter.take(), checkins: received } });
        received = 0;
        break;
      case "stop":
        send({ id: request.id });
        void stop();
        break;
    }
  });
  send({
    type: "ready",
    url: app.url,
    tables: tableNames(prefix),
    startSeconds: (performance.now() - started) / 1000,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
