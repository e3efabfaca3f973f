import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";
import { gateTokens, makeDeviceClientCheck } from "#functions/mfa/token-mfa-gate";

const client = new CognitoIdentityProviderClient({});
const isDeviceClient = makeDeviceClientCheck(client);

/**
 * Cognito's pre-token-generation trigger: admin and health-department tokens need TOTP set up, and
 * the devices' client issues tokens to device accounts only.
 */
export const handler = (event: PreTokenGenerationTriggerEvent) => gateTokens(client, event, isDeviceClient);
