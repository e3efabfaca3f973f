import { describe, expect, it } from "vitest";
import { InputError } from "#domain/errors";
import { ageMarks, ageOn, changeMarks, isPriority, parseMark, tappedMark } from "#domain/priority";

describe("ageOn", () => {
  it("counts whole years, the birthday itself included", () => {
    expect(ageOn("2020-12-07", "2026-12-06")).toBe(5);
    expect(ageOn("2020-12-07", "2026-12-07")).toBe(6);
  });

  it("reaches a 29 February birthday on 1 March of other years", () => {
    expect(ageOn("1952-02-29", "2027-02-28")).toBe(74);
    expect(ageOn("1952-02-29", "2027-03-01")).toBe(75);
  });

  it("cannot say an age from a year alone", () => {
    expect(ageOn("1950", "2026-12-07")).toBeNull();
  });
});

describe("ageMarks", () => {
  it("marks a child until the day before the sixth birthday", () => {
    expect(ageMarks("2020-12-08", "2026-12-07")).toEqual(["under-6"]);
    expect(ageMarks("2020-12-07", "2026-12-07")).toEqual([]);
    expect(ageMarks("2026-12-07", "2026-12-07")).toEqual(["under-6"]);
  });

  it("marks 75 or older from the birthday on (no longer 80)", () => {
    expect(ageMarks("1951-12-08", "2026-12-07")).toEqual([]);
    expect(ageMarks("1951-12-07", "2026-12-07")).toEqual(["aged-75"]);
    expect(ageMarks("1948-03-01", "2026-12-07")).toEqual(["aged-75"]);
  });

  it("marks nothing without a full birth date or for a birth date after the visit", () => {
    expect(ageMarks(null, "2026-12-07")).toEqual([]);
    expect(ageMarks("1940", "2026-12-07")).toEqual([]);
    expect(ageMarks("2027-01-01", "2026-12-07")).toEqual([]);
  });
});

describe("marks", () => {
  it("accepts the law's marks and refuses any other with a stable code", () => {
    expect(parseMark("pregnant")).toBe("pregnant");
    expect(() => parseMark("vip")).toThrow(InputError);
    try {
      parseMark("vip");
    } catch (error) {
      expect(error).toMatchObject({ code: "PRIORITY_MARK_UNKNOWN" });
    }
  });

  it("adds and removes one mark, each at most once, in the law's order", () => {
    expect(changeMarks(["merit"], { add: "emergency" })).toEqual(["emergency", "merit"]);
    expect(changeMarks(["merit"], { add: "merit" })).toEqual(["merit"]);
    expect(changeMarks(["aged-75", "merit"], { remove: "aged-75" })).toEqual(["merit"]);
    expect(isPriority(changeMarks(["pregnant"], { remove: "pregnant" }))).toBe(false);
  });
});

describe("tappedMark", () => {
  it("lets reception tap the marks the birth date cannot give, and refuses the ages", () => {
    for (const mark of ["emergency", "pregnant", "disability", "merit"] as const) {
      expect(tappedMark(mark)).toBe(mark);
    }
    for (const mark of ["under-6", "aged-75"] as const) {
      expect(() => tappedMark(mark)).toThrow(InputError);
    }
  });
});
