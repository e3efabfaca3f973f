import { join } from "node:path";
import { parseArgs } from "node:util";
import { TiepdonError } from "#domain/errors";
import { PROJECT_ROOT } from "#infra/project-root";
import { type DemoCertificate, DemoCertificateError, demoCertificateFrom } from "./certificate-from-env.ts";
import { DynamoLocalStartError } from "./dynamo-local.ts";
import { type ExternalGateway, ExternalGatewayError, externalGatewayFrom } from "./external-gateway.ts";
import { startLocalApp } from "./local-app.ts";
import { isLoopbackHost, NOT_LOOPBACK_REASON } from "./loopback.ts";
import { clinicReadyLines, readyLines } from "./ready-lines.ts";
import { buildWebIfStale, type WebBuildResult } from "./web-build.ts";

/** `npm start`: the whole system on one port over DynamoDB Local; Ctrl-C stops everything. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fresh: { type: "boolean", default: false },
      seed: { type: "string", default: "demo" },
      clinic: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.seed !== "demo" && values.seed !== "national") {
    fail(`--seed ${values.seed} is not a seed: use --seed demo (the default) or --seed national.`);
  }
  // The national data set keeps its own database, so switching seeds never wipes the other one.
  const national = values.seed === "national";
  // A clinic's real data never shares a database with the demo's.
  const clinic = values.clinic;
  if (clinic && national) fail("--clinic runs without demo data: leave out --seed national.");
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    fail(`PORT must be a number from 1 to 65535, not "${process.env.PORT}".`);
  }
  const host = process.env.HOST ?? "127.0.0.1";
  if (!isLoopbackHost(host)) fail(`HOST=${host} is refused: ${NOT_LOOPBACK_REASON}`);
  let gateway: ExternalGateway | null = null;
  let certificate: DemoCertificate | null = null;
  try {
    gateway = externalGatewayFrom(process.env);
    certificate = demoCertificateFrom(process.env);
  } catch (error) {
    if (error instanceof ExternalGatewayError || error instanceof DemoCertificateError) fail(error.message);
    throw error;
  }
  // The pages build while DynamoDB Local starts; until then (or if it fails) the pages say why.
  let pages: WebBuildResult | null = null;
  const building = buildWebIfStale(PROJECT_ROOT).then((result) => {
    pages = result;
    return result;
  });
  const app = await startLocalApp({
    port,
    host,
    ...(gateway === null ? {} : { gateway }),
    ...(certificate === null ? {} : { certificate }),
    dataDir: join(PROJECT_ROOT, clinic ? ".data-clinic" : national ? ".data-national" : ".data"),
    mode: clinic ? "clinic" : "demo",
    fresh: values.fresh,
    seed: national ? "national" : "full",
    reverifyEveryMs: 60_000,
    rollupEveryMs: 60_000,
    xml0EveryMs: 15_000,
    log: (line) => console.log(`tiepdon: ${line}`),
    pagesProblem: () => {
      const state: WebBuildResult | null = pages;
      if (state === null) return "The pages are being built; reload in a few seconds.";
      return state.outcome === "failed" ? state.reason : null;
    },
  });
  const built = await building;
  if (built.outcome === "built") console.log(`tiepdon: built the pages in ${built.seconds.toFixed(1)} s`);
  if (built.outcome === "failed") console.error(`tiepdon: the pages could not be built. ${built.reason}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`tiepdon: ${signal} received, stopping`);
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  const lines = clinic
    ? clinicReadyLines(app.url, app.dynamo.pid, app.gateway, app.firstAdmin)
    : readyLines(app.url, app.dynamo.pid, app.gateway);
  console.log(lines.join("\n"));
}

function fail(message: string): never {
  console.error(`tiepdon: ${message}`);
  process.exit(1);
}

main().catch((error: unknown) => {
  if (error instanceof DynamoLocalStartError) fail(error.message);
  // A certificate that cannot sign (wrong passphrase, expired…) says why in its own words.
  if (error instanceof TiepdonError) fail(`${error.code}: ${error.messages.en}`);
  if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
    fail(
      `port ${process.env.PORT ?? 3000} is taken; stop what uses it or start with PORT=<free port> npm start.`,
    );
  }
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
});
