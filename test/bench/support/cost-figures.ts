import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "#infra/project-root";
import { node24 } from "./machine.ts";

/** What the cost model (`npm run bench:cost`) printed, parsed. */
export interface CostFigures {
  readonly checkins: number;
  readonly rruPerCheckin: number;
  readonly wruPerCheckin: number;
  /** Dollars per million check-ins, everything in (DynamoDB, Lambda, API, CloudFront, logs, X-Ray). */
  readonly dollarsPerMillion: number;
  /** Dollars per million check-ins for DynamoDB alone (reads + writes). */
  readonly dynamoDollarsPerMillion: number;
  readonly readPricePerMillion: number;
  readonly writePricePerMillion: number;
  /** Read units of the model's one-day national report. */
  readonly dayReportRru: number;
  readonly region: string;
  /** The model's own output, kept for the JSON file. */
  readonly output: string;
}

const COST_MODEL = join(PROJECT_ROOT, "test/bench/cost-model.ts");

function numberAfter(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]);
}

/**
 * Runs test/bench/cost-model.ts as a child process (it runs on import and exports nothing) with
 * `checkins` check-ins and parses its figures; null when the model is not in the tree.
 */
export async function runCostModel(checkins: number): Promise<CostFigures | null> {
  if (!existsSync(COST_MODEL)) return null;
  const child = spawn(node24(), ["--import", "tsx", COST_MODEL, String(checkins)], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`bench:cost failed (${code}):\n${stderr}`);
  const capacity = /^\s+total\s+([\d.]+) RRU\s+([\d.]+) WRU/m.exec(output);
  const perMillion = output.slice(output.indexOf("Per million check-ins:"));
  const writes = numberAfter(perMillion, /DynamoDB writes .*?\$([\d.]+)\s*$/m);
  const reads = numberAfter(perMillion, /DynamoDB reads .*?\$([\d.]+)\s*$/m);
  return {
    checkins,
    rruPerCheckin: Number(capacity?.[1] ?? Number.NaN),
    wruPerCheckin: Number(capacity?.[2] ?? Number.NaN),
    dollarsPerMillion: numberAfter(perMillion, /^\s+total\s+\$([\d.]+)/m),
    dynamoDollarsPerMillion: writes + reads,
    readPricePerMillion: numberAfter(output, /RRU × \$([\d.]+)\/M/),
    writePricePerMillion: numberAfter(output, /WRU × \$([\d.]+)\/M/),
    dayReportRru: numberAfter(output, /report for a day: ([\d.]+) RRU/),
    region: /prices (.+)$/m.exec(output)?.[1] ?? "unknown region",
    output,
  };
}
