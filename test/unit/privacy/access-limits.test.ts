import { describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_LIMITS, idNumberIn, isTyped, limitChecksFor } from "#functions/privacy/access-limits";
import { windowOf } from "#functions/stores/limit-store";

describe("which calls the limits count, and how", () => {
  it("counts typed numbers (an ID or a typed card code), not scanned codes", () => {
    expect(isTyped("manual-id", "001090012345")).toBe(true);
    expect(isTyped("bhyt-card", "HC4010123456789")).toBe(true);
    expect(isTyped("bhyt-card", "HC4010123456789|4e677579|01/01/1990|1|$")).toBe(false);
    expect(isTyped("qr-cccd", "001090012345||Nguyễn Văn An|01011990|Nam|Hà Nội|15082021")).toBe(false);
  });

  it("finds the ID number a call is about, even before it is parsed", () => {
    expect(idNumberIn("manual-id", "0010 9001-2345")).toBe("001090012345");
    expect(idNumberIn("qr-cccd", "001090012345||Nguyễn Văn An|01011990|Nam|Hà Nội|15082021")).toBe(
      "001090012345",
    );
    expect(idNumberIn("bhyt-card", "HC4010123456789")).toBeNull();
    expect(idNumberIn("manual-id", "12")).toBeNull();
  });

  it("takes the caller's own counters before the facility's, a kiosk's tighter, the daily cap only for typed numbers", () => {
    const clerk = { user: "u1", role: "receptionist", facility: "01001" };
    expect(limitChecksFor(DEFAULT_ACCESS_LIMITS, "lookup", clerk, true)).toEqual([
      { key: "user#u1#lookup#typed", limit: { max: 150, windowSeconds: 86_400 } },
      { key: "user#u1#lookup", limit: { max: 30, windowSeconds: 60 } },
      { key: "facility#01001#lookup", limit: { max: 300, windowSeconds: 60 } },
    ]);
    const kiosk = { user: "k1", role: "kiosk", facility: "01001" };
    expect(limitChecksFor(DEFAULT_ACCESS_LIMITS, "checkin", kiosk, false).map((c) => c.limit.max)).toEqual([
      6, 600,
    ]);
    expect(limitChecksFor(DEFAULT_ACCESS_LIMITS, "checkin", kiosk, true)[0]?.limit.max).toBe(100);
    expect(DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay).toBeLessThan(500);
  });

  it("starts a daily window at Vietnamese midnight", () => {
    const at = Date.parse("2026-12-07T23:30:00+07:00");
    expect(windowOf({ max: 1, windowSeconds: 86_400 }, at)).toEqual({
      start: Date.parse("2026-12-07T00:00:00+07:00"),
      end: Date.parse("2026-12-08T00:00:00+07:00"),
    });
  });
});
