/**
 * The user pool's pre-token-generation step: an admin or health-department user without TOTP gets
 * tokens without its privileged group (no API route opens for it) and a claim asking for the set-up,
 * so its access token can still enrol TOTP with Cognito and nothing else. The devices' app client
 * gets no tokens at all for an account that is not a device account.
 */
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";
import { DEVICE_CLIENT_NAME, DEVICE_ROLE, deviceAccountRequired } from "#domain/device-client";
import { MFA_REQUIRED_ROLES, mustUseMfa } from "#domain/mfa-policy";

/** The claim the pages read to send the person to the TOTP set-up. */
const MFA_SETUP_CLAIM = "tiepdon:mfa";

/** The IAM actions the gate calls on the pool; the stack grants exactly these. */
export const MFA_GATE_ACTIONS = ["cognito-idp:AdminGetUser", "cognito-idp:DescribeUserPoolClient"] as const;

/** Whether the app client a token is asked for is the devices' one. */
export type DeviceClientCheck = (userPoolId: string, clientId: string) => Promise<boolean>;

/**
 * Tells the devices' client by its name (its id cannot reach the trigger: the pool refers to the
 * trigger, so the trigger cannot refer to the pool's clients). One look-up per client and container.
 */
export function makeDeviceClientCheck(client: CognitoIdentityProviderClient): DeviceClientCheck {
  const known = new Map<string, Promise<boolean>>();
  return (userPoolId, clientId) => {
    const key = `${userPoolId}/${clientId}`;
    let answer = known.get(key);
    if (answer === undefined) {
      answer = (async () => {
        const found = await client.send(
          new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
        );
        return found.UserPoolClient?.ClientName === DEVICE_CLIENT_NAME;
      })();
      // A failed look-up is not remembered: the next sign-in asks again.
      answer.catch(() => known.delete(key));
      known.set(key, answer);
    }
    return answer;
  };
}

const isRequiredRole = (group: string) => MFA_REQUIRED_ROLES.some((role) => role === group);

/** Lets the event through, or narrows its tokens when a user who must use TOTP has none. */
export async function gateTokens(
  client: CognitoIdentityProviderClient,
  event: PreTokenGenerationTriggerEvent,
  isDeviceClient: DeviceClientCheck,
): Promise<PreTokenGenerationTriggerEvent> {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  // Throwing refuses the tokens: the hosted sign-in shows the message and the device stays signed out.
  if (!groups.includes(DEVICE_ROLE) && (await isDeviceClient(event.userPoolId, event.callerContext.clientId)))
    throw deviceAccountRequired();
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
