import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDevAuth } from "#infra/local/dev-auth";
import { type LocalServer, startLocalServer } from "#infra/local/server";
import { webBuildIsStale } from "#infra/local/web-build";

describe("pages the local server cannot serve", () => {
  const webRoot = mkdtempSync(join(tmpdir(), "tiepdon-pages-"));
  let problem: string | null = null;
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      routes: [],
      gateway: null,
      auth: await makeDevAuth(null),
      webRoot,
      pagesProblem: () => problem,
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it.each(["/", "/kiosk", "/dashboard"])(
    "%s answers an HTML page saying the pages are not built",
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
      const html = await response.text();
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain("Trang chưa sẵn sàng");
      expect(html).toContain("the pages have not been built");
      expect(html).toContain("npm run build:web");
      expect(html).not.toContain('"error"');
    },
  );

  it("shows a failed build's reason as text, markup included", async () => {
    problem = "npm run build:web failed (exit 1):\n[vite] web/src/x.tsx: Unexpected token <script>";
    try {
      const html = await (await fetch(`${server.url}/kiosk`)).text();
      expect(html).toContain("Unexpected token &lt;script&gt;");
      expect(html).not.toContain("<script>");
    } finally {
      problem = null;
    }
  });

  it("answers a browser's unknown path with an HTML page listing the pages, and an API client with JSON", async () => {
    const browser = await fetch(`${server.url}/reception`, { headers: { accept: "text/html,*/*" } });
    expect(browser.status).toBe(404);
    expect(browser.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await browser.text();
    expect(html).toContain("/reception");
    expect(html).toContain('href="/kiosk"');
    const client = await fetch(`${server.url}/reception`);
    expect(client.status).toBe(404);
    expect(await client.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("serves a page once it is built", async () => {
    writeFileSync(join(webRoot, "kiosk.html"), "<!doctype html><title>kiosk</title>");
    const response = await fetch(`${server.url}/kiosk`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>kiosk</title>");
  });
});

describe("webBuildIsStale", () => {
  const root = mkdtempSync(join(tmpdir(), "tiepdon-stale-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

  it("is stale with no build, fresh after one, stale again when a source changes", () => {
    mkdirSync(join(root, "web", "src"), { recursive: true });
    writeFileSync(join(root, "web", "src", "main.tsx"), "export {};");
    at("web/src/main.tsx", 1_000);
    at("web/src", 1_000);
    at("web", 1_000);
    expect(webBuildIsStale(root)).toBe(true);

    mkdirSync(join(root, "web", "dist"));
    for (const page of ["index.html", "kiosk.html"]) {
      writeFileSync(join(root, "web", "dist", page), "<!doctype html>");
      at(`web/dist/${page}`, 2_000);
    }
    expect(webBuildIsStale(root)).toBe(true);
    writeFileSync(join(root, "web", "dist", "dashboard.html"), "<!doctype html>");
    at("web/dist/dashboard.html", 2_000);
    at("web", 1_000);
    expect(webBuildIsStale(root)).toBe(false);

    at("web/src/main.tsx", 3_000);
    expect(webBuildIsStale(root)).toBe(true);
  });
});
