import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { delimiter, join } from "node:path";

// Set by npm, vitest or this checkout's scripts: a new user's shell has none of them.
const INHERITED = /^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|LOG_LEVEL$|TEST$|INIT_CWD$|TIEPDON_)/;

/** The environment of a user's shell: no npm or vitest variables, no other checkout's node_modules/.bin on PATH. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED.test(key)) env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => !entry.includes(`${join("node_modules", ".bin")}`))
    .join(delimiter);
  return env;
}

/** A command started in its own process group, with its output kept. */
export interface Launched {
  readonly pid: number;
  /** The command's exit code, or the signal that ended it. */
  readonly exit: Promise<number | string>;
  output(): string;
  /** Resolves with the first match in the output; rejects if the command exits or the time runs out first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM to the whole group, SIGKILL after 20 s: "exited" when SIGTERM was enough. */
  stop(): Promise<"exited" | "killed">;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

async function stopGroup(child: ChildProcess, pgid: number): Promise<"exited" | "killed"> {
  if (!groupAlive(pgid)) return "exited";
  process.kill(-pgid, "SIGTERM");
  if (await waitGroupGone(pgid, 20_000)) return "exited";
  process.kill(-pgid, "SIGKILL");
  await waitGroupGone(pgid, 5_000);
  child.unref();
  return "killed";
}

/** Starts a command in a new process group (so everything it starts can be stopped together). */
export function launch(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Launched {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} did not start`);
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let exited: string | null = null;
  const exit = new Promise<number | string>((resolve) => {
    child.on("error", (error) => resolve(error.message));
    child.on("exit", (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      for (const listener of listeners) listener();
      resolve(code ?? signal ?? "unknown");
    });
  });
  return {
    pid,
    exit,
    output: () => output,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const done = () => {
          listeners.delete(check);
          clearTimeout(timer);
        };
        const check = () => {
          const match = pattern.exec(output);
          if (match !== null) {
            done();
            resolve(match);
          } else if (exited !== null) {
            done();
            reject(
              new Error(`${command} ${args.join(" ")} ${exited} before ${pattern}:\n${output.slice(-4000)}`),
            );
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.slice(-4000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    stop: () => stopGroup(child, pid),
  };
}

/** Runs a command to its end in its own process group; the group is killed when the time runs out. */
export async function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number | string; output: string }> {
  const started = launch(command, args, options);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`timeout after ${options.timeoutMs} ms`), options.timeoutMs);
  });
  const code = await Promise.race([started.exit, timeout]);
  clearTimeout(timer);
  await started.stop();
  return { code, output: started.output() };
}

/** Processes whose working folder or command line lies under a folder: what a test left running there. */
export function processesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      if (cwd.startsWith(folder) || cmdline.includes(folder)) found.push(`${entry} ${cmdline}`);
    } catch {
      // The process ended while being read, or belongs to no one we may read.
    }
  }
  return found;
}
