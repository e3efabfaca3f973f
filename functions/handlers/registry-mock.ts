/** The mock national card-check gateway (Lambda behind a function URL; locally under /gateway). */
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { dynamoClients } from "#functions/config/aws-clients";
import { readConfig } from "#functions/config/env";
import { loadGatewaySecret } from "#functions/config/gateway-secret";
import { makeLogger } from "#functions/http/logger";
import { DEFAULT_CLERK, REGISTERED_CLERKS } from "#functions/registry-mock/clerks";
import { setGatewayFaults } from "#functions/registry-mock/faults";
import { makeGatewayApp } from "#functions/registry-mock/gateway-app";
import { gatewayConfigSchema } from "#functions/registry-mock/gateway-config";
import { makeRegistryStore } from "#functions/stores/registry-store";

// In AWS the account comes from Secrets Manager (GATEWAY_SECRET_ARN); locally from the environment.
await loadGatewaySecret();
const config = readConfig(gatewayConfigSchema);
const logger = makeLogger("registry-mock");
const registry = makeRegistryStore(dynamoClients().doc, config.REGISTRY_TABLE);
setGatewayFaults({
  latencyMs: config.GATEWAY_LATENCY_MS,
  errorRate: config.GATEWAY_ERROR_RATE,
  timeoutRate: config.GATEWAY_TIMEOUT_RATE,
});
const configuredClerk =
  config.GATEWAY_CLERK_NAME === undefined || config.GATEWAY_CLERK_ID === undefined
    ? DEFAULT_CLERK
    : { name: config.GATEWAY_CLERK_NAME, id: config.GATEWAY_CLERK_ID };

const app = makeGatewayApp({
  findByKey: registry.findByKey,
  username: config.GATEWAY_USERNAME,
  password: config.GATEWAY_PASSWORD,
  tokenTtlSeconds: config.GATEWAY_TOKEN_TTL_SECONDS,
  slowMs: config.GATEWAY_SLOW_MS,
  faultControl: config.GATEWAY_FAULT_CONTROL === "on",
  clerks: [configuredClerk, ...REGISTERED_CLERKS.filter((clerk) => clerk.id !== configuredClerk.id)],
  onAnswer: (facts) => logger.info("gateway call", { ...facts }),
});

/** API Gateway HTTP API (payload v2) handler of the mock gateway. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use({
    onError: (request) => {
      logger.error("gateway failed", { error: request.error?.name });
      request.response = {
        statusCode: 500,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({ maKetQua: "500", ghiChu: "Lỗi hệ thống." }),
      };
    },
  })
  .handler((event) => app(event));
