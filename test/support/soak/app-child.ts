/**
 * The whole app in a child process, so a test can kill it with SIGKILL and start it again on the
 * same port: `node --import tsx app-child.ts` with its settings in SOAK_APP_* variables. Without
 * SOAK_APP_DYNAMO_ENDPOINT it starts its own DynamoDB Local on disk in the data folder, as `npm start`.
 */
import { RATE_LIMITS } from "#infra/limits";
import { externalGatewayFrom } from "#infra/local/external-gateway";
import { startLocalApp } from "#infra/local/local-app";
import { readyLines } from "#infra/local/ready-lines";
import { OPEN_PERSON_LIMITS } from "../open-limits.ts";

const ownDynamo = (process.env.SOAK_APP_DYNAMO_ENDPOINT ?? "") === "";

function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

// As `npm start`: another gateway when the environment names one.
const gateway = externalGatewayFrom(process.env);
const app = await startLocalApp({
  ...(gateway === null ? {} : { gateway }),
  port: Number(setting("SOAK_APP_PORT")),
  dataDir: setting("SOAK_APP_DATA_DIR"),
  ...(ownDynamo ? {} : { dynamoEndpoint: setting("SOAK_APP_DYNAMO_ENDPOINT") }),
  tablePrefix: setting("SOAK_APP_TABLE_PREFIX"),
  seed: setting("SOAK_APP_SEED") === "full" ? "full" : "small",
  // No demo history: every visit in the log must be one the load test made.
  demoCheckins: 0,
  webRoot: null,
  rateLimits: RATE_LIMITS,
  reverifyEveryMs: 0,
  env: { GATEWAY_TIMEOUT_MS: "800", GATEWAY_SLOW_MS: "2500", ...OPEN_PERSON_LIMITS },
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${readyLines(app.url, app.dynamo.pid, app.gateway).join("\n")}\n`);
process.stdout.write(`soak-app ready ${app.url} dynamodb ${app.dynamo.endpoint}\n`);
const stop = () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
