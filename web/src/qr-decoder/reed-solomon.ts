/**
 * Reed-Solomon error correction of one QR block over GF(256) (x^8 + x^4 + x^3 + x^2 + 1, generator
 * base 0): syndromes, the Euclidean algorithm for the error locator and evaluator, Chien's search
 * and Forney's formula, as ZXing (and jsQR after it) decode.
 */

const EXP = new Uint8Array(256);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 256; i++) {
  EXP[i] = x;
  x *= 2;
  if (x >= 256) x = (x ^ 0x11d) & 255;
}
for (let i = 0; i < 255; i++) LOG[EXP[i] ?? 0] = i;

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : (EXP[((LOG[a] ?? 0) + (LOG[b] ?? 0)) % 255] ?? 0);
}

function inverse(a: number): number {
  return EXP[255 - (LOG[a] ?? 0)] ?? 0;
}

/** A polynomial, highest degree first, without leading zeros (except the zero polynomial [0]). */
type Poly = Uint8Array;

function poly(coefficients: Uint8Array): Poly {
  let first = 0;
  while (first < coefficients.length - 1 && coefficients[first] === 0) first++;
  return first === 0 ? coefficients : coefficients.slice(first);
}

const ZERO = Uint8Array.of(0);
const ONE = Uint8Array.of(1);

function degree(p: Poly): number {
  return p.length - 1;
}

function isZero(p: Poly): boolean {
  return p[0] === 0;
}

function coefficient(p: Poly, d: number): number {
  return p[p.length - 1 - d] ?? 0;
}

function add(a: Poly, b: Poly): Poly {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out = long.slice();
  const shift = long.length - short.length;
  for (let i = 0; i < short.length; i++) out[shift + i] = (out[shift + i] ?? 0) ^ (short[i] ?? 0);
  return poly(out);
}

function scale(p: Poly, s: number): Poly {
  if (s === 0) return ZERO;
  if (s === 1) return p;
  return poly(p.map((c) => mul(c, s)));
}

function times(a: Poly, b: Poly): Poly {
  if (isZero(a) || isZero(b)) return ZERO;
  const out = new Uint8Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) out[i + j] = (out[i + j] ?? 0) ^ mul(a[i] ?? 0, b[j] ?? 0);
  }
  return poly(out);
}

function monomial(d: number, c: number): Poly {
  if (c === 0) return ZERO;
  const out = new Uint8Array(d + 1);
  out[0] = c;
  return out;
}

function timesMonomial(p: Poly, d: number, c: number): Poly {
  if (c === 0) return ZERO;
  const out = new Uint8Array(p.length + d);
  for (let i = 0; i < p.length; i++) out[i] = mul(p[i] ?? 0, c);
  return poly(out);
}

function evaluate(p: Poly, x: number): number {
  if (x === 0) return coefficient(p, 0);
  let r = 0;
  if (x === 1) {
    for (const c of p) r ^= c;
    return r;
  }
  for (const c of p) r = mul(x, r) ^ c;
  return r;
}

/** Error locator and evaluator from the syndrome, or null when there are too many errors. */
function euclidean(syndrome: Poly, twoS: number): [Poly, Poly] | null {
  let rLast = monomial(twoS, 1);
  let r = syndrome;
  if (degree(rLast) < degree(r)) [rLast, r] = [r, rLast];
  let tLast: Poly = ZERO;
  let t: Poly = ONE;
  while (degree(r) >= twoS / 2) {
    const rLastLast = rLast;
    const tLastLast = tLast;
    rLast = r;
    tLast = t;
    if (isZero(rLast)) return null;
    r = rLastLast;
    let q: Poly = ZERO;
    const dltInverse = inverse(coefficient(rLast, degree(rLast)));
    while (degree(r) >= degree(rLast) && !isZero(r)) {
      const diff = degree(r) - degree(rLast);
      const s = mul(coefficient(r, degree(r)), dltInverse);
      q = add(q, monomial(diff, s));
      r = add(r, timesMonomial(rLast, diff, s));
    }
    t = add(times(q, tLast), tLastLast);
    if (degree(r) >= degree(rLast)) return null;
  }
  const atZero = coefficient(t, 0);
  if (atZero === 0) return null;
  const inv = inverse(atZero);
  return [scale(t, inv), scale(r, inv)];
}

function errorLocations(locator: Poly): number[] | null {
  const count = degree(locator);
  if (count === 1) return [coefficient(locator, 1)];
  const out: number[] = [];
  for (let i = 1; i < 256 && out.length < count; i++) if (evaluate(locator, i) === 0) out.push(inverse(i));
  return out.length === count ? out : null;
}

/**
 * Corrects `block` (data then `twoS` error-correction codewords) in place; false when it holds
 * more errors than the code can correct (or they cannot be located).
 */
export function correctBlock(block: Uint8Array, twoS: number): boolean {
  const syndrome = new Uint8Array(twoS);
  let error = false;
  const received = poly(block);
  for (let s = 0; s < twoS; s++) {
    const e = evaluate(received, EXP[s] ?? 0);
    syndrome[twoS - 1 - s] = e;
    if (e !== 0) error = true;
  }
  if (!error) return true;
  const sigmaOmega = euclidean(poly(syndrome), twoS);
  if (sigmaOmega === null) return false;
  const [sigma, omega] = sigmaOmega;
  const locations = errorLocations(sigma);
  if (locations === null) return false;
  for (const [i, location] of locations.entries()) {
    if (location === 0) return false;
    const xiInverse = inverse(location);
    let denominator = 1;
    for (const [j, other] of locations.entries())
      if (i !== j) denominator = mul(denominator, 1 ^ mul(other, xiInverse));
    if (denominator === 0) return false;
    const magnitude = mul(evaluate(omega, xiInverse), inverse(denominator));
    const position = block.length - 1 - (LOG[location] ?? 0);
    if (position < 0) return false;
    block[position] = (block[position] ?? 0) ^ magnitude;
  }
  return true;
}
