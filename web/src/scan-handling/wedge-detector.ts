/**
 * Tells a keyboard-wedge scanner from a person: a scanner types a whole QR text with a few
 * milliseconds between keys and ends with Enter; people type far slower and unevenly.
 */

export interface WedgeRules {
  /** Shortest text taken as a scan. */
  readonly minLength: number;
  /** The median gap of a scan is under this; a person's is two or three times longer. */
  readonly fastGapMs: number;
  /** A pause this long starts a new burst. */
  readonly resetGapMs: number;
}

const WEDGE_RULES: WedgeRules = { minLength: 10, fastGapMs: 45, resetGapMs: 400 };

// The median, not every gap: a busy PC or a scanner's own hiccup delays a few keys of a scan.
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

type WedgeStep =
  /** The key belongs to a burst in progress (or to normal typing). */
  | { readonly kind: "key" }
  /** Enter closed a scanner burst: here is its text. */
  | { readonly kind: "scan"; readonly text: string }
  /** Enter after ordinary typing: let the page handle it. */
  | { readonly kind: "enter" };

export interface WedgeDetector {
  /** Feeds one printable character or "Enter", with the event's timestamp in ms. */
  feed(key: string, at: number): WedgeStep;
  /** True while the keys so far look like a scanner burst (the page then keeps them out of fields). */
  inBurst(): boolean;
  /** Characters in the current burst. */
  length(): number;
  reset(): void;
}

export function makeWedgeDetector(rules: WedgeRules = WEDGE_RULES): WedgeDetector {
  let chars: string[] = [];
  let gaps: number[] = [];
  let last = Number.NEGATIVE_INFINITY;

  const reset = () => {
    chars = [];
    gaps = [];
    last = Number.NEGATIVE_INFINITY;
  };
  const looksScanned = () => chars.length >= rules.minLength && median(gaps) < rules.fastGapMs;

  return {
    feed(key, at) {
      const gap = at - last;
      if (gap > rules.resetGapMs) reset();
      if (key === "Enter") {
        const scanned = looksScanned() && gap < rules.resetGapMs;
        const text = chars.join("");
        reset();
        return scanned ? { kind: "scan", text } : { kind: "enter" };
      }
      if (chars.length > 0) gaps.push(gap);
      chars.push(key);
      last = at;
      return { kind: "key" };
    },
    inBurst() {
      return chars.length >= 4 && gaps.every((gap) => gap < rules.fastGapMs);
    },
    length() {
      return chars.length;
    },
    reset,
  };
}
