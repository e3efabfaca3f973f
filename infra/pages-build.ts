import { spawnSync } from "node:child_process";
import { viteBuildCommand, webBuildIsStale, webDistOf } from "#infra/local/web-build";

/** The pages could not be built, so nothing may be deployed; the message carries the build's own words. */
export class PagesBuildError extends Error {
  override readonly name = "PagesBuildError";
}

/**
 * The built pages for a deployment: builds web/dist with Vite from the checked-out sources when it
 * is missing or older than any of them, and throws when that fails, so a synth never ships a
 * placeholder or yesterday's pages. A build newer than every source is reused as it is.
 */
export function buildPagesForDeploy(root: string): { dist: string; built: boolean } {
  const dist = webDistOf(root);
  if (!webBuildIsStale(root)) return { dist, built: false };
  const vite = viteBuildCommand(root);
  if (vite === null)
    throw new PagesBuildError(
      "The pages cannot be built: Vite is not installed (node_modules/vite is missing). Run npm ci, then synthesize again.",
    );
  const result = spawnSync(vite.command, vite.args, { cwd: root, encoding: "utf8", maxBuffer: 16 << 20 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n");
  if (result.status !== 0)
    throw new PagesBuildError(
      `The pages failed to build (npm run build:web, exit ${result.status ?? result.signal ?? result.error?.message}); nothing is deployed:\n${output}`,
    );
  if (webBuildIsStale(root))
    throw new PagesBuildError(`The page build finished but ${dist} still lacks a page; nothing is deployed.`);
  return { dist, built: true };
}
