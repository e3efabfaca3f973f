/**
 * Tells a keyboard-wedge scanner from a person: a scanner types a whole QR text with a few
 * milliseconds between keys and ends with Enter; people type far slower and unevenly.
 */

export interface WedgeRules {
  /** Shortest text taken as a scan. */
  readonly minLength: number;
  /** A gap under this is scanner-fast. */
  readonly fastGapMs: number;
  /** Share of gaps that must be fast (scanners hiccup now and then). */
  readonly fastShare: number;
  /** A pause this long starts a new burst. */
  readonly resetGapMs: number;
}

export const WEDGE_RULES: WedgeRules = { minLength: 10, fastGapMs: 45, fastShare: 0.85, resetGapMs: 400 };

export type WedgeStep =
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
  const fastCount = () => gaps.filter((gap) => gap < rules.fastGapMs).length;
  const looksScanned = () =>
    chars.length >= rules.minLength && gaps.length > 0 && fastCount() / gaps.length >= rules.fastShare;

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
      return chars.length >= 4 && fastCount() === gaps.length;
    },
    length() {
      return chars.length;
    },
    reset,
  };
}
