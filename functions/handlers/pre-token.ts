import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";
import { gateTokens } from "#functions/mfa/token-mfa-gate";

const client = new CognitoIdentityProviderClient({});

/** Cognito's pre-token-generation trigger: admin and health-department tokens need TOTP set up. */
export const handler = (event: PreTokenGenerationTriggerEvent) => gateTokens(client, event);
