/**
 * Lambda figures for every function: the minified bundle the CDK construct builds (`npm run synth`,
 * read from the cloud assembly, so the esbuild options cannot drift from the deployed ones), its
 * cold initialisation in fresh Node 24 processes with the function's settings, and the check-in
 * handler's own CPU per call with DynamoDB and the gateway answering at once.
 *
 *   npm run bench:lambda [-- --quick] [-- --json <file>]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { LOCAL_GATEWAY_ACCOUNT, localEnvironment } from "#infra/local/local-env";
import { tableNames } from "#infra/local/table-definitions";
import { PROJECT_ROOT } from "#infra/project-root";
import { FUNCTION_ENTRIES } from "#infra/routes";
import { type FunctionBundle, STACK, synthesizeCloudAssembly } from "#test/infra/support/cloud-assembly";
import { type FigureRow, formatTable, median, ms, row, verdictOf } from "./support/figures.ts";
import { formatLoad, machineFacts, node24 } from "./support/machine.ts";

/** Budgets from the performance issue. */
export const LAMBDA_BUDGETS = { bundleBytes: 300 * 1024, coldInitMs: 150 } as const;

export interface ColdInit {
  /** Median ms from process start to the bundle's import resolved (performance.now() in the child). */
  readonly importDoneMs: number;
  /** Median ms of the import alone. */
  readonly importMs: number;
  /** Median CPU ms of the process (all its threads) until the import resolved: less swayed by a busy machine. */
  readonly cpuMs: number;
  /** Median ms from spawn to exit, seen by the parent. */
  readonly spawnToExitMs: number;
  readonly samples: number;
}

export interface FunctionFigures {
  readonly name: string;
  readonly bundleBytes: number;
  readonly coldInit: ColdInit;
}

export interface HandlerCpu {
  readonly calls: number;
  readonly cpuMsPerCall: number;
  readonly wallMsPerCall: number;
  /** The mocked DynamoDB requests and fake gateway fetches alone, per check-in. */
  readonly mockedIoCpuMsPerCall: number;
}

export interface LambdaBenchResult {
  readonly quick: boolean;
  readonly node: string;
  readonly synthSeconds: number;
  readonly functions: FunctionFigures[];
  /** The same processes importing an empty module: Node's own start-up. */
  readonly emptyModule: ColdInit;
  readonly handlerCpu: HandlerCpu;
}

const childOutputSchema = z.object({ importDoneMs: z.number(), importMs: z.number(), cpuMs: z.number() });
const handlerCpuSchema = z.object({
  calls: z.number(),
  cpuMsPerCall: z.number(),
  wallMsPerCall: z.number(),
  mockedIoCpuMsPerCall: z.number(),
});

// Process start to import resolved: performance.now() counts from the process's time origin.
const IMPORT_SCRIPT = `const t=performance.now();await import(process.env.BENCH_MODULE_URL);const d=performance.now();const c=process.cpuUsage();process.stdout.write(JSON.stringify({importDoneMs:d,importMs:d-t,cpuMs:(c.user+c.system)/1000}));process.exit(0);`;
const EMPTY_MODULE = "data:text/javascript,export{}";

/**
 * A function's settings as the stack gives them (the template's literal values) with local
 * stand-ins for the references: tables, the registry URL and the gateway account. No secret ARN:
 * reading Secrets Manager at cold start needs the network, which a local run does not have.
 */
function functionEnv(templateVariables: Record<string, unknown>): NodeJS.ProcessEnv {
  const local: Record<string, string> = {
    ...localEnvironment({
      endpoint: "http://127.0.0.1:9",
      names: tableNames("bench-"),
      baseUrl: "http://127.0.0.1:9",
    }),
    GATEWAY_AUTH: "none",
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_REGION: "ap-southeast-1",
    GATEWAY_USERNAME: LOCAL_GATEWAY_ACCOUNT.username,
    GATEWAY_PASSWORD: LOCAL_GATEWAY_ACCOUNT.password,
  };
  for (const [name, value] of Object.entries(templateVariables)) {
    // A secret in AWS is its plain local setting here (SUBJECT_KEY_SECRET_ARN → SUBJECT_KEY).
    if (name.endsWith("_SECRET_ARN")) {
      const plain = name.slice(0, -"_SECRET_ARN".length);
      if (local[plain] !== undefined) env[plain] = local[plain];
      continue;
    }
    // The KMS key that seals facilities' gateway secrets in AWS is the install's key here.
    if (name === "FACILITY_SECRETS_KMS_KEY") {
      env.FACILITY_SECRET_KEY = local.FACILITY_SECRET_KEY;
      continue;
    }
    const stand = typeof value === "string" ? value : local[name];
    if (stand !== undefined) env[name] = stand;
  }
  // No Event API here: a function that publishes calls or queue changes publishes in-process.
  if (env.CALL_CHANNEL !== undefined) env.CALL_CHANNEL = local.CALL_CHANNEL;
  return env;
}

const templateSchema = z.object({
  Resources: z.record(z.string(), z.object({ Type: z.string(), Properties: z.unknown() })),
});

// Only functions are read this way: other resources (the HTTP API) give their tags as a map.
const functionPropertiesSchema = z
  .object({
    Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }).optional(),
    Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
  })
  .loose();

/** Each function's environment variables from the synthesized template. */
function templateEnvironments(outdir: string): Map<string, Record<string, unknown>> {
  const template = templateSchema.parse(
    JSON.parse(readFileSync(join(outdir, `${STACK}.template.json`), "utf8")),
  );
  const out = new Map<string, Record<string, unknown>>();
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue;
    const properties = functionPropertiesSchema.parse(resource.Properties);
    const name = properties.Tags?.find((tag) => tag.Key === "tiepdon:function")?.Value;
    if (name !== undefined) out.set(name, properties.Environment?.Variables ?? {});
  }
  return out;
}

/** Runs a child and resolves with its stdout and exit code. */
function runChild(child: ChildProcess): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ stdout, stderr, code }));
  });
}

type ColdSample = z.infer<typeof childOutputSchema> & { spawnToExitMs: number };

/** One fresh Node 24 process importing `moduleUrl`; its own and the parent's timings. */
async function coldStart(moduleUrl: string, env: NodeJS.ProcessEnv): Promise<ColdSample> {
  const started = performance.now();
  const child = spawn(node24(), ["--input-type=module", "-e", IMPORT_SCRIPT], {
    cwd: PROJECT_ROOT,
    env: { ...env, BENCH_MODULE_URL: moduleUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { stdout, stderr, code } = await runChild(child);
  const spawnToExitMs = performance.now() - started;
  if (code !== 0) throw new Error(`cold start of ${moduleUrl} failed (${code}):\n${stderr}`);
  // The bundle may log at import; the figures are the last JSON object written.
  const last = stdout.slice(stdout.lastIndexOf('{"importDoneMs"'));
  return { ...childOutputSchema.parse(JSON.parse(last)), spawnToExitMs };
}

function summarise(samples: ColdSample[]): ColdInit {
  return {
    importDoneMs: median(samples.map((s) => s.importDoneMs)),
    importMs: median(samples.map((s) => s.importMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    spawnToExitMs: median(samples.map((s) => s.spawnToExitMs)),
    samples: samples.length,
  };
}

async function measureHandlerCpu(bundle: FunctionBundle, env: NodeJS.ProcessEnv, calls: number) {
  const child = spawn(
    node24(),
    ["--import", "tsx", join(PROJECT_ROOT, "test/bench/support/handler-cpu.ts")],
    {
      cwd: PROJECT_ROOT,
      env: { ...env, BENCH_BUNDLE: bundle.file, BENCH_CALLS: String(calls) },
      // The function's logs and metrics go to stdout, as to CloudWatch; the figures come over IPC.
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    },
  );
  let figures: unknown = null;
  child.on("message", (message: unknown) => {
    figures = message;
  });
  const { stderr, code } = await runChild(child);
  if (code !== 0 || figures === null) throw new Error(`handler CPU run failed (${code}):\n${stderr}`);
  return handlerCpuSchema.parse(figures);
}

/**
 * Synthesises the app, then measures every function's bundle and cold start (`quick`: 3 processes
 * each instead of 20, and fewer handler calls) and the check-in handler's CPU per call.
 */
export async function runLambdaBench(opts: {
  quick: boolean;
  log?: (line: string) => void;
}): Promise<LambdaBenchResult> {
  const log = opts.log ?? (() => undefined);
  const processes = opts.quick ? 3 : 20;
  const assembly = await synthesizeCloudAssembly();
  try {
    log(`synth ${assembly.synthSeconds.toFixed(1)} s`);
    const environments = templateEnvironments(assembly.outdir);
    const names = Object.keys(FUNCTION_ENTRIES).filter((name) => assembly.bundles.has(name));
    const samples = new Map<string, ColdSample[]>();
    const empty: ColdSample[] = [];
    const baseEnv = functionEnv({});
    // Round-robin, so a busy moment on the shared machine is spread over all functions.
    for (let i = 0; i < processes; i++) {
      empty.push(await coldStart(EMPTY_MODULE, baseEnv));
      for (const name of names) {
        const bundle = assembly.bundles.get(name);
        if (bundle === undefined) continue;
        const env = functionEnv(environments.get(name) ?? {});
        const list = samples.get(name) ?? [];
        list.push(await coldStart(pathToFileURL(bundle.file).href, env));
        samples.set(name, list);
      }
    }
    const functions = names.map((name) => ({
      name,
      bundleBytes: assembly.bundles.get(name)?.bytes ?? Number.NaN,
      coldInit: summarise(samples.get(name) ?? []),
    }));
    log("cold starts done");
    const checkin = assembly.bundles.get("checkin");
    if (checkin === undefined) throw new Error("no checkin bundle");
    const handlerCpu = await measureHandlerCpu(
      checkin,
      functionEnv(environments.get("checkin") ?? {}),
      opts.quick ? 100 : 1000,
    );
    return {
      quick: opts.quick,
      node: process.version,
      synthSeconds: assembly.synthSeconds,
      functions,
      emptyModule: summarise(empty),
      handlerCpu,
    };
  } finally {
    rmSync(assembly.outdir, { recursive: true, force: true });
  }
}

/** The benchmark's rows for the one table. */
export function lambdaRows(result: LambdaBenchResult): FigureRow[] {
  const section = "Lambda";
  const rows: FigureRow[] = [];
  const empty = result.emptyModule;
  for (const f of result.functions) {
    rows.push(
      row(
        section,
        `${f.name} bundle`,
        `${(f.bundleBytes / 1024).toFixed(1)} KB`,
        { bytes: f.bundleBytes },
        {
          budget: `≤ ${LAMBDA_BUDGETS.bundleBytes / 1024} KB minified`,
          verdict: verdictOf(f.bundleBytes <= LAMBDA_BUDGETS.bundleBytes),
        },
      ),
      row(
        section,
        `${f.name} cold init (median of ${f.coldInit.samples})`,
        `${ms(f.coldInit.importDoneMs)} (CPU ${ms(f.coldInit.cpuMs)}, import ${ms(f.coldInit.importMs)}, spawn→exit ${ms(f.coldInit.spawnToExitMs)})`,
        {
          importDoneMs: f.coldInit.importDoneMs,
          importMs: f.coldInit.importMs,
          cpuMs: f.coldInit.cpuMs,
          spawnToExitMs: f.coldInit.spawnToExitMs,
          emptyImportDoneMs: empty.importDoneMs,
          emptyCpuMs: empty.cpuMs,
        },
        {
          baseline: `empty module ${ms(empty.importDoneMs)} (CPU ${ms(empty.cpuMs)}, spawn→exit ${ms(empty.spawnToExitMs)})`,
          budget: `≤ ${LAMBDA_BUDGETS.coldInitMs} ms`,
          verdict: verdictOf(f.coldInit.importDoneMs <= LAMBDA_BUDGETS.coldInitMs),
        },
      ),
    );
  }
  const cpu = result.handlerCpu;
  rows.push(
    row(
      section,
      `checkin handler CPU per check-in (${cpu.calls} calls)`,
      `${ms(cpu.cpuMsPerCall)} CPU (${ms(cpu.wallMsPerCall)} wall)`,
      {
        cpuMsPerCall: cpu.cpuMsPerCall,
        wallMsPerCall: cpu.wallMsPerCall,
        mockedIoCpuMsPerCall: cpu.mockedIoCpuMsPerCall,
      },
      { baseline: `mocked DynamoDB + gateway calls alone ${ms(cpu.mockedIoCpuMsPerCall)}` },
    ),
  );
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const jsonAt = args.indexOf("--json");
  const before = machineFacts();
  const result = await runLambdaBench({ quick, log: (line) => console.error(`  … ${line}`) });
  console.log(
    `Lambda benchmark${quick ? " (quick)" : ""}, ${result.node}; load average before ${formatLoad(before.loadAverage)}`,
  );
  console.log(formatTable(lambdaRows(result)));
  const file = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (file !== undefined) writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
