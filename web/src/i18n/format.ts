import type { Lang } from "./lang.ts";

const LOCALES: Record<Lang, string> = { vi: "vi-VN", en: "en-GB" };

/** A YYYY-MM-DD date as the reader expects it (15/03/1990 in both languages, as printed on cards). */
export function formatDay(iso: string | null): string {
  if (iso === null) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match === null ? iso : `${match[3]}/${match[2]}/${match[1]}`;
}

/** The HH:MM of a +07:00 timestamp, read from the text so the browser's own zone does not matter. */
export function formatClock(timestamp: string): string {
  const match = /T(\d{2}):(\d{2})/.exec(timestamp);
  return match === null ? timestamp : `${match[1]}:${match[2]}`;
}

/** A share 0–1 as a percentage with one decimal, or a dash. */
export function formatRate(rate: number | null, lang: Lang): string {
  if (rate === null) return "—";
  return `${(rate * 100).toLocaleString(LOCALES[lang], { maximumFractionDigits: 1, minimumFractionDigits: 1 })} %`;
}

/** A count with the language's digit grouping. */
export function formatCount(count: number, lang: Lang): string {
  return count.toLocaleString(LOCALES[lang]);
}
