/** Per-category reads of the sets whose frames each stress one condition, and their table. */

/** One decoder's reads in one category. */
export interface Tally {
  /** Frames with a code read with exactly the expected text. */
  correct: number;
  withCode: number;
  /** Text returned for a frame without a code, or a wrong text for one with a code. */
  falseReads: number;
}

interface CategorisedSample {
  expected: string | null;
  category?: string;
}

/** Counts each decoder's reads per category; samples without a category are left out. */
export function tallyByCategory<D extends string>(
  samples: readonly CategorisedSample[],
  outcomes: Record<D, readonly (string | null)[]>,
): Record<string, Partial<Record<D, Tally>>> {
  const tallies: Record<string, Partial<Record<D, Tally>>> = {};
  for (const [i, sample] of samples.entries()) {
    if (sample.category === undefined) continue;
    const byDecoder: Partial<Record<D, Tally>> = tallies[sample.category] ?? {};
    tallies[sample.category] = byDecoder;
    for (const decoder of Object.keys(outcomes) as D[]) {
      const text = outcomes[decoder][i] ?? null;
      const tally = byDecoder[decoder] ?? { correct: 0, withCode: 0, falseReads: 0 };
      byDecoder[decoder] = tally;
      if (sample.expected !== null) tally.withCode++;
      if (sample.expected !== null && text === sample.expected) tally.correct++;
      else if (text !== null) tally.falseReads++;
    }
  }
  return tallies;
}

interface CategorisedSet<D extends string> {
  name: string;
  categories: Record<string, Partial<Record<D, Tally>>>;
}

/**
 * One row per category, a column per set and decoder: "read/with code", with "+n false" when a
 * decoder returned text for a card without a code or a wrong text.
 */
export function formatCategoryTable<D extends string>(
  sets: readonly CategorisedSet<D>[],
  decoders: readonly D[],
): string {
  const categories = [...new Set(sets.flatMap((set) => Object.keys(set.categories)))];
  const head = [
    "category",
    ...sets.flatMap((set) => decoders.map((d) => `${set.name.replace(/^counter /, "")} ${d}`)),
  ];
  const cell = (t: Tally | undefined) =>
    t === undefined ? "-" : `${t.correct}/${t.withCode}${t.falseReads > 0 ? ` +${t.falseReads} false` : ""}`;
  const rows = categories.map((c) => [
    c,
    ...sets.flatMap((set) => decoders.map((d) => cell(set.categories[c]?.[d]))),
  ]);
  const total = (set: CategorisedSet<D>, d: D): Tally =>
    Object.values(set.categories).reduce<Tally>(
      (sum, byDecoder) => {
        const t = byDecoder[d];
        return t === undefined
          ? sum
          : {
              correct: sum.correct + t.correct,
              withCode: sum.withCode + t.withCode,
              falseReads: sum.falseReads + t.falseReads,
            };
      },
      { correct: 0, withCode: 0, falseReads: 0 },
    );
  rows.push(["all", ...sets.flatMap((set) => decoders.map((d) => cell(total(set, d))))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [
    `counter frames per category (${sets.map((s) => s.name).join(", ")})`,
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
  ].join("\n");
}
