import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { PreTokenGenerationTriggerEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { type DeviceClientCheck, gateTokens, makeDeviceClientCheck } from "#functions/mfa/token-mfa-gate";

const POOL = "ap-southeast-1_Example1";
const cognito = mockClient(CognitoIdentityProviderClient);
const client = new CognitoIdentityProviderClient({ region: "ap-southeast-1" });

/** The pages' client, already known not to be the devices' one. */
const pagesClient: DeviceClientCheck = async () => false;

const eventFor = (
  userName: string,
  groups: string[],
  clientId = "client",
): PreTokenGenerationTriggerEvent => ({
  version: "1",
  region: "ap-southeast-1",
  userPoolId: POOL,
  userName,
  callerContext: { awsSdkVersion: "x", clientId },
  triggerSource: "TokenGeneration_HostedAuth",
  request: { userAttributes: {}, groupConfiguration: { groupsToOverride: groups } },
  response: { claimsOverrideDetails: {} },
});

beforeEach(() => {
  cognito.reset();
});

describe("the token gate", () => {
  it("leaves a receptionist's tokens alone without asking Cognito", async () => {
    const event = await gateTokens(client, eventFor("letan.38901", ["receptionist"]), pagesClient);
    expect(event.response.claimsOverrideDetails).toEqual({});
    expect(cognito.calls()).toHaveLength(0);
  });

  it("lets an administrator with TOTP through", async () => {
    cognito.on(AdminGetUserCommand).resolves({ UserMFASettingList: ["SOFTWARE_TOKEN_MFA"] });
    const event = await gateTokens(client, eventFor("quantri.038", ["admin"]), pagesClient);
    expect(event.response.claimsOverrideDetails).toEqual({});
    expect(cognito.commandCalls(AdminGetUserCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: "quantri.038" },
    ]);
  });

  it("takes the privileged group out of a health-department user's tokens until TOTP is set up", async () => {
    cognito.on(AdminGetUserCommand).resolves({ UserMFASettingList: [] });
    const event = await gateTokens(
      client,
      eventFor("soyte.toanquoc", ["health-dept", "national"]),
      pagesClient,
    );
    expect(event.response.claimsOverrideDetails).toEqual({
      groupOverrideDetails: { groupsToOverride: ["national"] },
      claimsToAddOrOverride: { "tiepdon:mfa": "setup-required" },
    });
  });
});

describe("the devices' app client", () => {
  const names = { "device-id": "tiepdon-device", "web-id": "web-client" } as const;
  beforeEach(() => {
    cognito
      .on(DescribeUserPoolClientCommand)
      .callsFake(async (input: { ClientId: "device-id" | "web-id" }) => ({
        UserPoolClient: { ClientId: input.ClientId, ClientName: names[input.ClientId] },
      }));
  });

  it("refuses tokens to a staff account, with a coded Vietnamese and English reason", async () => {
    const isDeviceClient = makeDeviceClientCheck(client);
    const refusal = await gateTokens(
      client,
      eventFor("letan.38901", ["receptionist"], "device-id"),
      isDeviceClient,
    ).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: "DEVICE_ACCOUNT_REQUIRED",
      messages: {
        vi: expect.stringContaining("tài khoản thiết bị"),
        en: expect.stringContaining("device account"),
      },
    });
    // An administrator is refused before anything else is looked at.
    await expect(
      gateTokens(client, eventFor("quantri.038", ["admin"], "device-id"), isDeviceClient),
    ).rejects.toThrow(/device account/);
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
    // One look-up of the client per container, whatever the number of sign-ins.
    expect(cognito.commandCalls(DescribeUserPoolClientCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, ClientId: "device-id" },
    ]);
  });

  it("lets a kiosk account through without looking the client up, and staff through the pages' client", async () => {
    const isDeviceClient = makeDeviceClientCheck(client);
    const kiosk = await gateTokens(client, eventFor("kiosk.38901", ["kiosk"], "device-id"), isDeviceClient);
    expect(kiosk.response.claimsOverrideDetails).toEqual({});
    expect(cognito.commandCalls(DescribeUserPoolClientCommand)).toHaveLength(0);
    const clerk = await gateTokens(
      client,
      eventFor("letan.38901", ["receptionist"], "web-id"),
      isDeviceClient,
    );
    expect(clerk.response.claimsOverrideDetails).toEqual({});
  });
});
