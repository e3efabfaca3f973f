import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "#infra/project-root";

/** What the figures were measured on: they mean little without it. */
export interface MachineFacts {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly loadAverage: readonly [number, number, number];
  readonly node: string;
}

/** The CPU model from /proc/cpuinfo (os.cpus() elsewhere). */
function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line !== undefined) return line.replace(/^model name\s*:\s*/, "").trim();
  } catch {
    // Not Linux: os.cpus() below.
  }
  return cpus()[0]?.model ?? "unknown";
}

/** Cores, CPU model, load average and Node version right now. */
export function machineFacts(): MachineFacts {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    loadAverage: [one, five, fifteen],
    node: process.version,
  };
}

/** The load average as printed: "1 min / 5 min / 15 min". */
export function formatLoad(load: readonly number[]): string {
  return load.map((value) => value.toFixed(1)).join(" / ");
}

/**
 * The Node 24 binary (the Lambda runtime's major): this process's own when it is 24, else the
 * project's `node@24` devDependency.
 */
export function node24(): string {
  if (process.versions.node.split(".")[0] === "24") return process.execPath;
  const local = join(PROJECT_ROOT, "node_modules", "node", "bin", "node");
  if (!existsSync(local)) throw new Error("Node 24 not found: run npm ci (the node@24 devDependency)");
  const version = execFileSync(local, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith("v24.")) throw new Error(`${local} is ${version}, not Node 24`);
  return local;
}

/** CPU milliseconds a process has used so far, from /proc (Linux); null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime, in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
