/**
 * The BHYT (health-insurance) card code `XX Y ZZ NNNNNNNNNN` (QĐ 1351/QĐ-BHXH and amendments):
 * XX beneficiary group, Y benefit level, ZZ province number, then the lifelong 10-digit
 * social-insurance number. Levels and groups are tables, as the rules change by decree.
 */

/** A 15-character card code. */
export const CARD_CODE_PATTERN = /^[A-Z]{2}[1-5]\d{2}\d{10}$/;

/** A 10-digit social-insurance number (mã số BHXH), all that newer cards print. */
export const SOCIAL_INSURANCE_NUMBER_PATTERN = /^\d{10}$/;

/** The parts of a card code. */
export interface CardCodeParts {
  readonly group: string;
  readonly benefitLevel: number;
  /** 2-digit province number (the old province code without its leading 0). */
  readonly provinceNumber: string;
  readonly socialInsuranceNumber: string;
}

/** Upper case without the spaces, dashes and dots people type between the groups. */
export function normalizeCardCode(text: string): string {
  return text.replace(/[\s.\-–]/g, "").toUpperCase();
}

/** Splits a 15-character card code into its parts, or null when it is not one. */
export function parseCardCode(code: string): CardCodeParts | null {
  if (!CARD_CODE_PATTERN.test(code)) return null;
  return {
    group: code.slice(0, 2),
    benefitLevel: Number(code.charAt(2)),
    provinceNumber: code.slice(3, 5),
    socialInsuranceNumber: code.slice(5),
  };
}

/** Share of the covered cost the fund pays, by benefit level (the 3rd character of the code). */
const BENEFIT_LEVELS: Readonly<Record<number, { percent: number; vi: string; en: string }>> = {
  1: { percent: 100, vi: "100% chi phí", en: "100% of costs" },
  2: {
    percent: 100,
    vi: "100% chi phí (có giới hạn một số dịch vụ)",
    en: "100% of costs, with caps on some services",
  },
  3: { percent: 95, vi: "95% chi phí", en: "95% of costs" },
  4: { percent: 80, vi: "80% chi phí", en: "80% of costs" },
  5: {
    percent: 100,
    vi: "100% chi phí, kể cả ngoài phạm vi",
    en: "100% of costs, including outside the usual scope",
  },
};

/** The percentage of a benefit level, or null for an unknown level. */
export function benefitPercent(level: number): number | null {
  return BENEFIT_LEVELS[level]?.percent ?? null;
}

/** Beneficiary groups by benefit level before 2026 [P]: the table cards were printed against. */
const BASE_GROUPS_BY_LEVEL: Readonly<Record<number, readonly string[]>> = {
  1: ["CC", "TE"],
  2: ["CK", "CB", "KC", "HN", "DT", "DK", "XD", "BT", "TS"],
  3: ["HT", "TC", "CN", "LH", "PV", "TG", "DS", "HK"],
  4: [
    "DN",
    "HX",
    "CH",
    "NN",
    "TK",
    "HC",
    "XK",
    "TB",
    "NO",
    "CT",
    "XB",
    "TN",
    "CS",
    "XN",
    "MS",
    "HD",
    "TQ",
    "TA",
    "TY",
    "HG",
    "LS",
    "HS",
    "SV",
    "GB",
    "GD",
    "ND",
    "TH",
    "TV",
    "TD",
    "TU",
  ],
  5: ["QN", "CA", "CY"],
};

/** Changes of level that take effect on a date; a new decree is one more row. */
const GROUP_LEVEL_CHANGES: readonly { from: string; group: string; level: number }[] = [
  // Luật BHYT amended 2024, in force 2026: near-poor households and low-income farmers get level 2.
  { from: "2026-01-01", group: "CN", level: 2 },
  { from: "2026-01-01", group: "LH", level: 2 },
];

/** The benefit level of a beneficiary group on a day (YYYY-MM-DD), or null for an unknown group. */
export function benefitLevelOfGroup(group: string, onDay: string): number | null {
  let level: number | null = null;
  for (const [key, groups] of Object.entries(BASE_GROUPS_BY_LEVEL)) {
    if (groups.includes(group)) level = Number(key);
  }
  for (const change of GROUP_LEVEL_CHANGES) {
    if (change.group === group && change.from <= onDay) level = change.level;
  }
  return level;
}

/** Every group's level on a day, e.g. to draw a table or to generate consistent synthetic cards. */
export function groupsByLevel(onDay: string): Map<number, string[]> {
  const table = new Map<number, string[]>();
  for (const groups of Object.values(BASE_GROUPS_BY_LEVEL)) {
    for (const group of groups) {
      const level = benefitLevelOfGroup(group, onDay);
      if (level !== null) table.set(level, [...(table.get(level) ?? []), group]);
    }
  }
  return table;
}
