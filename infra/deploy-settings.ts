import * as z from "zod";

/** The environments one account holds side by side, each its own stack with its own name. */
const ENVIRONMENTS = ["staging", "production"] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** Context keys the app reads (`cdk deploy -c key=value` or cdk.json). */
export const CONTEXT = {
  /** Which environment to synthesize: staging (the default) or production. */
  env: "tiepdon:env",
  /** The region of the main stack (the WAF and the certificate of CloudFront live in us-east-1). */
  region: "tiepdon:region",
  /** Extra sign-in callback URLs, comma-separated (e.g. http://localhost:3000/). */
  callbackUrls: "tiepdon:callbackUrls",
  /** Prefix of the hosted sign-in domain; must be unique in the region. */
  authDomainPrefix: "tiepdon:authDomainPrefix",
  /** E-mail address subscribed to the alarms; production refuses to synthesize without one. */
  alarmEmail: "tiepdon:alarmEmail",
  /** "true" to let production run on the mock gateway (a training deployment); refused otherwise. */
  allowMockGateway: "tiepdon:allowMockGateway",
  /** "true" to load the demo facilities; refused in production. */
  demoSeed: "tiepdon:demoSeed",
  /** A custom domain for the pages (e.g. tiepdon.soyte.example.vn). */
  domainName: "tiepdon:domainName",
  /** ARN of an ACM certificate in us-east-1 for that domain; without it the edge stack requests one. */
  certificateArn: "tiepdon:certificateArn",
  /** The monthly cost, in USD, above which the budget alarm fires. */
  monthlyBudgetUsd: "tiepdon:monthlyBudgetUsd",
  /** An SES-verified address the staff invitations come from; without it Cognito's own mailer sends them. */
  sesFromEmail: "tiepdon:sesFromEmail",
} as const;

/** What the pages and functions cost per month at a province's scale, with room; the budget alarm's default. */
const DEFAULT_BUDGET_USD: Record<EnvironmentName, number> = { staging: 50, production: 300 };

const flag = z
  .enum(["true", "false"])
  .optional()
  .transform((value) => value === "true");

const contextSchema = z.object({
  env: z.enum(ENVIRONMENTS).default("staging"),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as ap-southeast-1")
    .optional(),
  callbackUrls: z.string().optional(),
  authDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and hyphens")
    .optional(),
  alarmEmail: z.email().optional(),
  allowMockGateway: flag,
  demoSeed: flag,
  domainName: z
    .string()
    .regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/, "a lower-case host name")
    .optional(),
  certificateArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+$/, "an ACM certificate ARN in us-east-1")
    .optional(),
  monthlyBudgetUsd: z.coerce.number().positive().optional(),
  sesFromEmail: z.email().optional(),
});

/** One environment's settings, checked: production's refusals have already been applied. */
export interface DeploySettings {
  readonly env: EnvironmentName;
  /** The main stack's name and the prefix of everything named per environment. */
  readonly stackName: string;
  readonly region: string;
  readonly callbackUrls: readonly string[];
  readonly authDomainPrefix: string | undefined;
  readonly alarmEmail: string | undefined;
  /** Whether the stack may run on the mock gateway (always in staging; in production only when asked). */
  readonly mockGatewayAllowed: boolean;
  readonly demoSeed: boolean;
  readonly domain: { readonly name: string; readonly certificateArn: string | undefined } | undefined;
  readonly monthlyBudgetUsd: number;
  /** Where staff invitations come from through SES, in the stack's region; undefined: Cognito's mailer. */
  readonly sesFromEmail: string | undefined;
}

/** A setting that would make production unsafe; the message says which and how to fix it. */
export class UnsafeProductionError extends Error {
  override readonly name = "UnsafeProductionError";
}

/** The region when neither the context nor the CDK CLI names one: Singapore, the nearest to Vietnam. */
const DEFAULT_REGION = "ap-southeast-1";

/**
 * Reads and checks the deployment settings from context values (strings, as `-c` gives them).
 * Production refuses the demo seed, the mock gateway unless explicitly allowed, and a stack whose
 * alarms would reach no one.
 */
export function readDeploySettings(
  context: (key: string) => unknown,
  defaultRegion: string | undefined = process.env.CDK_DEFAULT_REGION,
): DeploySettings {
  const raw = Object.fromEntries(
    Object.entries(CONTEXT).map(([name, key]) => {
      const value = context(key);
      return [name, value === "" || value === undefined ? undefined : String(value)];
    }),
  );
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${CONTEXT[name as keyof typeof CONTEXT] ?? name}: ${issue.message}`;
    });
    throw new Error(`Invalid deployment settings: ${problems.join("; ")}`);
  }
  const values = parsed.data;
  if (values.env === "production") {
    if (values.demoSeed)
      throw new UnsafeProductionError(
        `production refuses the demo seed: remove -c ${CONTEXT.demoSeed}=true (demo facilities would be counted in the province's report)`,
      );
    if (values.alarmEmail === undefined)
      throw new UnsafeProductionError(
        `production refuses to deploy alarms that reach no one: give -c ${CONTEXT.alarmEmail}=<address of the on-call officer>`,
      );
  }
  return {
    env: values.env,
    stackName: `tiepdon-${values.env}`,
    region: values.region ?? defaultRegion ?? DEFAULT_REGION,
    callbackUrls: (values.callbackUrls ?? "")
      .split(",")
      .map((url) => url.trim())
      .filter((url) => url !== ""),
    authDomainPrefix: values.authDomainPrefix,
    alarmEmail: values.alarmEmail,
    mockGatewayAllowed: values.env === "staging" || values.allowMockGateway,
    demoSeed: values.demoSeed,
    domain:
      values.domainName === undefined
        ? undefined
        : { name: values.domainName, certificateArn: values.certificateArn },
    monthlyBudgetUsd: values.monthlyBudgetUsd ?? DEFAULT_BUDGET_USD[values.env],
    sesFromEmail: values.sesFromEmail,
  };
}
