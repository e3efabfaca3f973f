/**
 * The user pool's pre-token-generation step: an admin or health-department user without TOTP gets
 * tokens without its privileged group (no API route opens for it) and a claim asking for the set-up,
 * so its access token can still enrol TOTP with Cognito and nothing else.
 */
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";
import { MFA_REQUIRED_ROLES, mustUseMfa } from "#domain/mfa-policy";

/** The claim the pages read to send the person to the TOTP set-up. */
const MFA_SETUP_CLAIM = "tiepdon:mfa";

/** The IAM actions the gate calls on the pool; the stack grants exactly these. */
export const MFA_GATE_ACTIONS = ["cognito-idp:AdminGetUser"] as const;

const isRequiredRole = (group: string) => MFA_REQUIRED_ROLES.some((role) => role === group);

/** Lets the event through, or narrows its tokens when a user who must use TOTP has none. */
export async function gateTokens(
  client: CognitoIdentityProviderClient,
  event: PreTokenGenerationTriggerEvent,
): Promise<PreTokenGenerationTriggerEvent> {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  if (!mustUseMfa(groups)) return event;
  const user = await client.send(
    new AdminGetUserCommand({ UserPoolId: event.userPoolId, Username: event.userName }),
  );
  if ((user.UserMFASettingList ?? []).includes("SOFTWARE_TOKEN_MFA")) return event;
  event.response.claimsOverrideDetails = {
    groupOverrideDetails: { groupsToOverride: groups.filter((group) => !isRequiredRole(group)) },
    claimsToAddOrOverride: { [MFA_SETUP_CLAIM]: "setup-required" },
  };
  return event;
}
