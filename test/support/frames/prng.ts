import { seededRandom } from "#functions/gateway-mock/seeded-random";

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

/** The project's mulberry32 source with the extras frames need: the same sequence on every machine. */
export function createRng(seed: number): Rng {
  const base = seededRandom(seed);
  const next = base.next;
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: base.int,
    // Sum of four uniforms: close enough to a bell curve for sensor noise, and cheap.
    gauss: (sigma) => (next() + next() + next() + next() - 2) * sigma * Math.sqrt(3),
    pick: base.pick,
  };
}
