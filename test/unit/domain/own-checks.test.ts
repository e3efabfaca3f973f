import { describe, expect, it } from "vitest";
import type { Insurance } from "#domain/contract";
import { keepOwnChecks } from "#domain/own-checks";

const insurance = (by: string | null): Insurance => ({
  resultCode: "000",
  covered: true,
  cardCode: "DN4010123456789",
  benefitLevel: 4,
  validFrom: "2026-01-01",
  validTo: "2030-12-31",
  registeredFacility: "01001",
  registeredFacilityName: null,
  atRegisteredFacility: true,
  managingOffice: null,
  lastCheck: { at: "2026-10-10T07:55:00+07:00", by, resultCode: "000" },
  message: "Thẻ hợp lệ.",
  messageEn: "Card valid.",
});

describe("the last card check kept with a visit", () => {
  it("names the account only when it is the facility's own", () => {
    expect(keepOwnChecks(insurance("01001_bv"), "01001").lastCheck?.by).toBe("01001_bv");
    expect(keepOwnChecks(insurance("01001"), "01 - 001").lastCheck?.by).toBe("01001");
    for (const other of ["01832_tyt", "010011_bv", "tiepdon-local"])
      expect(keepOwnChecks(insurance(other), "01001").lastCheck).toEqual({
        at: "2026-10-10T07:55:00+07:00",
        by: null,
        resultCode: "000",
      });
  });

  it("leaves the rest of the coverage as the gateway answered", () => {
    const reduced = keepOwnChecks(insurance("01832_tyt"), "01001");
    expect({ ...reduced, lastCheck: null }).toEqual({ ...insurance(null), lastCheck: null });
    expect(keepOwnChecks({ ...insurance(null), lastCheck: null }, "01001").lastCheck).toBeNull();
  });
});
