/** Statistics and the one results table the benchmarks share. */

/** The q-quantile (0..1) of a set of numbers, by the nearest-rank method; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** The median: the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** Whether a budget was met; null for a figure that has no budget. */
export type Verdict = "ok" | "MISSED" | null;

/** One line of the benchmark table: a figure, what it stands next to, and its budget. */
export interface FigureRow {
  readonly section: string;
  readonly figure: string;
  /** The measured value as printed. */
  readonly value: string;
  /** The baseline measured in the same run, as printed ("" when the row is itself a baseline). */
  readonly baseline: string;
  readonly budget: string;
  readonly verdict: Verdict;
  /** The numbers behind the row, for --json and for the smoke test. */
  readonly numbers: Readonly<Record<string, number>>;
}

/** Builds a row; `numbers` keeps the raw figures. */
export function row(
  section: string,
  figure: string,
  value: string,
  numbers: Record<string, number>,
  extra: { baseline?: string; budget?: string; verdict?: Verdict } = {},
): FigureRow {
  return {
    section,
    figure,
    value,
    baseline: extra.baseline ?? "",
    budget: extra.budget ?? "",
    verdict: extra.verdict ?? null,
    numbers,
  };
}

/** "ok" when the condition holds, else "MISSED". */
export function verdictOf(met: boolean): Verdict {
  return met ? "ok" : "MISSED";
}

/** Milliseconds as printed: two decimals below 10, one below 100, none above. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ms`;
}

/** A 0..1 share as a percentage. */
export function pct(value: number): string {
  return Number.isFinite(value) ? `${(100 * value).toFixed(1)} %` : "n/a";
}

/** Formats rows as one fixed-width table, sections separated by a blank line. */
export function formatTable(rows: readonly FigureRow[]): string {
  const head = ["section", "figure", "value", "baseline (same run)", "budget", "ok?"];
  const cells = rows.map((r) => [r.section, r.figure, r.value, r.baseline, r.budget, r.verdict ?? ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: readonly string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const out = [line(head), line(widths.map((w) => "-".repeat(w)))];
  let section = rows[0]?.section;
  for (const c of cells) {
    if (c[0] !== section) {
      out.push("");
      section = c[0];
    }
    out.push(line(c));
  }
  return out.join("\n");
}
