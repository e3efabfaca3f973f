import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { gateTokens } from "#functions/mfa/token-mfa-gate";

const POOL = "ap-southeast-1_Example1";
const cognito = mockClient(CognitoIdentityProviderClient);
const client = new CognitoIdentityProviderClient({ region: "ap-southeast-1" });

const eventFor = (userName: string, groups: string[]): PreTokenGenerationTriggerEvent => ({
  version: "1",
  region: "ap-southeast-1",
  userPoolId: POOL,
  userName,
  callerContext: { awsSdkVersion: "x", clientId: "client" },
  triggerSource: "TokenGeneration_HostedAuth",
  request: { userAttributes: {}, groupConfiguration: { groupsToOverride: groups } },
  response: { claimsOverrideDetails: {} },
});

beforeEach(() => {
  cognito.reset();
});

describe("the token gate", () => {
  it("leaves a receptionist's tokens alone without asking Cognito", async () => {
    const event = await gateTokens(client, eventFor("letan.38901", ["receptionist"]));
    expect(event.response.claimsOverrideDetails).toEqual({});
    expect(cognito.calls()).toHaveLength(0);
  });

  it("lets an administrator with TOTP through", async () => {
    cognito.on(AdminGetUserCommand).resolves({ UserMFASettingList: ["SOFTWARE_TOKEN_MFA"] });
    const event = await gateTokens(client, eventFor("quantri.038", ["admin"]));
    expect(event.response.claimsOverrideDetails).toEqual({});
    expect(cognito.commandCalls(AdminGetUserCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: "quantri.038" },
    ]);
  });

  it("takes the privileged group out of a health-department user's tokens until TOTP is set up", async () => {
    cognito.on(AdminGetUserCommand).resolves({ UserMFASettingList: [] });
    const event = await gateTokens(client, eventFor("soyte.toanquoc", ["health-dept", "national"]));
    expect(event.response.claimsOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: ["national"] },
      claimsToAddOrOverride: { "tiepdon:mfa": "setup-required" },
    });
  });
});
