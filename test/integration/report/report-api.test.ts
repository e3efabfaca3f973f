import { get as httpGet, type IncomingHttpHeaders } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Method } from "#domain/types";
import { addDays, vnDay } from "#domain/vn-time";
import { type WaitFigures, waitBucketText } from "#domain/wait-times";
import { readConfig } from "#functions/config/env";
import { checkinSettingsSchema, checkinStoreConfig } from "#functions/config/settings";
import { COMPRESS_FROM_BYTES } from "#functions/http/responses";
import { checkIn } from "#functions/services/check-in";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { parseCsv } from "#test/support/csv";
import { startTestApp, type TestApp } from "#test/support/local-app";

const an = fixtures.people.find((person) => person.idNumber === "001090012345");
const binh = fixtures.people.find((person) => person.idNumber === "001185001122");
if (an === undefined || binh === undefined || an.registry === null) throw new Error("fixture people missing");

/** What each method sends for the fixture person An. */
const PAYLOAD: Record<Method, string> = {
  "qr-cccd": an.qr,
  "qr-vneid": an.qr,
  "manual-id": an.idNumber,
  "bhyt-card": an.registry.cardCode,
};

// A period well before the demo history, so only this test's check-ins are in it.
const TODAY = vnDay(new Date());
const A = addDays(TODAY, -100);
const B = addDays(A, 1);
const C = addDays(A, 2);
const D = addDays(A, 3);

/** Vietnamese wall-clock time of a day as an instant. */
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`);

/** Each facility's visits in time order: [instant, method]. */
const VISITS: Record<string, Array<[Date, Method]>> = {
  // Hà Nội, 4 QR of 6 (the 08:05 visit is a duplicate of 08:00 and not counted): ties 30001's 2 of 3.
  "01001": [
    [at(A, "08:00"), "qr-cccd"],
    [at(A, "08:05"), "qr-cccd"],
    [at(A, "08:15"), "qr-cccd"],
    [at(A, "08:30"), "qr-cccd"],
    [at(A, "08:45"), "manual-id"],
    [at(B, "09:00"), "qr-vneid"],
    [at(B, "09:15"), "bhyt-card"],
  ],
  // Hà Nội, no QR at all.
  "01832": [
    [at(A, "10:00"), "manual-id"],
    [at(A, "10:15"), "manual-id"],
  ],
  // Thanh Hóa, 1 of 2 and 2 of 4: equal rates, one shared rank.
  "38001": [
    [at(B, "08:00"), "qr-cccd"],
    [at(B, "08:15"), "manual-id"],
  ],
  "38453": [
    [at(C, "08:00"), "qr-cccd"],
    [at(C, "08:15"), "bhyt-card"],
    [at(C, "08:30"), "qr-cccd"],
    [at(C, "08:45"), "bhyt-card"],
  ],
  // Registered under Hải Dương (030), now Hải Phòng; 23:30 UTC on C is 06:30 on D in Vietnam.
  "30001": [
    [new Date(`${C}T23:30:00Z`), "qr-cccd"],
    [at(D, "08:00"), "qr-vneid"],
    [at(D, "08:15"), "manual-id"],
  ],
  // Hải Phòng, 1 of 1.
  "31001": [[at(A, "07:30"), "qr-cccd"]],
};

const READER_FIELDS = [
  "cameraDays",
  "scannerDays",
  "failedScans",
  "typedAfterFailedScan",
  "typedWithReader",
  "reportedCheckins",
  "reportedDays",
];

const RANKED = ["31001", "01001", "30001", "38453", "38001", "01832"];

type Row = Record<string, unknown> & { facility?: string; province?: string; rank: number };
type Report = {
  from: string;
  to: string;
  groupBy: string;
  target: number;
  rows: Row[];
  summary: {
    total: number;
    qr: number;
    rate: number | null;
    belowTarget: Array<Record<string, unknown>>;
    noQr: Array<Record<string, unknown>>;
    noCheckins: Array<{ facility: string }>;
  };
  trend: Array<{ day: string; total: number; qr: number; rate: number | null }>;
};

describe("GET /api/reports/scan-rate", () => {
  let t: TestApp;
  let national: string;
  const period = `from=${A}&to=${D}`;

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.token("health-dept");
    // Written through the check-in service and store, with a clock we set, so days are exact.
    const store = makeCheckinStore(t.doc, checkinStoreConfig(readConfig(checkinSettingsSchema)));
    let ids = 0;
    await Promise.all(
      Object.entries(VISITS).map(async ([facility, visits]) => {
        for (const [instant, method] of visits) {
          await checkIn(
            {
              store,
              gateway: {
                checkCard: async () => ({
                  kind: "unavailable",
                  reason: "timeout",
                  resultCode: null,
                  latencyMs: 0,
                }),
              },
              now: () => instant,
              newId: () => `report-test-${++ids}`,
            },
            {
              facility,
              user: "report-test",
              method,
              payload: PAYLOAD[method],
              channel: "scanner",
              idempotencyKey: null,
              scannedAt: null,
              offlineQueue: null,
              reader: null,
            },
          );
        }
      }),
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  const get = async (query: string, token = national) =>
    t.call("GET", `/api/reports/scan-rate?${query}`, { token });

  it("ranks facilities by exact rate with shared ranks, over Vietnamese days, duplicates excluded", async () => {
    const res = await get(period);
    expect(res.status).toBe(200);
    const report = res.json as Report;
    expect(report).toMatchObject({ from: A, to: D, groupBy: "facility", target: 0.5 });
    expect(report.rows.map((row) => [row.rank, row.facility, row.qr, row.total, row.rankOf])).toEqual([
      [1, "31001", 1, 1, 6],
      [2, "01001", 4, 6, 6],
      [2, "30001", 2, 3, 6],
      [4, "38453", 2, 4, 6],
      [4, "38001", 1, 2, 6],
      [6, "01832", 0, 2, 6],
    ]);
    expect(report.rows[1]).toMatchObject({
      name: "Bệnh viện Đa khoa Thành phố (mẫu)",
      province: "001",
      rate: 4 / 6,
      byMethod: { "qr-cccd": 3, "qr-vneid": 1, "manual-id": 1, "bhyt-card": 1 },
    });
    expect(report.rows[2]).toMatchObject({ province: "031", provinceName: "Hải Phòng", rate: 2 / 3 });
    expect(report.summary).toMatchObject({ total: 18, qr: 10, rate: 10 / 18 });
    expect(report.trend).toEqual([
      { day: A, total: 7, qr: 4, rate: 4 / 7 },
      { day: B, total: 4, qr: 2, rate: 0.5 },
      { day: C, total: 4, qr: 2, rate: 0.5 },
      { day: D, total: 3, qr: 2, rate: 2 / 3 },
    ]);
  });

  it("flags facilities below target and without QR, and lists those without check-ins apart", async () => {
    const report = (await get(period)).json as Report;
    expect(report.summary.belowTarget).toEqual([
      expect.objectContaining({ facility: "01832", province: "001", total: 2, qr: 0, rate: 0 }),
    ]);
    expect(report.summary.noQr.map((entry) => entry.facility)).toEqual(["01832"]);
    const idle = report.summary.noCheckins.map((entry) => entry.facility);
    expect(idle).toContain("01542");
    for (const code of RANKED) expect(idle).not.toContain(code);
  });

  it("rolls facilities up into current provinces", async () => {
    const report = (await get(`${period}&groupBy=province`)).json as Report;
    expect(report.rows.map((row) => [row.rank, row.province, row.name, row.qr, row.total])).toEqual([
      [1, "031", "Hải Phòng", 3, 4],
      [2, "001", "Hà Nội", 4, 8],
      [2, "038", "Thanh Hóa", 3, 6],
    ]);
  });

  it("exports the same rows as CSV, with a BOM, CRLF and a download name", async () => {
    const json = (await get(period)).json as Report;
    const res = await get(`${period}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="scan-rate-${A}-${D}.csv"`);
    // fetch's text() drops the BOM; the raw body keeps it.
    const raw = new Uint8Array(
      await (
        await fetch(`${t.url}/api/reports/scan-rate?${period}&format=csv`, {
          headers: { authorization: `Bearer ${national}` },
        })
      ).arrayBuffer(),
    );
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(res.text.replace(/^\uFEFF/, ""));
    expect(header).toEqual([
      "rank",
      "rankOf",
      "facility",
      "name",
      "province",
      "provinceName",
      "total",
      "qr",
      "byMethod.qr-cccd",
      "byMethod.qr-vneid",
      "byMethod.manual-id",
      "byMethod.bhyt-card",
      "rate",
      ...READER_FIELDS.map((field) => `reader.${field}`),
      "cause",
      "waits.calls",
      "waits.medianMinutes",
      "waits.p90Minutes",
    ]);
    expect(rows).toEqual(
      json.rows
        .map((row) => [
          String(row.rank),
          String(row.rankOf),
          row.facility,
          row.name,
          row.province,
          row.provinceName,
          String(row.total),
          String(row.qr),
          ...["qr-cccd", "qr-vneid", "manual-id", "bhyt-card"].map((m) =>
            String((row.byMethod as Record<string, number>)[m]),
          ),
          String(row.rate),
          ...READER_FIELDS.map((field) => String((row.reader as Record<string, number>)[field])),
          String(row.cause ?? ""),
          String((row.waits as WaitFigures).calls),
          waitBucketText((row.waits as WaitFigures).median),
          waitBucketText((row.waits as WaitFigures).p90),
        ])
        .concat(
          // Then every facility without a check-in in the period, unranked, so the file holds them all.
          json.summary.noCheckins.map((flag) => [
            "",
            "",
            flag.facility,
            String((flag as Record<string, unknown>).name),
            String((flag as Record<string, unknown>).province),
            String((flag as Record<string, unknown>).provinceName),
            ...Array.from({ length: 6 }, () => "0"),
            "",
            ...READER_FIELDS.map(() => "0"),
            "",
            "0",
            "",
            "",
          ]),
        ),
    );
    expect(rows.length).toBe(json.rows.length + json.summary.noCheckins.length);
    expect(json.summary.noCheckins.length).toBeGreaterThan(100);
  });

  it("sends large answers gzip-compressed to clients that accept gzip, the same answer once unzipped", async () => {
    const raw = (encoding: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const request = httpGet(
          `${t.url}/api/reports/scan-rate?${period}&format=csv`,
          { headers: { authorization: `Bearer ${national}`, "accept-encoding": encoding } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
          },
        );
        request.on("error", reject);
      });
    const plain = await raw("identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
    const zipped = await raw("gzip, deflate, br");
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toBe("accept-encoding");
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  });

  it("keeps a provincial user to their province, whichever old code they use", async () => {
    const haiDuong = await t.token("health-dept", { province: "030" });
    const own = (await get(period, haiDuong)).json as Report;
    expect(own.rows.map((row) => [row.rank, row.facility])).toEqual([
      [1, "31001"],
      [2, "30001"],
    ]);
    expect((await get(`${period}&province=031`, haiDuong)).status).toBe(200);
    const other = await get(`${period}&province=001`, haiDuong);
    expect(other.status).toBe(403);
    expect((other.json as { error: { code: string } }).error.code).toBe("PROVINCE_FORBIDDEN");
    const provinces = (await get(`${period}&groupBy=province`, haiDuong)).json as Report;
    expect(provinces.rows.map((row) => row.province)).toEqual(["031"]);
  });

  it("lets a national user narrow to any province by an old code", async () => {
    const report = (await get(`${period}&province=030`)).json as Report;
    expect(report.rows.map((row) => row.facility)).toEqual(["31001", "30001"]);
  });

  it("is for the health department only", async () => {
    const reception = await t.token("receptionist", { facility: "01001" });
    const kiosk = await t.token("kiosk", { facility: "01001" });
    for (const token of [reception, kiosk]) {
      const res = await get(period, token);
      expect(res.status).toBe(403);
      expect((res.json as { error: { code: string } }).error.code).toBe("ROLE_FORBIDDEN");
    }
    expect((await t.call("GET", `/api/reports/scan-rate?${period}`)).status).toBe(401);
  });

  it("refuses bad periods and queries with 400 and a clear code", async () => {
    const cases: Array<[string, string]> = [
      [`from=${addDays(D, -366)}&to=${D}`, "PERIOD_TOO_LONG"],
      [`from=${D}&to=${A}`, "PERIOD_INVALID"],
      ["from=2026-02-30", "QUERY_INVALID"],
      ["groupBy=district", "QUERY_INVALID"],
      ["format=xlsx", "QUERY_INVALID"],
      ["province=1", "QUERY_INVALID"],
      ["facility=01001", "QUERY_INVALID"],
    ];
    for (const [query, code] of cases) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      const error = (res.json as { error: { code: string; message: string; messageEn: string } }).error;
      expect(error.code, query).toBe(code);
      if (code === "PERIOD_TOO_LONG") {
        expect(error.message).toContain("366");
        expect(error.messageEn).toContain("366");
      }
    }
    expect((await get("province=003")).status).toBe(422);
  });

  it("counts today's check-ins made through the API, once", async () => {
    const facility = "31001";
    const today = `from=${TODAY}&to=${TODAY}`;
    const rowOf = (report: Report) => report.rows.find((row) => row.facility === facility);
    const before = rowOf((await get(today)).json as Report);
    const reception = await t.token("receptionist", { facility });
    const post = (method: Method, payload: string) =>
      t.call("POST", "/api/checkins", { token: reception, body: { method, payload } });
    expect((await post("qr-cccd", an.qr)).status).toBe(201);
    expect((await post("qr-cccd", an.qr)).status).toBe(200);
    expect((await post("manual-id", binh.idNumber)).status).toBe(201);
    const after = rowOf((await get(today)).json as Report);
    expect(Number(after?.total ?? 0) - Number(before?.total ?? 0)).toBe(2);
    expect(Number(after?.qr ?? 0) - Number(before?.qr ?? 0)).toBe(1);
  });
});
