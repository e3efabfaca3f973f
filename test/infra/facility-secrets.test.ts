/**
 * The facilities' gateway secrets in the template: one customer-managed key; the functions that
 * call the gateway may only decrypt with it, the administration of gateway accounts may only
 * encrypt, and both only under an encryption context naming the facility.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
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

/** Each function's statements on the facility secrets key. */
function keyUse() {
  const keyId = logicalIdOf(synthesized.stack.facilitySecrets.key);
  const policies = resourcesOf(synthesized.template, "AWS::IAM::Policy", policySchema);
  return resourcesOf(synthesized.template, "AWS::Lambda::Function", functionSchema).map((fn) => {
    const roleId = referencedIds(fn.props.Role)[0] ?? "";
    const statements = policies
      .filter((policy) => policy.props.Roles.some((role) => refersTo(role, roleId)))
      .flatMap((policy) => policy.props.PolicyDocument.Statement)
      .filter((statement) => referencedIds(statement.Resource).includes(keyId));
    return {
      name: fn.props.Tags?.find((tag) => tag.Key === "tiepdon:function")?.Value ?? fn.id,
      actions: [...new Set(statements.flatMap(actionsOf))].sort(),
      conditions: statements.map((statement) => JSON.stringify(statement.Condition ?? null)),
      env: fn.props.Environment?.Variables ?? {},
    };
  });
}

describe("the facilities' gateway secrets", () => {
  it("may be decrypted by the card-checking functions and encrypted only by the gateway account administration", () => {
    const users = keyUse().filter((fn) => fn.actions.length > 0);
    expect(Object.fromEntries(users.map((fn) => [fn.name, fn.actions]))).toEqual({
      checkin: ["kms:Decrypt"],
      lookup: ["kms:Decrypt"],
      recheck: ["kms:Decrypt"],
      reverify: ["kms:Decrypt"],
      "xml0-send": ["kms:Decrypt"],
      "gateway-admin": ["kms:Encrypt"],
    });
  });

  it("only under an encryption context that names the facility", () => {
    for (const fn of keyUse().filter((candidate) => candidate.actions.length > 0)) {
      expect(fn.conditions).toEqual([
        JSON.stringify({
          "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": ["facility"] },
          Null: { "kms:EncryptionContext:facility": "false" },
        }),
      ]);
      expect(Object.keys(fn.env)).toEqual(
        expect.arrayContaining(["GATEWAY_ACCOUNTS_TABLE", "FACILITY_SECRETS_KMS_KEY"]),
      );
    }
  });

  it("raises an alarm when the gateway refuses a facility's account", () => {
    const alarms = resourcesOf(
      synthesized.template,
      "AWS::CloudWatch::Alarm",
      z.object({
        MetricName: z.string().optional(),
        Threshold: z.number(),
        AlarmActions: z.array(z.unknown()),
      }),
    ).filter((alarm) => alarm.props.MetricName === "GatewayAccountRefused");
    expect(alarms.map((alarm) => [alarm.props.Threshold, alarm.props.AlarmActions.length])).toEqual([[1, 1]]);
  });

  it("is one customer-managed key with rotation", () => {
    const key = resourcesOf(
      synthesized.template,
      "AWS::KMS::Key",
      z.object({ EnableKeyRotation: z.boolean().optional() }),
    ).find((resource) => resource.id === logicalIdOf(synthesized.stack.facilitySecrets.key));
    expect(key?.props.EnableKeyRotation).toBe(true);
  });
});
