/**
 * The tests' own RFC 6238 codes, written apart from the product's, so a test that signs in with a
 * code checks the product against the standard rather than against itself.
 */
import { createHmac } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 Base32 to bytes, via a string of bits. */
function secretBytes(secret: string): Buffer {
  const bits = [...secret.toUpperCase().replace(/[^A-Z2-7]/g, "")]
    .map((char) => ALPHABET.indexOf(char).toString(2).padStart(5, "0"))
    .join("");
  const bytes: number[] = [];
  for (let at = 0; at + 8 <= bits.length; at += 8) bytes.push(Number.parseInt(bits.slice(at, at + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP value of the counter `step` (RFC 6238: step = floor(unix seconds / 30)). */
export function rfc6238Code(secret: string, step: number): string {
  const message = Buffer.alloc(8);
  message.writeUInt32BE(Math.floor(step / 2 ** 32), 0);
  message.writeUInt32BE(step % 2 ** 32, 4);
  const hash = createHmac("sha1", secretBytes(secret)).update(message).digest();
  const offset = (hash.at(-1) ?? 0) & 0xf;
  const value =
    (((hash[offset] ?? 0) & 0x7f) << 24) |
    ((hash[offset + 1] ?? 0) << 16) |
    ((hash[offset + 2] ?? 0) << 8) |
    (hash[offset + 3] ?? 0);
  return (value % 1_000_000).toString().padStart(6, "0");
}

const stepNow = () => Math.floor(Date.now() / 30_000);

/** The last step this process typed a code of, per secret: the server takes each code once. */
const lastUsed = new Map<string, number>();

/**
 * A code that has not been used yet: the current step's, or the next step's (one step ahead is
 * still accepted), waiting for the clock when both were used already.
 */
export async function freshCode(secret: string): Promise<string> {
  const used = lastUsed.get(secret) ?? Number.NEGATIVE_INFINITY;
  let step = Math.max(stepNow(), used + 1);
  while (step > stepNow() + 1) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    step = Math.max(stepNow(), used + 1);
  }
  lastUsed.set(secret, step);
  return rfc6238Code(secret, step);
}
