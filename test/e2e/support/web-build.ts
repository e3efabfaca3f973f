import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** The built pages the test apps serve. */
export const WEB_DIST = join(ROOT, "web", "dist");
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

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
}

/**
 * Builds web/dist with Vite when it is missing or older than its sources, so `vitest --project e2e`
 * works on its own; after a fresh `npm run build:web` this costs a directory walk.
 */
export function ensureWebBuilt(): string {
  const built = join(WEB_DIST, "index.html");
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source))));
  if (builtAt > sourcesAt) return WEB_DIST;
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
  return WEB_DIST;
}
