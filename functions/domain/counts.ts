/**
 * Named counts as the counters hold them (`n`, `m:qr-cccd`, `s:covered`, …), summed generically:
 * a counter added to the check-in transaction rolls up into every report block unchanged. Pure.
 */
export type Counts = Record<string, number>;

/** Adds every named count of `from` into `into`, whatever names either holds. */
export function addNamedCounts(into: Counts, from: Readonly<Counts>): Counts {
  for (const [name, value] of Object.entries(from)) into[name] = (into[name] ?? 0) + value;
  return into;
}

/** Adds `from` into the entry of `key`, creating it. */
export function addInto<K>(map: Map<K, Counts>, key: K, from: Readonly<Counts>): void {
  const entry = map.get(key);
  if (entry === undefined) map.set(key, { ...from });
  else addNamedCounts(entry, from);
}
