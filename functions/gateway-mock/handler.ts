/** The mock national card-check gateway (Lambda behind a function URL; locally under /gateway). */
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { loadGatewayAccount } from "#functions/config/gateway-account";
import { gatewayFailure, makeMockGateway } from "#functions/gateway-mock/mock-gateway";
import { makeLogger } from "#functions/http/logger";

const logger = makeLogger("gateway-mock");
// The account is read once per container (from Secrets Manager in AWS) and handed to the mock.
const gateway = makeMockGateway(await loadGatewayAccount(), (facts) =>
  logger.info("gateway call", { ...facts }),
);

/** Function URL (payload v2) handler of the mock gateway. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use({
    onError: (request) => {
      logger.error("gateway failed", { error: request.error?.name });
      request.response = gatewayFailure();
    },
  })
  .handler((event) => gateway(event));
