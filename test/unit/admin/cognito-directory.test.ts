import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  UserNotFoundException,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import type { AccountDraft } from "#domain/account-rules";
import { makeCognitoDirectory } from "#functions/admin/cognito-directory";

const POOL = "ap-southeast-1_Example1";
const cognito = mockClient(CognitoIdentityProviderClient);
const directory = makeCognitoDirectory(new CognitoIdentityProviderClient({ region: "ap-southeast-1" }), POOL);

const receptionist: AccountDraft = {
  username: "letan.38901",
  role: "receptionist",
  facility: "38901",
  province: "038",
  national: false,
  name: "Lê Thị Hoa",
  idNumber: "038190000001",
  email: null,
};

/** The calls the client made, as "Command {input}" pairs in order. */
const calls = () => cognito.calls().map((call) => [call.args[0].constructor.name, call.args[0].input]);

beforeEach(() => {
  cognito.reset();
});

describe("the Cognito directory calls the pool's admin API and nothing else", () => {
  it("creates a receptionist with its claims as attributes, no invitation mail, then puts it in its role's group", async () => {
    await directory.create(receptionist, "one-time-PASSWORD-7Kx");
    expect(calls()).toEqual([
      [
        "AdminCreateUserCommand",
        {
          UserPoolId: POOL,
          Username: "letan.38901",
          TemporaryPassword: "one-time-PASSWORD-7Kx",
          UserAttributes: [
            { Name: "custom:facility", Value: "38901" },
            { Name: "custom:province", Value: "038" },
            { Name: "name", Value: "Lê Thị Hoa" },
            { Name: "custom:cccd", Value: "038190000001" },
          ],
          MessageAction: "SUPPRESS",
        },
      ],
      [
        "AdminAddUserToGroupCommand",
        { UserPoolId: POOL, Username: "letan.38901", GroupName: "receptionist" },
      ],
    ]);
  });

  it("marks a national account by its attribute and mails the Vietnamese invitation when there is an address", async () => {
    await directory.create(
      {
        ...receptionist,
        username: "soyte.toanquoc",
        role: "health-dept",
        facility: null,
        province: null,
        national: true,
        idNumber: null,
        name: null,
        email: "soyte@example.vn",
      },
      "one-time-PASSWORD-7Kx",
    );
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toMatchObject({
      UserAttributes: [
        { Name: "custom:national", Value: "true" },
        { Name: "email", Value: "soyte@example.vn" },
        { Name: "email_verified", Value: "true" },
      ],
      DesiredDeliveryMediums: ["EMAIL"],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input.GroupName).toBe("health-dept");
  });

  it("answers a taken name as ACCOUNT_EXISTS and adds no group", async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: "exists", $metadata: {} }));
    await expect(directory.create(receptionist, "one-time-PASSWORD-7Kx")).rejects.toMatchObject({
      code: "ACCOUNT_EXISTS",
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it("lists each role's group page by page and reads the claims back", async () => {
    cognito
      .on(ListUsersInGroupCommand)
      .resolves({ Users: [] })
      .on(ListUsersInGroupCommand, { GroupName: "receptionist" })
      .resolvesOnce({
        Users: [
          {
            Username: "letan.38901",
            Enabled: true,
            Attributes: [
              { Name: "custom:facility", Value: "38901" },
              { Name: "custom:province", Value: "038" },
            ],
          },
        ],
        NextToken: "page-2",
      })
      .resolvesOnce({
        Users: [
          {
            Username: "letan.38902",
            Enabled: false,
            Attributes: [{ Name: "custom:facility", Value: "38902" }],
          },
        ],
      });
    const accounts = await directory.list({ facility: "38901" });
    expect(accounts).toEqual([
      {
        username: "letan.38901",
        role: "receptionist",
        facility: "38901",
        province: "038",
        national: false,
        name: null,
        idNumber: null,
        enabled: true,
      },
    ]);
    const groups = cognito
      .commandCalls(ListUsersInGroupCommand)
      .map((call) => [call.args[0].input.GroupName, call.args[0].input.NextToken]);
    expect(groups).toEqual([
      ["receptionist", undefined],
      ["receptionist", "page-2"],
      ["kiosk", undefined],
      ["room", undefined],
      ["health-dept", undefined],
      ["admin", undefined],
    ]);
  });

  it("finds an account with its role from its groups, and null for an unknown one", async () => {
    cognito.on(AdminGetUserCommand, { Username: "letan.38901" }).resolves({
      Username: "letan.38901",
      Enabled: true,
      UserAttributes: [{ Name: "custom:facility", Value: "38901" }],
    });
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: "receptionist" }] });
    cognito
      .on(AdminGetUserCommand, { Username: "nobody" })
      .rejects(new UserNotFoundException({ message: "no", $metadata: {} }));
    expect(await directory.find("letan.38901")).toMatchObject({
      role: "receptionist",
      facility: "38901",
      enabled: true,
    });
    expect(await directory.find("nobody")).toBeNull();
  });

  it("resets with a one-time password the person changes at sign-in, or mails a code to a verified address", async () => {
    cognito.on(AdminGetUserCommand, { Username: "letan.38901" }).resolves({ UserAttributes: [] });
    cognito
      .on(AdminGetUserCommand, { Username: "soyte.038" })
      .resolves({ UserAttributes: [{ Name: "email_verified", Value: "true" }] });
    expect(await directory.resetPassword("letan.38901", "new-ONE-time-7Kx")).toBe("new-ONE-time-7Kx");
    expect(await directory.resetPassword("soyte.038", "unused-ONE-7Kx")).toBeNull();
    expect(cognito.commandCalls(AdminSetUserPasswordCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: "letan.38901", Password: "new-ONE-time-7Kx", Permanent: false },
    ]);
    expect(cognito.commandCalls(AdminResetUserPasswordCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: "soyte.038" },
    ]);
  });

  it("disables and enables, answering an unknown name as ACCOUNT_NOT_FOUND", async () => {
    await directory.setEnabled("letan.38901", false);
    await directory.setEnabled("letan.38901", true);
    expect(calls()).toEqual([
      ["AdminDisableUserCommand", { UserPoolId: POOL, Username: "letan.38901" }],
      ["AdminEnableUserCommand", { UserPoolId: POOL, Username: "letan.38901" }],
    ]);
    cognito.on(AdminDisableUserCommand).rejects(new UserNotFoundException({ message: "no", $metadata: {} }));
    await expect(directory.setEnabled("nobody", false)).rejects.toMatchObject({ code: "ACCOUNT_NOT_FOUND" });
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
  });

  it("resets a person's TOTP by turning the software token off, answering an unknown name as ACCOUNT_NOT_FOUND", async () => {
    await directory.resetMfa("quantri.038");
    expect(calls()).toEqual([
      [
        "AdminSetUserMFAPreferenceCommand",
        {
          UserPoolId: POOL,
          Username: "quantri.038",
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        },
      ],
    ]);
    cognito
      .on(AdminSetUserMFAPreferenceCommand)
      .rejects(new UserNotFoundException({ message: "no", $metadata: {} }));
    await expect(directory.resetMfa("nobody")).rejects.toMatchObject({ code: "ACCOUNT_NOT_FOUND" });
  });
});
