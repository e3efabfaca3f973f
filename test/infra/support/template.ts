import { CfnElement, Stack } from "aws-cdk-lib";
import type { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import * as z from "zod";

/** The logical id of a construct's CloudFormation resource. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource);
}

/** One CloudFormation resource of the synthesized template, its properties parsed with a schema. */
export interface ParsedResource<T> {
  readonly id: string;
  readonly props: T;
  readonly raw: Record<string, unknown>;
}

const resourceSchema = z.object({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).default({}),
});

/** Every resource of a type, with its properties checked against `schema`. */
export function resourcesOf<S extends z.ZodType>(
  template: Template,
  type: string,
  schema: S,
): ParsedResource<z.infer<S>>[] {
  const all = z.record(z.string(), z.unknown()).parse(template.findResources(type));
  return Object.entries(all).map(([id, value]) => {
    const resource = resourceSchema.parse(value);
    return { id, props: schema.parse(resource.Properties), raw: resource.Properties };
  });
}

/** A `{"Ref": id}` or `{"Fn::GetAtt": [id, attribute]}` pointing at `id`. */
export function refersTo(value: unknown, id: string): boolean {
  const parsed = z
    .union([z.object({ Ref: z.string() }), z.object({ "Fn::GetAtt": z.tuple([z.string(), z.string()]) })])
    .safeParse(value);
  if (!parsed.success) return false;
  return "Ref" in parsed.data ? parsed.data.Ref === id : parsed.data["Fn::GetAtt"][0] === id;
}

/** Every logical id a value refers to, however deeply nested (Fn::Join, Fn::If, …). */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (typeof value !== "object" || value === null) return [];
  const ids: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === "Ref" && typeof inner === "string") ids.push(inner);
    else if (key === "Fn::GetAtt" && Array.isArray(inner) && typeof inner[0] === "string") ids.push(inner[0]);
    else ids.push(...referencedIds(inner));
  }
  return ids;
}

const statementSchema = z.object({
  Effect: z.enum(["Allow", "Deny"]),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.unknown(),
  Condition: z.unknown().optional(),
});
export type Statement = z.infer<typeof statementSchema>;

export const policySchema = z.object({
  PolicyDocument: z.object({ Statement: z.array(statementSchema) }),
  Roles: z.array(z.unknown()),
});

/** A statement's actions as a list. */
export function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === "string" ? [statement.Action] : statement.Action;
}

/** True when a statement's resources include the literal "*". */
export function onEveryResource(statement: Statement): boolean {
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  return resources.includes("*");
}
