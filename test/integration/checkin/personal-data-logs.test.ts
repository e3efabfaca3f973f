import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { captureOutput } from "#test/support/capture-output";
import { startTestApp, type TestApp } from "#test/support/local-app";

describe("logs of a full run", () => {
  let t: TestApp;
  let output: ReturnType<typeof captureOutput> | undefined;

  beforeAll(async () => {
    process.env.LOG_LEVEL = "INFO";
    output = captureOutput();
    t = await startTestApp();
  });
  afterAll(async () => {
    output?.restore();
    await t?.stop();
  });

  it("holds no ID number, name, address or birth date in clear", async () => {
    const reception = await t.token("receptionist", { facility: "01001" });
    for (const p of fixtures.people) {
      await t.call("POST", "/api/checkins", { token: reception, body: { method: "qr-cccd", payload: p.qr } });
      await t.call("POST", "/api/lookups", { token: reception, body: { method: "qr-cccd", payload: p.qr } });
      await t.call("POST", "/api/checkins", {
        token: reception,
        body: { method: "manual-id", payload: p.idNumber },
      });
    }
    await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: "garbage|x" },
    });
    await t.call("GET", "/api/checkins?date=today", { token: reception });
    await t.call("POST", "/api/checkins/recheck", { token: reception });
    const log = output?.text() ?? "";
    expect(log).toContain('"message":"check-in"');
    for (const p of fixtures.people) {
      expect(log).not.toContain(p.idNumber);
      expect(log).not.toContain(p.name);
      expect(log).not.toContain(p.name.normalize("NFD"));
      expect(log).not.toContain(p.address);
      const [y, m, d] = p.birthDate.split("-");
      expect(log).not.toContain(p.birthDate);
      expect(log).not.toContain(`${d}${m}${y}`);
      expect(log).not.toContain(`${d}/${m}/${y}`);
    }
    expect(log).toMatch(/"idNumber":"\d{3}\*{6}\d{3}"/);
  });
});
