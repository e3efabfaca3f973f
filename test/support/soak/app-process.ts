import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { EXTERNAL_GATEWAY_SETTINGS } from "#infra/local/external-gateway";

/** The app running in a child process. */
export interface AppProcess {
  readonly url: string;
  readonly pid: number;
  /** What the app has printed so far (its start-up log and ready line). */
  output(): string;
  /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
  kill(): Promise<void>;
  /** Stops it politely (SIGTERM, then SIGKILL after 5 s) and waits until it is gone. */
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  readonly port: number;
  readonly dataDir: string;
  /** DynamoDB Local to use; absent, the app starts its own with its database in the data folder. */
  readonly dynamoEndpoint?: string;
  readonly tablePrefix: string;
  readonly seed: "small" | "full";
  readonly logLevel?: string;
  /** Another gateway, named as `npm start` reads it (GATEWAY_BASE_URL, GATEWAY_*); the mock when absent. */
  readonly gatewayEnvironment?: Record<string, string>;
  readonly startTimeoutMs?: number;
}

const CHILD = fileURLToPath(new URL("./app-child.ts", import.meta.url));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Starts the app in a child process and resolves once it prints its ready line. */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  // `node --import tsx` runs the script in this very process, so the pid is the server's own.
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: fileURLToPath(new URL("../../../", import.meta.url)),
    env: {
      // Only the gateway this start names: this process may hold the settings of an app it ran.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([name]) => !(EXTERNAL_GATEWAY_SETTINGS as readonly string[]).includes(name),
        ),
      ),
      ...options.gatewayEnvironment,
      LOG_LEVEL: options.logLevel ?? "SILENT",
      SOAK_APP_PORT: String(options.port),
      SOAK_APP_DATA_DIR: options.dataDir,
      SOAK_APP_DYNAMO_ENDPOINT: options.dynamoEndpoint ?? "",
      SOAK_APP_TABLE_PREFIX: options.tablePrefix,
      SOAK_APP_SEED: options.seed,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  let stdout = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`app did not start within ${options.startTimeoutMs ?? 120_000} ms: ${stderr}`));
    }, options.startTimeoutMs ?? 120_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout = (stdout + chunk.toString("utf8")).slice(-4000);
      const match = /soak-app ready (\S+)/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`app exited during start-up (${code ?? signal}): ${stderr}`));
    });
  });
  // Keep draining the pipes so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  const pid = child.pid;
  if (pid === undefined) throw new Error("app process has no pid");
  return {
    url,
    pid,
    output: () => stdout,
    async kill() {
      const gone = exited(child);
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
      await gone;
    },
    async stop() {
      const gone = exited(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
