/** The deployed mock gateway put together once per container: settings, account, registry table, clerks. */
import { dynamoClients } from "#functions/config/aws-clients";
import { readConfig } from "#functions/config/env";
import type { GatewayAccount } from "#functions/config/gateway-account";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { DEFAULT_CLERK, REGISTERED_CLERKS } from "./clerks.ts";
import { demoFacilityAccounts } from "./demo-accounts.ts";
import { setGatewayFaults } from "./faults.ts";
import { type GatewayFacts, type GatewayResult, makeGatewayApp } from "./gateway-app.ts";
import { gatewayConfigSchema } from "./gateway-config.ts";
import { blankAnswer } from "./gateway-rules.ts";

/** Builds the mock for `account` (and the demo facilities' own accounts) from the function's settings; `onAnswer` hears one fact line per call. */
export function makeMockGateway(account: GatewayAccount, onAnswer: (facts: GatewayFacts) => void) {
  const config = readConfig(gatewayConfigSchema);
  const people = makePersonStore(dynamoClients().doc, config.REGISTRY_TABLE);
  setGatewayFaults({
    latencyMs: config.GATEWAY_LATENCY_MS,
    errorRate: config.GATEWAY_ERROR_RATE,
    timeoutRate: config.GATEWAY_TIMEOUT_RATE,
  });
  const configuredClerk =
    config.GATEWAY_CLERK_NAME === undefined || config.GATEWAY_CLERK_ID === undefined
      ? DEFAULT_CLERK
      : { name: config.GATEWAY_CLERK_NAME, id: config.GATEWAY_CLERK_ID };
  return makeGatewayApp({
    findByKey: people.findByKey,
    recordCheck: people.recordCheck,
    accounts: [account, ...demoFacilityAccounts().filter((demo) => demo.username !== account.username)],
    tokenTtlSeconds: config.GATEWAY_TOKEN_TTL_SECONDS,
    slowMs: config.GATEWAY_SLOW_MS,
    faultControl: config.GATEWAY_FAULT_CONTROL === "on",
    clerks: [configuredClerk, ...REGISTERED_CLERKS.filter((clerk) => clerk.id !== configuredClerk.id)],
    onAnswer,
  });
}

/** What the gateway answers when the function itself fails: its own 500, no internals. */
export function gatewayFailure(): GatewayResult {
  return {
    statusCode: 500,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(blankAnswer("500")),
  };
}
