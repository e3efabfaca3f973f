import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "#infra/local/dynamo-local";
import { cleanEnv, type Launched, launch, processesUnder, runToEnd } from "./support/processes.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MINUTE = 60_000;
const QR_AN =
  "001090012345|012345678|Nguyễn Văn An|15031990|Nam|Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|20042021";

/**
 * The README's Quick start, as a new user runs it: a fresh clone of the committed HEAD, `npm ci`,
 * `npm start`, then the three pages and a check-in. Only what is committed counts.
 */
describe("Quick start on a fresh clone", () => {
  const folder = mkdtempSync(join(tmpdir(), "tiepdon-quickstart-"));
  const clone = join(folder, "tiepdon");
  let start: Launched | null = null;
  let url = "";

  beforeAll(async () => {
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, clone], { stdio: "pipe" });
    const install = await runToEnd("npm", ["ci", "--no-fund", "--no-audit"], {
      cwd: clone,
      env: cleanEnv(),
      timeoutMs: 15 * MINUTE,
    });
    if (install.code !== 0)
      throw new Error(`npm ci failed (${install.code}):\n${install.output.slice(-4000)}`);
    const port = await findFreePort();
    start = launch("npm", ["start"], { cwd: clone, env: { ...cleanEnv(), PORT: String(port) } });
    await start.waitFor(/tiepdon ready at (http:\/\/\S+)/, 15 * MINUTE);
    url = `http://127.0.0.1:${port}`;
  }, 32 * MINUTE);

  // Removing the clone's node_modules (700 MB) takes seconds, more on a busy machine.
  afterAll(async () => {
    await start?.stop();
    rmSync(folder, { recursive: true, force: true });
  }, 3 * MINUTE);

  it("builds the pages itself and prints the three page addresses with their demo sign-in", () => {
    const output = start?.output() ?? "";
    expect(output).toContain("built the pages");
    expect(output).toContain(`tiepdon ready at ${url}`);
    expect(output).toContain(`reception  ${url}/?dev=receptionist:01001`);
    expect(output).toContain(`kiosk      ${url}/kiosk?dev=kiosk:01001`);
    expect(output).toContain(`dashboard  ${url}/dashboard?dev=health-dept:`);
  });

  it.each([
    ["/", "Tiếp đón – quầy"],
    ["/kiosk", "Lấy số – tự phục vụ"],
    ["/dashboard", "Tỷ lệ quét QR"],
  ])("%s answers its page, and the page's script loads", async (path, title) => {
    const response = await fetch(`${url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain(`<title>${title}`);
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/assets\/.+\.js$/);
    const bundle = await fetch(`${url}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  });

  it("checks a patient in through the API with a demo sign-in, and lists the visit", async () => {
    const tokenAnswer = await fetch(`${url}/api/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "receptionist", facility: "01001" }),
    });
    expect(tokenAnswer.status).toBe(200);
    const { token } = (await tokenAnswer.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const checkin = await fetch(`${url}/api/checkins`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ method: "qr-cccd", payload: QR_AN }),
    });
    expect(checkin.status).toBe(201);
    const answer = (await checkin.json()) as { checkinId: string; queueNumber: number; status: string };
    expect(answer.status).toBe("covered");
    expect(answer.queueNumber).toBeGreaterThanOrEqual(1);
    const list = await fetch(`${url}/api/checkins?date=today`, { headers: auth });
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: Array<{ checkinId: string }> };
    expect(items.map((item) => item.checkinId)).toContain(answer.checkinId);
  });

  it("answers the documented curl pair for hospital software as printed: a form token, then a form card check", async () => {
    const page = readFileSync(join(clone, "docs/api-and-gateway.md"), "utf8");
    const section = page.slice(page.indexOf("## Point your hospital software at the mock"));
    const script = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(script).toContain("/gateway/api/token/take");
    const run = await runToEnd("bash", ["-c", (script ?? "").replaceAll("http://127.0.0.1:3000", url)], {
      cwd: clone,
      env: cleanEnv(),
      timeoutMs: MINUTE,
    });
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.output.trim().split("\n").at(-1) ?? "null") as Record<string, unknown>;
    expect(answer).toMatchObject({ maKetQua: "000", maThe: "DN4010123456789", hoTen: "Nguyễn Văn An" });
    expect(Object.keys(answer)).toHaveLength(22);
  });

  it("keeps its data folder to this OS account, and names the gateway it calls", () => {
    const mode = (path: string) => (statSync(join(clone, path)).mode & 0o777).toString(8);
    expect(mode(".data")).toBe("700");
    expect(mode(".data/dynamodb")).toBe("700");
    expect(mode(".data/dynamodb-credentials.json")).toBe("600");
    expect(mode(".data/dev-signing-key.json")).toBe("600");
    for (const file of readdirSync(join(clone, ".data/dynamodb")))
      expect(mode(`.data/dynamodb/${file}`)).toBe("600");
    expect(start?.output() ?? "").toContain(
      `gateway    ${url}/gateway (the built-in mock; account tiepdon-local`,
    );
  });

  it("stops on SIGTERM and leaves no process behind", async () => {
    expect(processesUnder(clone).length).toBeGreaterThan(0);
    const exit = await start?.stop();
    expect(exit).toBe("exited");
    expect(processesUnder(clone)).toEqual([]);
  });
});
