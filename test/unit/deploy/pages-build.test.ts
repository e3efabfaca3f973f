import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildPagesForDeploy, PagesBuildError } from "#infra/pages-build";

const roots: string[] = [];

/** A project folder with web sources and, optionally, a stand-in for Vite that runs `script`. */
function projectWith(vite: string | null): string {
  const root = mkdtempSync(join(tmpdir(), "tiepdon-pages-"));
  roots.push(root);
  mkdirSync(join(root, "web", "src"), { recursive: true });
  writeFileSync(join(root, "web", "src", "main.ts"), "export {};\n");
  if (vite !== null) {
    mkdirSync(join(root, "node_modules", "vite", "bin"), { recursive: true });
    writeFileSync(join(root, "node_modules", "vite", "bin", "vite.js"), vite);
  }
  return root;
}

const WRITES_PAGES = `import { mkdirSync, writeFileSync } from "node:fs";
mkdirSync("web/dist", { recursive: true });
for (const page of ["index.html", "kiosk.html", "dashboard.html"]) writeFileSync("web/dist/" + page, "<div id=app></div>");`;

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

// Each case starts Node once or twice; a busy machine needs more than the default five seconds.
describe("the pages a synth deploys", { timeout: 60_000 }, () => {
  it("are built when a fresh clone has no web/dist", () => {
    const root = projectWith(WRITES_PAGES);
    expect(buildPagesForDeploy(root)).toEqual({ dist: join(root, "web", "dist"), built: true });
  });

  it("are reused when the build is newer than every source", () => {
    const root = projectWith(WRITES_PAGES);
    buildPagesForDeploy(root);
    // Vite would now fail: a second synth must not even call it.
    writeFileSync(join(root, "node_modules", "vite", "bin", "vite.js"), "process.exit(3);");
    expect(buildPagesForDeploy(root).built).toBe(false);
  });

  it("are rebuilt when a source changed after the build, and a failed build stops the synth with its output", () => {
    const root = projectWith(WRITES_PAGES);
    buildPagesForDeploy(root);
    writeFileSync(
      join(root, "node_modules", "vite", "bin", "vite.js"),
      'console.error("web/src/main.ts(1,1): a type error"); process.exit(1);',
    );
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "web", "src", "main.ts"), later, later);
    expect(() => buildPagesForDeploy(root)).toThrow(PagesBuildError);
    expect(() => buildPagesForDeploy(root)).toThrow(/failed to build.*exit 1[\s\S]*a type error/);
  });

  it("stop the synth when Vite is not installed, saying what to run", () => {
    expect(() => buildPagesForDeploy(projectWith(null))).toThrow(/Vite is not installed.*npm ci/);
  });
});
