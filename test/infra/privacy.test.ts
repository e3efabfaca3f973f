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

let synthesized: SynthesizedStack;

beforeAll(() => {
  synthesized = synthesizeWithoutBundles();
}, 180_000);

const FUNCTION_TAG = "tiepdon:function";
const functionSchema = z.object({
  Role: z.unknown(),
  Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }).optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
});

/** Each of our functions' DynamoDB actions on one table, by function name. */
function accessTo(table: "audit" | "limits"): Record<string, string[]> {
  const tableId = logicalIdOf(synthesized.stack.data.tables[table]);
  const policies = resourcesOf(synthesized.template, "AWS::IAM::Policy", policySchema);
  const access: Record<string, string[]> = {};
  for (const fn of resourcesOf(synthesized.template, "AWS::Lambda::Function", functionSchema)) {
    const name = fn.props.Tags?.find((tag) => tag.Key === FUNCTION_TAG)?.Value;
    const roleId = referencedIds(fn.props.Role)[0];
    if (name === undefined || roleId === undefined) continue;
    const actions = policies
      .filter((policy) => policy.props.Roles.some((role) => refersTo(role, roleId)))
      .flatMap((policy) => policy.props.PolicyDocument.Statement)
      .filter((statement) => referencedIds(statement.Resource).includes(tableId))
      .flatMap(actionsOf)
      .filter((action) => action.startsWith("dynamodb:"));
    if (actions.length > 0) access[name] = [...new Set(actions)].sort();
  }
  return access;
}

const tableSchema = z.object({
  TimeToLiveSpecification: z.object({ AttributeName: z.string(), Enabled: z.boolean() }).optional(),
  GlobalSecondaryIndexes: z.array(z.object({ IndexName: z.string() })).optional(),
});

describe("the audit trail in AWS", () => {
  it("is append-only: writers may PutItem and nothing else; no function may update or delete a line", () => {
    const access = accessTo("audit");
    for (const writer of ["lookup", "checkin", "checkins-list", "recheck", "outbox-notice"])
      expect(access[writer], writer).toEqual(["dynamodb:PutItem"]);
    for (const [name, actions] of Object.entries(access)) {
      for (const forbidden of [
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:PartiQLUpdate",
        "dynamodb:PartiQLDelete",
      ])
        expect(actions, name).not.toContain(forbidden);
    }
    // Only the audit function and a data subject's request read it (and append their own lines).
    const readers = Object.entries(access)
      .filter(([, actions]) => actions.includes("dynamodb:Query"))
      .map(([name]) => name);
    expect(readers).toEqual(["audit", "subject-admin"]);
    expect(access.audit).toContain("dynamodb:PutItem");
  });

  it("expires lines by TTL and searches by subject through its own index", () => {
    const id = logicalIdOf(synthesized.stack.data.tables.audit);
    const table = resourcesOf(synthesized.template, "AWS::DynamoDB::GlobalTable", tableSchema).find(
      (t) => t.id === id,
    );
    expect(table?.props.TimeToLiveSpecification).toEqual({ AttributeName: "ttl", Enabled: true });
    expect(table?.props.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(["bySubject"]);
  });

  it("hashes subjects with a generated per-deployment key that only the trail's writers read, never in their settings", () => {
    const keyId = logicalIdOf(synthesized.stack.privacy.subjectKey);
    synthesized.template.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    const policies = resourcesOf(synthesized.template, "AWS::IAM::Policy", policySchema);
    const readers = new Set(
      policies
        .filter((policy) =>
          policy.props.PolicyDocument.Statement.some(
            (s) =>
              actionsOf(s).includes("secretsmanager:GetSecretValue") &&
              referencedIds(s.Resource).includes(keyId),
          ),
        )
        .flatMap((policy) => policy.props.Roles.flatMap((role) => referencedIds(role))),
    );
    const functions = resourcesOf(synthesized.template, "AWS::Lambda::Function", functionSchema);
    const writers = Object.keys(accessTo("audit"));
    for (const fn of functions) {
      const name = fn.props.Tags?.find((tag) => tag.Key === FUNCTION_TAG)?.Value ?? fn.id;
      const roleId = referencedIds(fn.props.Role)[0] ?? "";
      expect(readers.has(roleId), name).toBe(writers.includes(name));
      expect(Object.keys(fn.props.Environment?.Variables ?? {}), name).not.toContain("SUBJECT_KEY");
    }
  });
});

describe("the limits in AWS", () => {
  it("keep their counters in a table every container shares, expiring by TTL, changed only by UpdateItem", () => {
    const id = logicalIdOf(synthesized.stack.data.tables.limits);
    const table = resourcesOf(synthesized.template, "AWS::DynamoDB::GlobalTable", tableSchema).find(
      (t) => t.id === id,
    );
    expect(table?.props.TimeToLiveSpecification).toEqual({ AttributeName: "ttl", Enabled: true });
    // Every route that reveals or writes a person's data takes from them.
    expect(accessTo("limits")).toEqual({
      checkin: ["dynamodb:UpdateItem"],
      lookup: ["dynamodb:UpdateItem"],
      recheck: ["dynamodb:UpdateItem"],
    });
  });

  it("alarm when an account reaches its daily typed-number cap, to the operators' topic", () => {
    const alarms = resourcesOf(
      synthesized.template,
      "AWS::CloudWatch::Alarm",
      z.object({ AlarmDescription: z.string(), AlarmActions: z.array(z.unknown()) }),
    );
    const topicId = logicalIdOf(synthesized.stack.alarms.topic);
    const walk = alarms.filter((alarm) => alarm.props.AlarmDescription.includes("registry walk"));
    expect(walk).toHaveLength(1);
    for (const alarm of walk)
      expect(alarm.props.AlarmActions.some((action) => refersTo(action, topicId))).toBe(true);
  });

  it("alarm when an account or a facility looks up far more people than it checks in, one alarm per scope", () => {
    const alarms = resourcesOf(
      synthesized.template,
      "AWS::CloudWatch::Alarm",
      z.object({
        AlarmDescription: z.string(),
        AlarmActions: z.array(z.unknown()),
        MetricName: z.string().optional(),
        Namespace: z.string().optional(),
        Statistic: z.string().optional(),
        Threshold: z.number(),
        Dimensions: z.array(z.object({ Name: z.string(), Value: z.unknown() })).optional(),
      }),
    ).filter((alarm) => alarm.props.MetricName === "LookupsBeyondCheckins");
    const topicId = logicalIdOf(synthesized.stack.alarms.topic);
    const byScope = Object.fromEntries(
      alarms.map((alarm) => {
        const dimensions = Object.fromEntries(
          (alarm.props.Dimensions ?? []).map((dimension) => [dimension.Name, dimension.Value]),
        );
        expect(alarm.props.Namespace).toBe("tiepdon");
        expect(alarm.props.Statistic).toBe("Maximum");
        expect(dimensions.service).toBe("lookup");
        expect(alarm.props.AlarmActions.some((action) => refersTo(action, topicId))).toBe(true);
        expect(alarm.props.AlarmDescription).toContain("docs/runbook.md#lookups-beyond-checkins");
        return [dimensions.scope, alarm.props.Threshold];
      }),
    );
    // An honest morning keeps look-ups and check-ins close; a walk runs ahead within the hour.
    expect(byScope).toEqual({ user: 30, facility: 100 });
  });
});
