import { describe, expect, it } from "vitest";
import data from "#data/provinces.json" with { type: "json" };
import {
  currentProvinceOf,
  currentProvinces,
  isKnownProvinceCode,
  oldCodesOf,
  oldProvinces,
  provinceOfFacility,
} from "#domain/provinces";

describe("provinces as data", () => {
  it("knows every old code of the file and nothing else", () => {
    expect(oldProvinces().map((province) => province.code)).toEqual(
      data.provinces.map((row) => row[0]).sort(),
    );
    expect(isKnownProvinceCode("001")).toBe(true);
    expect(isKnownProvinceCode("096")).toBe(true);
    expect(isKnownProvinceCode("003")).toBe(false);
    expect(isKnownProvinceCode("1")).toBe(false);
  });

  it("groups the old provinces into the current ones, each old code in exactly one", () => {
    const current = currentProvinces();
    expect(new Set(current.map((province) => province.name)).size).toBe(
      new Set(data.provinces.map((row) => row[2])).size,
    );
    const all = current.flatMap((province) => oldCodesOf(province.code)).sort();
    expect(all).toEqual(oldProvinces().map((province) => province.code));
  });

  it("names a current province by the old code whose name it kept", () => {
    expect(currentProvinceOf("052")).toEqual({ code: "064", name: "Gia Lai" });
    expect(currentProvinceOf("074")).toEqual({ code: "079", name: "TP. Hồ Chí Minh" });
    expect(oldCodesOf("079")).toEqual(["074", "077", "079"]);
  });

  it("falls back to the smallest old code when no old province had the new name", () => {
    expect(currentProvinceOf("046")).toEqual({ code: "046", name: "Huế" });
  });

  it("answers null for unknown codes", () => {
    expect(currentProvinceOf("099")).toBeNull();
    expect(oldCodesOf("099")).toEqual([]);
  });

  it("finds a facility's province from its first two digits", () => {
    expect(provinceOfFacility("38001")).toEqual({
      oldCode: "038",
      oldName: "Thanh Hóa",
      current: { code: "038", name: "Thanh Hóa" },
    });
    expect(provinceOfFacility("49012")?.current).toEqual({ code: "048", name: "Đà Nẵng" });
    expect(provinceOfFacility("03001")).toBeNull();
    expect(provinceOfFacility("3800")).toBeNull();
  });
});
