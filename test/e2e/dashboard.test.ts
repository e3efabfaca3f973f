import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { parseCsv } from "#test/support/csv";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { canvasHasDrawing, type PageWatch, watchPage } from "./support/page-watch.ts";
import { saveElementAs, saveScreenshot } from "./support/screenshots.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

function fixtureQr(idNumber: string): string {
  const person = fixtures.people.find((entry) => entry.idNumber === idNumber);
  if (person === undefined) throw new Error(`no fixture person ${idNumber}`);
  return person.qr;
}

const reportSchema = z.object({
  target: z.number(),
  rows: z.array(
    z.object({
      rank: z.number(),
      rankOf: z.number(),
      total: z.number(),
      qr: z.number(),
      rate: z.number(),
      name: z.string(),
      facility: z.string().optional(),
      provinceName: z.string().optional(),
      cause: z.string().nullable().optional(),
      reader: z.record(z.string(), z.number()).optional(),
      waits: z
        .object({
          calls: z.number(),
          median: z.object({ from: z.number(), to: z.number().nullable() }).nullable(),
          p90: z.object({ from: z.number(), to: z.number().nullable() }).nullable(),
        })
        .optional(),
    }),
  ),
  summary: z.object({
    noCheckins: z.array(z.object({ facility: z.string() })),
    readerProblems: z
      .array(z.object({ facility: z.string(), cause: z.string(), reader: z.record(z.string(), z.number()) }))
      .optional(),
  }),
});
type Report = z.infer<typeof reportSchema>;

const DEMO_CHECKINS = 1_200;

// Today's check-ins on top of the seeded history, so the page always has a facility without QR and one below target.
const ARRANGED: ReadonlyArray<{ facility: string; method: "qr-cccd" | "manual-id"; payload: string }> = [
  { facility: "38001", method: "manual-id", payload: "038050004567" },
  { facility: "38001", method: "manual-id", payload: "001090012345" },
  { facility: "79001", method: "qr-cccd", payload: fixtureQr("079303001234") },
  { facility: "79001", method: "manual-id", payload: "001185001122" },
  { facility: "79001", method: "manual-id", payload: "001221009876" },
];

/** The room whose first calls give the facility its waits: a few seconds each, in the 0–5 min bucket. */
const WAIT_ROOM = {
  facility: "79001",
  room: {
    id: "79001-noi",
    name: "Phòng khám Nội",
    number: 1,
    serviceCode: "02.1896",
    serviceName: "Khám Nội",
    open: true,
    closedReason: null,
  },
} as const;

describe.runIf(requireBrowser("dashboard.test.ts"))("dashboard page in Chromium", () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let watch: PageWatch;
  let national: Report;
  let provinces: Report;

  async function report(query: string): Promise<Report> {
    const token = await app.token("health-dept");
    const answer = await app.call("GET", `/api/reports/scan-rate?${query}`, { token });
    return reportSchema.parse(answer.json);
  }

  beforeAll(async () => {
    // 30 days of demo history, as `npm start` seeds it, only fewer visits.
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small", demoCheckins: DEMO_CHECKINS });
    // One exam room at the facility with today's QR check-ins, whose patients are then called.
    await app.call("POST", "/api/rooms", {
      token: await app.token("receptionist", { facility: WAIT_ROOM.facility }),
      body: WAIT_ROOM.room,
    });
    for (const checkin of ARRANGED) {
      const token = await app.token("receptionist", { facility: checkin.facility });
      await app.call("POST", "/api/checkins", {
        token,
        body: { method: checkin.method, payload: checkin.payload },
      });
    }
    const roomToken = await app.token("room", { facility: WAIT_ROOM.facility });
    for (const _ of ARRANGED.filter((checkin) => checkin.facility === WAIT_ROOM.facility)) {
      const called = await app.call("POST", `/api/rooms/${WAIT_ROOM.room.id}/calls`, { token: roomToken });
      expect(called.status).toBe(201);
    }
    national = await report("groupBy=facility");
    provinces = await report("groupBy=province");
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 1000 });
    watch = watchPage(page);
    await page.goto(`${app.url}/dashboard?dev=health-dept:`);
    await page.getByTestId("facility-ranking").waitFor({ timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("ranks the facilities and provinces as the report does, with rank x / N", async () => {
    // The seeded history reaches most of the 120 facilities.
    expect(national.rows.length).toBeGreaterThanOrEqual(60);
    const facilityRows = page.getByTestId("facility-ranking").locator("tbody tr");
    expect(await facilityRows.count()).toBe(national.rows.length);
    const first = national.rows[0];
    expect(await facilityRows.first().locator("td").first().textContent()).toBe(
      `${first?.rank} / ${first?.rankOf}`,
    );
    expect(await facilityRows.first().locator("td").nth(1).textContent()).toBe(first?.name);
    expect(await page.getByTestId("province-ranking").locator("tbody tr").count()).toBe(
      provinces.rows.length,
    );
  });

  it("shows a facility's wait from check-in to call, median and 90 %, in its row and in the CSV", async () => {
    const row = national.rows.find((r) => r.facility === WAIT_ROOM.facility);
    expect(row?.waits).toEqual({ calls: 3, median: { from: 0, to: 5 }, p90: { from: 0, to: 5 } });
    // Facilities whose patients were never called show a dash.
    expect(national.rows.filter((r) => (r.waits?.calls ?? 0) > 0).map((r) => r.facility)).toEqual([
      WAIT_ROOM.facility,
    ]);
    const line = page
      .getByTestId("facility-ranking")
      .locator("tbody tr")
      .filter({ hasText: WAIT_ROOM.facility });
    expect(await line.locator(".waits").textContent()).toBe("trung vị 0–5 90 % 0–5");
    const other = page
      .getByTestId("facility-ranking")
      .locator("tbody tr")
      .filter({ hasNotText: WAIT_ROOM.facility });
    expect(await other.first().locator("td").last().textContent()).toBe("—");
    const csv = await app.call("GET", "/api/reports/scan-rate?groupBy=facility&format=csv", {
      token: await app.token("health-dept"),
    });
    const [header = [], ...lines] = parseCsv(csv.text.replace(/^\uFEFF/, ""));
    const at = (name: string) => header.indexOf(name);
    const waits = lines.find((cells) => cells[at("facility")] === WAIT_ROOM.facility);
    expect(
      ["waits.calls", "waits.medianMinutes", "waits.p90Minutes"].map((name) => waits?.[at(name)]),
    ).toEqual(["3", "0–5", "0–5"]);
  });

  it("opens a facility's waits per exam room from its row, with the rooms' CSV", async () => {
    const line = page
      .getByTestId("facility-ranking")
      .locator("tbody tr")
      .filter({ hasText: WAIT_ROOM.facility });
    await line.getByRole("button", { name: "Theo phòng" }).click();
    const panel = page.getByTestId("room-waits");
    const room = panel.locator(`tr[data-room="${WAIT_ROOM.room.id}"]`);
    await room.waitFor({ timeout: 10_000 });
    expect(await room.locator("th").textContent()).toBe(`P1 · ${WAIT_ROOM.room.name}`);
    expect(
      await Promise.all(
        ["calls", "median", "p90"].map((column) => room.locator(`td[data-column="${column}"]`).textContent()),
      ),
    ).toEqual(["3", "0–5", "0–5"]);
    expect(await panel.locator("tbody tr").count()).toBe(1);
    const download = page.waitForEvent("download");
    await page.getByTestId("csv-room-waits").click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^thoi-gian-cho-${WAIT_ROOM.facility}-`));
    await panel.getByRole("button", { name: "Đóng" }).click();
    expect(await panel.count()).toBe(0);
  });

  it("highlights the facilities below the target and those without any QR check-in", async () => {
    const noQr = national.rows.filter((row) => row.qr === 0).length;
    const below = national.rows.filter((row) => row.qr > 0 && row.rate < national.target).length;
    expect(noQr).toBeGreaterThan(0);
    expect(below).toBeGreaterThan(0);
    const table = page.getByTestId("facility-ranking");
    expect(await table.locator("tr.row-no-qr").count()).toBe(noQr);
    expect(await table.locator("tr.row-below").count()).toBe(below);
    expect(await page.getByTestId("no-qr").textContent()).toContain(`(${noQr})`);
  });

  it("draws the rate bars against the target and the daily trend", async () => {
    for (const chart of ["rate-chart", "trend-chart"]) {
      const canvas = `[data-testid=${chart}] canvas`;
      expect(await page.locator(canvas).count()).toBeGreaterThan(0);
      expect(await canvasHasDrawing(page, canvas)).toBe(true);
    }
    await saveScreenshot(page, "dashboard");
  });

  it("sorts a ranking by a column header, and again to reverse it", async () => {
    const totals = () =>
      page
        .getByTestId("facility-ranking")
        .locator("tbody tr td:nth-child(5)")
        .allTextContents()
        .then((cells) => cells.map((cell) => Number(cell.replace(/\D/g, ""))));
    const header = page.getByTestId("facility-ranking").locator("button[data-column=total]");
    await header.click();
    const descending = await totals();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await header.click();
    const ascending = await totals();
    expect(ascending).toEqual([...descending].reverse());
  });

  it("downloads the ranking as CSV with the token", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("csv-facility").click(),
    ]);
    const path = await download.path();
    const text = readFileSync(path, "utf8");
    // The BOM makes Excel read the Vietnamese names as UTF-8.
    expect(text.startsWith("\uFEFFrank,rankOf,facility,name")).toBe(true);
    const lines = text.trimEnd().split("\r\n");
    // The ranked facilities, then those without a check-in, unranked: every facility is in the file.
    expect(national.summary.noCheckins.length).toBeGreaterThan(0);
    expect(lines.length).toBe(national.rows.length + national.summary.noCheckins.length + 1);
  });

  it("says why rates are low: the why column, the readers panel, a filter by cause, the cause in the CSV", async () => {
    const withCause = (cause: string) => national.rows.filter((row) => row.cause === cause);
    const table = page.getByTestId("facility-ranking");
    // The demo history has all three causes, each shown in the why column of its rows.
    for (const [cause, label] of [
      ["no-reader", "Không có thiết bị quét"],
      ["reader-failing", "Thiết bị quét lỗi"],
      ["habit", "Thói quen nhập tay"],
    ] as const) {
      expect(withCause(cause).length, cause).toBeGreaterThan(0);
      const cells = table.locator(`td[data-column=cause] [data-cause=${cause}]`);
      expect(await cells.count()).toBe(withCause(cause).length);
      expect(await cells.first().locator(".cause-name").textContent()).toBe(label);
    }
    const failing = withCause("reader-failing")[0];
    const r = failing?.reader ?? {};
    expect(
      await table
        .locator("tbody tr", { hasText: failing?.facility ?? "" })
        .locator("td[data-column=cause] .cause-figure")
        .textContent(),
    ).toBe(
      `${r.typedAfterFailedScan}/${r.typedWithReader} lượt nhập tay sau khi quét lỗi, ${r.failedScans} lần quét lỗi`,
    );

    // The panel: facilities without a reader first, then failing ones, with the figure behind each.
    const problems = national.summary.readerProblems ?? [];
    expect(problems.map((p) => p.cause)).toEqual([
      ...withCause("no-reader").map(() => "no-reader"),
      ...withCause("reader-failing").map(() => "reader-failing"),
    ]);
    const panel = page.getByTestId("reader-panel");
    expect(await panel.locator("h2").textContent()).toBe(`Thiết bị quét chưa hiệu quả (${problems.length})`);
    const first = problems[0];
    const days = first?.reader.reportedDays;
    expect(await panel.locator(`li[data-facility="${first?.facility}"] .cause-figure`).textContent()).toBe(
      `Camera mở 0/${days} ngày, máy quét 0/${days} ngày`,
    );
    await saveElementAs(panel, "dashboard-readers");

    // Sorted by cause, the ranking opens on the facilities that have one.
    await table.locator("button[data-column=cause]").click();
    await saveElementAs(table, "dashboard-why", 560);
    await table.locator("button[data-column=rank]").click();

    // The filter keeps one cause's facilities.
    await page.getByTestId("cause-filter").selectOption("reader-failing");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(withCause("reader-failing").length);
    expect(await table.locator("td[data-column=cause] [data-cause=reader-failing]").count()).toBe(
      withCause("reader-failing").length,
    );
    await page.getByTestId("cause-filter").selectOption("all");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(national.rows.length);

    // The CSV names every facility's cause, as the report does.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("csv-facility").click(),
    ]);
    const [header = [], ...lines] = parseCsv(
      readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, ""),
    );
    const at = (name: string) => header.indexOf(name);
    const ranked = lines.filter((line) => line[at("rank")] !== "");
    expect(Object.fromEntries(ranked.map((line) => [line[at("facility")], line[at("cause")]]))).toEqual(
      Object.fromEntries(national.rows.map((row) => [row.facility, row.cause ?? ""])),
    );
  });

  it("narrows the ranking to one province", async () => {
    const province = national.rows[national.rows.length - 1]?.provinceName ?? "";
    await page.getByLabel("Tỉnh, thành phố").selectOption({ label: province });
    await expect
      .poll(
        async () =>
          new Set(
            await page.getByTestId("facility-ranking").locator("tbody tr td:nth-child(4)").allTextContents(),
          ),
        { timeout: 10_000 },
      )
      .toEqual(new Set([province]));
    expect(watch.errors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });
});
