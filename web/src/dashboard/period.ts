/** The dashboard's period presets, in Vietnamese calendar days. */
import { addDays } from "#domain/vn-time";

export const PRESETS = ["today", "7d", "30d", "quarter", "year"] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  readonly from: string;
  readonly to: string;
}

/**
 * The period of a preset ending `today` (YYYY-MM-DD); a quarter runs from its first day to today,
 * a year is the 366 days up to today (the longest period a report covers).
 */
export function periodOf(preset: Preset, today: string): Period {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "quarter": {
      const month = Number(today.slice(5, 7));
      const first = String(month - ((month - 1) % 3)).padStart(2, "0");
      return { from: `${today.slice(0, 4)}-${first}-01`, to: today };
    }
    case "year":
      return { from: addDays(today, -365), to: today };
  }
}
