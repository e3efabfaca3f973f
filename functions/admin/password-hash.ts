import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** One of OWASP's scrypt settings (N=2^15, r=8, p=3): 32 MiB per hash, so guessing stays costly. */
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_BYTES = 32;
const MAX_MEMORY = 128 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_BYTES, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/**
 * A lighter scrypt setting (N=2^12, 4 MiB) for one-time passwords the system draws itself: 16
 * characters of a 50-letter alphabet (~90 bits) cannot be guessed whatever the cost, and the
 * first sign-in replaces them with a person's password hashed at the full cost.
 */
export const ONE_TIME_COST = { N: 2 ** 12, r: 8, p: 1 } as const;

/** `scrypt$N$r$p$salt$key` (base64url): the settings travel with the hash, so they can grow later. */
export async function hashPassword(
  password: string,
  cost: { readonly N: number; readonly r: number; readonly p: number } = COST,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Whether the password matches the stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || salt === undefined || key === undefined) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((value) => Number.isInteger(value) && value > 0)) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
