/** A seeded source of random numbers in [0, 1) plus the helpers the frame generator needs. */
export interface Rng {
  /** Next uniform number in [0, 1). */
  next(): number;
  /** Uniform number in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max] (both ends included). */
  int(min: number, max: number): number;
  /** Approximately normal number with mean 0 and the given standard deviation. */
  gauss(sigma: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

/**
 * Creates a mulberry32 generator: tiny, fast and good enough for test images, and the same
 * sequence on every machine for a given seed.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    // Sum of four uniforms: close enough to a bell curve for sensor noise, and cheap.
    gauss: (sigma) => (next() + next() + next() + next() - 2) * sigma * Math.sqrt(3),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick() needs a non-empty list");
      return item;
    },
  };
}
