import { describe, expect, it } from "vitest";
import {
  compareNames,
  foldText,
  isGarbledAddress,
  isGarbledName,
  maskedName,
  normalizeText,
} from "#domain/names";

describe("compareNames (the gateway's name rule)", () => {
  it.each([
    ["Nguyễn Văn An", "Nguyễn Văn An", "same"],
    ["NGUYỄN VĂN AN", "Nguyễn Văn An", "same"],
    ["Nguyễn Văn An".normalize("NFD"), "Nguyễn  Văn An ", "same"],
    ["Nguyen Van An", "Nguyễn Văn An", "same"],
    ["NGUYEN VAN AN", "Nguyễn Văn An", "same"],
    ["Lê Thị Hồng Nhung", "Lê Thị Hồng Nhụng", "same-first-letter"],
    ["Phạm Minh Khôi", "Phan Minh Khôi", "same-first-letter"],
    ["Trần Thị Lan", "Nguyễn Thị Lan", "different"],
    ["Đỗ Thị Hạnh", "Dỗ Thị Hạnh", "different"],
  ] as const)("%s vs %s → %s", (scanned, registered, expected) => {
    expect(compareNames(scanned, registered)).toBe(expected);
  });
});

describe("garbled text", () => {
  it.each(["Nguy?n V?n An", "Nguy\uFFFDn Văn An", "NguyÃªn Văn An", "Nguyá»…n", "NguyÔn V¨n An", "Nguye64n"])(
    "%s is garbled",
    (name) => {
      expect(isGarbledName(name)).toBe(true);
    },
  );

  it.each(["Nguyễn Văn An", "NGUYEN VAN AN", "H'Hen Niê", "Ksor H'Bia", "Tôn Nữ Thị Ngọc-Hà"])(
    "%s is a real name",
    (name) => {
      expect(isGarbledName(name)).toBe(false);
    },
  );

  it("allows digits and punctuation in an address but not replacement characters", () => {
    expect(isGarbledAddress("Số 12/3A Phố Huế, P. Hàng Bài (cũ), Hà Nội")).toBe(false);
    expect(isGarbledAddress("S\uFFFD 12 Ph? Hu?")).toBe(true);
  });
});

describe("normalising", () => {
  it("folds case and every diacritic, đ included", () => {
    expect(foldText("Đặng Thị Ánh Nguyệt")).toBe("dang thi anh nguyet");
  });

  it("stores NFC with single spaces", () => {
    expect(normalizeText("  Trần\u00A0 Thị Bích Ngọc ".normalize("NFD"))).toBe("Trần Thị Bích Ngọc");
  });
});

describe("maskedName (a name on a public screen)", () => {
  it("keeps the family name and only the initials of the rest", () => {
    expect(maskedName("Nguyễn Văn An")).toBe("Nguyễn V. A.");
    expect(maskedName("  Lê   Thị Thu  Hà ")).toBe("Lê T. T. H.");
    expect(maskedName("Ksor H'Ngơm")).toBe("Ksor H.");
    expect(maskedName("Đặng")).toBe("Đặng");
  });
});
