import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebIfStale, webDistOf } from "#infra/local/web-build";
import { PROJECT_ROOT } from "#infra/project-root";
import { startTestApp, type TestApp } from "#test/support/local-app";

let app: TestApp;

/** Runs `npm run smoke -- <url>` as CI does (the same script, through tsx), with its exit code and output. */
function runSmokeScript(url: string, ...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const tsx = `${PROJECT_ROOT}node_modules/tsx/dist/cli.mjs`;
    const child = spawn(process.execPath, [tsx, "infra/smoke/main.ts", url, ...args], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

beforeAll(async () => {
  const pages = await buildWebIfStale(PROJECT_ROOT);
  if (pages.outcome === "failed") throw new Error(pages.reason);
  // The gateway's usual timeout: the smoke test checks the path, not the client's patience on a busy machine.
  app = await startTestApp({ webRoot: webDistOf(PROJECT_ROOT), env: { REGISTRY_TIMEOUT_MS: "4500" } });
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe("npm run smoke against the local app", () => {
  it("passes every check and prints what it checked", async () => {
    const { code, output } = await runSmokeScript(app.url);
    expect(output).toContain(`smoke: checking ${app.url}`);
    for (const check of [
      "the reception page loads",
      "a receptionist signs in",
      "the fixture patient is checked in and covered",
      "the same request again is answered, not stored twice",
      "today's list shows the visit",
      "a coverage lookup answers",
      "a request without sign-in is refused",
      "the smoke sign-in is cleaned up",
    ])
      expect(output).toMatch(
        new RegExp(`^ok +${check.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ ms\\)`, "m"),
      );
    expect(output).toMatch(/queue number \d+, covered, gateway code 000/);
    expect(output).toContain("smoke: all 8 checks passed");
    expect(code).toBe(0);
  });

  it("fails, saying which check, when the gateway cannot confirm coverage", async () => {
    expect(await app.setGatewayFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 })).toBe(200);
    try {
      // Another facility: the same patient at 01001 within 10 minutes would be the first run's visit.
      const { code, output } = await runSmokeScript(app.url, "--facility", "01832");
      expect(output).toMatch(
        /^FAIL the fixture patient is checked in and covered .*coverage was not confirmed/m,
      );
      expect(output).toMatch(/smoke: \d+ of 8 checks failed/);
      expect(code).toBe(1);
    } finally {
      await app.setGatewayFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 });
    }
  });

  it("refuses a missing URL with its usage", async () => {
    const { code, output } = await runSmokeScript("not-a-url");
    expect(code).toBe(2);
    expect(output).toContain("usage: npm run smoke");
  });
});
