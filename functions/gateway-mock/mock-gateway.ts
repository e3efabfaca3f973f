/**
 * The deployed mock gateway put together once per container: settings, account, registry table,
 * clerks, and the XML0 intake (checkInKcbQd3176) for the same account.
 */
import * as z from "zod";
import { dynamoClients } from "#functions/config/aws-clients";
import { readConfig } from "#functions/config/env";
import type { GatewayAccount } from "#functions/config/gateway-account";
import { XML0_PATHS } from "#functions/gateway/xml0-protocol";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { DEFAULT_CLERK, REGISTERED_CLERKS } from "./clerks.ts";
import { demoFacilityAccounts } from "./demo-accounts.ts";
import { setGatewayFaults } from "./faults.ts";
import { type GatewayEvent, type GatewayFacts, type GatewayResult, makeGatewayApp } from "./gateway-app.ts";
import { gatewayConfigSchema } from "./gateway-config.ts";
import { blankAnswer } from "./gateway-rules.ts";
import { makeFacilityGateway } from "./xml0-gateway.ts";

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
  const cardCheck = makeGatewayApp({
    findByKey: people.findByKey,
    recordCheck: people.recordCheck,
    accounts: [account, ...demoFacilityAccounts().filter((demo) => demo.username !== account.username)],
    tokenTtlSeconds: config.GATEWAY_TOKEN_TTL_SECONDS,
    slowMs: config.GATEWAY_SLOW_MS,
    faultControl: config.GATEWAY_FAULT_CONTROL === "on",
    clerks: [configuredClerk, ...REGISTERED_CLERKS.filter((clerk) => clerk.id !== configuredClerk.id)],
    onAnswer,
  });
  // Token pairs are keyed to the account's digest, so a pair from token/take above passes here.
  const xml0 = makeFacilityGateway({
    accounts: [
      {
        facilityCode: null,
        username: account.username,
        password: account.password,
        clerks: [],
        certificatePem: config.GATEWAY_SIGNING_CERTIFICATE_PEM ?? null,
      },
    ],
    tokenTtlSeconds: config.GATEWAY_TOKEN_TTL_SECONDS,
    visitsOf: async () => null,
  });
  return async (event: GatewayEvent): Promise<GatewayResult> => {
    const path = event.rawPath ?? event.requestContext.http.path;
    if (!path.replace(/\/+$/, "").endsWith(XML0_PATHS.checkIn)) return cardCheck(event);
    const answer = (await xml0.handle(event)) ?? notFound();
    const resultCode = xml0ResultSchema.safeParse(JSON.parse(answer.body ?? "{}"));
    onAnswer({
      route: "xml0",
      status: answer.statusCode ?? 200,
      resultCode: resultCode.success ? resultCode.data.maKetQua : null,
      fault: null,
    });
    return answer;
  };
}

const xml0ResultSchema = z.object({ maKetQua: z.string() });

function notFound(): GatewayResult {
  return {
    statusCode: 404,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ maKetQua: "404", ghiChu: "Không tìm thấy chức năng." }),
  };
}

/** What the gateway answers when the function itself fails: its own 500, no internals. */
export function gatewayFailure(): GatewayResult {
  return {
    statusCode: 500,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(blankAnswer("500")),
  };
}
