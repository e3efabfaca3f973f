import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import * as z from "zod";
import type { EdgeStack } from "#infra/edge-stack";
import { createApp, type TiepdonStack } from "#infra/tiepdon-stack";

const violationSchema = z.object({
  ruleName: z.string(),
  severity: z.string(),
  violatingConstructs: z.array(z.object({ constructPath: z.string() })),
});

/** CDK's validation report: what each plugin (cdk-nag, CloudFormation validation) found. */
const validationReportSchema = z.object({
  pluginReports: z.array(
    z.object({
      pluginName: z.string(),
      violations: z.array(violationSchema),
      suppressedViolations: z
        .array(violationSchema.extend({ acknowledgedId: z.string(), reason: z.string() }))
        .default([]),
    }),
  ),
});
export type ValidationReport = z.infer<typeof validationReportSchema>;

/** Reads the validation report of a cloud assembly directory. */
export function readValidationReport(outdir: string): ValidationReport {
  return validationReportSchema.parse(
    JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")),
  );
}

export interface SynthesizedStack {
  readonly stack: TiepdonStack;
  readonly template: Template;
  readonly edge: EdgeStack;
  /** The edge stack's template (us-east-1: the web ACL, the certificate). */
  readonly edgeTemplate: Template;
  readonly report: ValidationReport;
  /** The cloud assembly folder (templates and the assets they deploy). */
  readonly outdir: string;
}

/**
 * Synthesises the app in this process with cdk-nag, skipping the function bundling (the bundle
 * test builds the real bundles through the CDK CLI): template assertions need only the template.
 * The pages are built as `cdk synth` builds them, and a build newer than its sources is reused.
 */
export function synthesizeWithoutBundles(context: Record<string, string> = {}): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), "tiepdon-cdk-"));
  const { app, stack, edge } = createApp({
    outdir,
    context: { "aws:cdk:bundling-stacks": [], ...context },
  });
  app.synth();
  return {
    stack,
    template: Template.fromStack(stack),
    edge,
    edgeTemplate: Template.fromStack(edge),
    report: readValidationReport(outdir),
    outdir,
  };
}
