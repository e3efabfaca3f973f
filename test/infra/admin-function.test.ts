import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { COGNITO_ADMIN_ACTIONS } from "#functions/admin/cognito-directory";
import { API_ROUTES } from "#infra/routes";
import { type SynthesizedStack, synthesizeWithoutBundles } from "#test/infra/support/synth";
import {
  actionsOf,
  logicalIdOf,
  policySchema,
  referencedIds,
  refersTo,
  resourcesOf,
} from "#test/infra/support/template";

const functionSchema = z.object({
  Role: z.unknown(),
  Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }).optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
});

let synthesized: SynthesizedStack;

beforeAll(() => {
  synthesized = synthesizeWithoutBundles();
}, 120_000);

function functionsWithRoles() {
  return resourcesOf(synthesized.template, "AWS::Lambda::Function", functionSchema).map((fn) => ({
    name: fn.props.Tags?.find((tag) => tag.Key === "tiepdon:function")?.Value ?? fn.id,
    roleId: referencedIds(fn.props.Role)[0] ?? "",
    env: fn.props.Environment?.Variables ?? {},
  }));
}

function statementsOf(roleId: string) {
  return resourcesOf(synthesized.template, "AWS::IAM::Policy", policySchema)
    .filter((policy) => policy.props.Roles.some((role) => refersTo(role, roleId)))
    .flatMap((policy) => policy.props.PolicyDocument.Statement);
}

describe("the admin function", () => {
  it("holds exactly the Cognito admin calls its directory makes, on the staff pool only, and no other function holds any", () => {
    const poolId = logicalIdOf(synthesized.stack.signIn.userPool);
    const byFunction = functionsWithRoles().map((fn) => {
      const statements = statementsOf(fn.roleId).filter((s) =>
        actionsOf(s).some((a) => a.startsWith("cognito-idp:")),
      );
      return { ...fn, statements };
    });
    const admin = byFunction.find((fn) => fn.name === "admin");
    expect(admin).toBeDefined();
    const actions = (admin?.statements ?? []).flatMap(actionsOf).sort();
    expect(actions).toEqual([...COGNITO_ADMIN_ACTIONS].sort());
    expect(actions).toEqual([
      "cognito-idp:AdminAddUserToGroup",
      "cognito-idp:AdminCreateUser",
      "cognito-idp:AdminDisableUser",
      "cognito-idp:AdminEnableUser",
      "cognito-idp:AdminGetUser",
      "cognito-idp:AdminListGroupsForUser",
      "cognito-idp:AdminResetUserPassword",
      "cognito-idp:AdminSetUserMFAPreference",
      "cognito-idp:AdminSetUserPassword",
      "cognito-idp:ListUsersInGroup",
    ]);
    for (const statement of admin?.statements ?? []) {
      expect(referencedIds(statement.Resource)).toEqual([poolId]);
    }
    expect(referencedIds(admin?.env.USER_POOL_ID)).toEqual([poolId]);
    expect(admin?.env.ACCOUNTS_TABLE).toBeUndefined();
    // The token gate reads MFA settings and tells the devices' client by its name (this pool only);
    // no other function holds any.
    const gate = byFunction.find((fn) => fn.name === "pre-token");
    expect((gate?.statements ?? []).flatMap(actionsOf)).toEqual([
      "cognito-idp:AdminGetUser",
      "cognito-idp:DescribeUserPoolClient",
    ]);
    for (const statement of gate?.statements ?? []) {
      expect(referencedIds(statement.Resource)).toEqual([poolId]);
    }
    const others = byFunction
      .filter((fn) => fn.name !== "admin" && fn.name !== "pre-token" && fn.statements.length > 0)
      .map((fn) => fn.name);
    expect(others).toEqual([]);
  });

  it("writes the facilities table and only appends to the audit trail", () => {
    const tableIds = Object.fromEntries(
      Object.entries(synthesized.stack.data.tables).map(([key, table]) => [logicalIdOf(table), key]),
    );
    const admin = functionsWithRoles().find((fn) => fn.name === "admin");
    const access: Record<string, string[]> = {};
    for (const statement of statementsOf(admin?.roleId ?? "")) {
      const dynamo = actionsOf(statement).filter((a) => a.startsWith("dynamodb:"));
      for (const id of referencedIds(statement.Resource)) {
        const table = tableIds[id];
        if (table !== undefined && dynamo.length > 0)
          access[table] = [...new Set([...(access[table] ?? []), ...dynamo])].sort();
      }
    }
    expect(Object.keys(access).sort()).toEqual(["audit", "facilities"]);
    expect(access.audit).toEqual(["dynamodb:PutItem"]);
    expect(access.facilities).toEqual(
      expect.arrayContaining(["dynamodb:BatchWriteItem", "dynamodb:Scan", "dynamodb:UpdateItem"]),
    );
  });

  it("invites new staff in Vietnamese", () => {
    const pool = resourcesOf(
      synthesized.template,
      "AWS::Cognito::UserPool",
      z.object({
        AdminCreateUserConfig: z.object({
          AllowAdminCreateUserOnly: z.boolean(),
          InviteMessageTemplate: z.object({
            EmailSubject: z.string(),
            EmailMessage: z.string(),
            SMSMessage: z.string(),
          }),
        }),
      }),
    )[0]?.props;
    expect(pool?.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool?.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject).toBe("Tài khoản tiepdon của bạn");
    expect(pool?.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage).toContain("Mật khẩu tạm: {####}");
    expect(pool?.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage).toContain("{username}");
  });
});

describe("two-step sign-in in AWS", () => {
  it("offers TOTP to every account and never SMS; the admin function may reset a person's TOTP", () => {
    const pools = resourcesOf(
      synthesized.template,
      "AWS::Cognito::UserPool",
      z.object({
        MfaConfiguration: z.string(),
        EnabledMfas: z.array(z.string()),
        SmsConfiguration: z.unknown().optional(),
      }),
    );
    expect(pools).toHaveLength(1);
    expect(pools[0]?.props.MfaConfiguration).toBe("OPTIONAL");
    expect(pools[0]?.props.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(pools[0]?.props.SmsConfiguration).toBeUndefined();
    expect(COGNITO_ADMIN_ACTIONS).toContain("cognito-idp:AdminSetUserMFAPreference");
  });

  it("runs the token gate before Cognito issues tokens", () => {
    const pool = resourcesOf(
      synthesized.template,
      "AWS::Cognito::UserPool",
      z.object({ LambdaConfig: z.object({ PreTokenGeneration: z.unknown() }) }),
    )[0];
    const gate = resourcesOf(synthesized.template, "AWS::Lambda::Function", functionSchema).find((fn) =>
      fn.props.Tags?.some((tag) => tag.Key === "tiepdon:function" && tag.Value === "pre-token"),
    );
    expect(gate).toBeDefined();
    expect(referencedIds(pool?.props.LambdaConfig.PreTokenGeneration)).toEqual([gate?.id]);
  });
});

describe("the devices' app client", () => {
  it("is the one the token gate knows by name, and every API function knows its id", () => {
    const clients = resourcesOf(
      synthesized.template,
      "AWS::Cognito::UserPoolClient",
      z.object({ ClientName: z.string().optional() }),
    );
    const deviceId = logicalIdOf(synthesized.stack.signIn.deviceClient);
    expect(clients.find((client) => client.id === deviceId)?.props.ClientName).toBe("tiepdon-device");
    expect(clients.filter((client) => client.props.ClientName === "tiepdon-device")).toHaveLength(1);
    const routed = new Set(API_ROUTES.map((route) => route.function));
    const api = functionsWithRoles().filter((fn) => (routed as Set<string>).has(fn.name));
    expect(api.map((fn) => fn.name).sort()).toEqual([...routed].sort());
    for (const fn of api) expect(referencedIds(fn.env.DEVICE_CLIENT_ID), fn.name).toEqual([deviceId]);
    // The gate cannot be told the id (the pool refers to it): it looks the client up instead.
    const gate = functionsWithRoles().find((fn) => fn.name === "pre-token");
    expect(gate?.env.DEVICE_CLIENT_ID).toBeUndefined();
  });
});

describe("staff invitations", () => {
  const emailOf = (template: SynthesizedStack["template"]) =>
    resourcesOf(
      template,
      "AWS::Cognito::UserPool",
      z.object({
        EmailConfiguration: z
          .object({ EmailSendingAccount: z.string().optional(), From: z.string().optional() })
          .optional(),
        AdminCreateUserConfig: z.object({
          InviteMessageTemplate: z.object({ EmailSubject: z.string() }),
        }),
      }),
    )[0]?.props;

  it("go out in Vietnamese through Cognito's mailer, or through SES from the address a context key names", () => {
    const plain = emailOf(synthesized.template);
    expect(plain?.EmailConfiguration?.EmailSendingAccount ?? "COGNITO_DEFAULT").toBe("COGNITO_DEFAULT");
    const withSes = synthesizeWithoutBundles({ "tiepdon:sesFromEmail": "tiepdon@soyte.example.vn" });
    const ses = emailOf(withSes.template);
    expect(ses?.EmailConfiguration).toMatchObject({
      EmailSendingAccount: "DEVELOPER",
      From: "tiepdon <tiepdon@soyte.example.vn>",
    });
    expect(ses?.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject).toBe("Tài khoản tiepdon của bạn");
    const open = withSes.report.pluginReports.flatMap((plugin) => plugin.violations);
    expect(open).toEqual([]);
  }, 180_000);
});
