import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriesOf } from "#domain/scan-time";
import { startTestApp, type TestApp } from "#test/support/local-app";

/** Each reception device leases its own offline series, so two devices never print the same ticket. */
describe("offline queue series", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("hands every device of a facility its own series, also when they ask at the same moment", async () => {
    const token = await t.token("receptionist", { facility: "01002" });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => t.call("POST", "/api/checkins/series", { token })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(201));
    const series = answers.map((answer) => (answer.json as { series: string }).series);
    expect(series.sort()).toEqual(Array.from({ length: 12 }, (_, i) => seriesOf(i + 1)).sort());
    // Another facility starts at A: series are per facility.
    const other = await t.call("POST", "/api/checkins/series", {
      token: await t.token("receptionist", { facility: "01003" }),
    });
    expect(other.json).toEqual({ series: "A" });
  });

  it("refuses a kiosk: it prints no offline tickets", async () => {
    const res = await t.call("POST", "/api/checkins/series", {
      token: await t.token("kiosk", { facility: "01002" }),
    });
    expect(res.status).toBe(403);
  });
});
