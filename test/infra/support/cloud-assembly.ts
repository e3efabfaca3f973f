import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { PROJECT_ROOT } from "#infra/project-root";
import { readValidationReport, type ValidationReport } from "./synth.ts";

/** The stack's file names in the cloud assembly: the default environment's. */
export const STACK = "tiepdon-staging";
const FUNCTION_TAG = "tiepdon:function";

const templateSchema = z.object({
  Resources: z.record(
    z.string(),
    z.object({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).optional() }),
  ),
});

const lambdaSchema = z.object({
  Code: z.object({ S3Key: z.string() }),
  Handler: z.string(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
});

const assetsSchema = z.object({
  files: z.record(
    z.string(),
    z.object({ source: z.object({ path: z.string(), packaging: z.string().optional() }) }),
  ),
});

/** One function's bundle as `cdk synth` left it in the cloud assembly. */
export interface FunctionBundle {
  readonly name: string;
  /** The bundle's entry file (index.mjs). */
  readonly file: string;
  readonly bytes: number;
  readonly handler: string;
}

export interface CloudAssembly {
  readonly outdir: string;
  readonly report: ValidationReport;
  readonly bundles: ReadonlyMap<string, FunctionBundle>;
  readonly synthSeconds: number;
}

/** Runs a command and resolves with its exit code and output. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Synthesises the app exactly as `npm run synth` does (the CDK CLI, offline, bundling with the
 * local esbuild) into a fresh folder, and maps each function to its bundle through the
 * template's S3 key and the asset manifest. The folder lives under node_modules so the bundles'
 * external imports (the AWS SDK, which the Lambda runtime provides) resolve when a test loads them.
 */
export async function synthesizeCloudAssembly(): Promise<CloudAssembly> {
  const parent = join(PROJECT_ROOT, "node_modules", ".cache", "tiepdon-infra-test");
  mkdirSync(parent, { recursive: true });
  const outdir = mkdtempSync(join(parent, "cdk-"));
  const started = Date.now();
  const { code, output } = await run("npm", ["run", "--silent", "synth", "--", "--output", outdir], {
    ...process.env,
    CDK_DISABLE_VERSION_CHECK: "1",
    CDK_DISABLE_CLI_TELEMETRY: "true",
  });
  const synthSeconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`npm run synth failed (${code}):\n${output}`);

  const template = templateSchema.parse(
    JSON.parse(readFileSync(join(outdir, `${STACK}.template.json`), "utf8")),
  );
  const assets = assetsSchema.parse(JSON.parse(readFileSync(join(outdir, `${STACK}.assets.json`), "utf8")));
  const bundles = new Map<string, FunctionBundle>();
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue;
    const fn = lambdaSchema.safeParse(resource.Properties);
    const name = fn.success ? fn.data.Tags?.find((tag) => tag.Key === FUNCTION_TAG)?.Value : undefined;
    if (!fn.success || name === undefined) continue;
    const hash = fn.data.Code.S3Key.replace(/\.zip$/, "");
    const asset = assets.files[hash];
    if (asset === undefined) throw new Error(`No asset ${hash} for ${name}`);
    const file = join(outdir, asset.source.path, "index.mjs");
    bundles.set(name, { name, file, bytes: statSync(file).size, handler: fn.data.Handler });
  }
  return { outdir, report: readValidationReport(outdir), bundles, synthSeconds };
}
