import { fileURLToPath } from "node:url";
import { buildWebIfStale, webDistOf } from "#infra/local/web-build";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Builds web/dist with Vite when it is missing or older than its sources, as `npm start` does,
 * so `vitest --project e2e` works on its own; after a fresh `npm run build:web` this costs a directory walk.
 */
export async function ensureWebBuilt(): Promise<string> {
  const result = await buildWebIfStale(ROOT);
  if (result.outcome === "failed") throw new Error(result.reason);
  return webDistOf(ROOT);
}
