import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

// What the bundle is made of: a change to any of these makes the built pages stale.
const SOURCES = [
  "web/src",
  "web/public",
  "web/index.html",
  "web/kiosk.html",
  "web/dashboard.html",
  "web/vite.config.ts",
  "functions/domain",
  "functions/data",
];

/** The built pages' folder under a project root. */
export function webDistOf(root: string): string {
  return join(root, "web", "dist");
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
}

/** True when web/dist lacks a page or is older than any of its sources. */
export function webBuildIsStale(root: string): boolean {
  const dist = webDistOf(root);
  const pages = ["index.html", "kiosk.html", "dashboard.html"].map((page) => join(dist, page));
  if (!pages.every((page) => existsSync(page))) return true;
  const builtAt = Math.min(...pages.map((page) => statSync(page).mtimeMs));
  const sourcesAt = Math.max(...SOURCES.map((source) => newestChange(join(root, source))));
  return builtAt <= sourcesAt;
}

export type WebBuildResult =
  | { readonly outcome: "fresh" | "built"; readonly seconds: number }
  | { readonly outcome: "failed"; readonly reason: string };

/** The Vite command line that `npm run build:web` runs, with this Node. */
export function viteBuildCommand(root: string): { command: string; args: string[] } | null {
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  if (!existsSync(vite)) return null;
  return {
    command: process.execPath,
    args: [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
  };
}

/**
 * Builds web/dist with Vite when it is missing or older than its sources (about a second), so a
 * fresh clone's `npm start` serves the pages with no extra step. Never throws: a failed build is
 * an outcome with the reason, which the server shows on the pages.
 */
export async function buildWebIfStale(root: string): Promise<WebBuildResult> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  if (!webBuildIsStale(root)) return { outcome: "fresh", seconds: seconds() };
  const vite = viteBuildCommand(root);
  if (vite === null) {
    return {
      outcome: "failed",
      reason: "Vite is not installed (node_modules/vite is missing): run npm install, then npm start again.",
    };
  }
  const output: string[] = [];
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(vite.command, vite.args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.on("error", (error) => resolve(error.message));
    child.on("close", (exitCode, signal) => resolve(exitCode ?? signal ?? "unknown"));
  });
  if (code === 0) return { outcome: "built", seconds: seconds() };
  const detail = output.join("").trim().split("\n").slice(-20).join("\n");
  return {
    outcome: "failed",
    reason: `npm run build:web failed (exit ${code})${detail === "" ? "." : `:\n${detail}`}`,
  };
}
