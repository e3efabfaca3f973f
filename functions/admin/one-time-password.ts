import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";

/**
 * A password a person copies once from the screen: 16 characters of an unambiguous alphabet, with
 * a digit, an upper- and a lower-case letter and a symbol so that Cognito's password policy takes it.
 */
export function newOneTimePassword(): string {
  const body = [...randomBytes(16)].map((byte) => ALPHABET[byte % ALPHABET.length]).join("");
  return `${body}-7Kx`;
}
