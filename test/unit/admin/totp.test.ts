import { describe, expect, it } from "vitest";
import { acceptedTotpStep, base32Encode, newTotpSecret, otpauthUri, totpCode } from "#functions/mfa/totp";

/** RFC 6238 appendix B, SHA-1 rows: the 8-digit values' last six digits. */
const RFC_SECRET = base32Encode(Buffer.from("12345678901234567890", "ascii"));
const VECTORS: Array<[seconds: number, code: string]> = [
  [59, "287082"],
  [1111111109, "081804"],
  [1111111111, "050471"],
  [1234567890, "005924"],
  [2000000000, "279037"],
  [20000000000, "353130"],
];

describe("TOTP codes", () => {
  it("match RFC 6238's test vectors", () => {
    for (const [seconds, code] of VECTORS) expect(totpCode(RFC_SECRET, Math.floor(seconds / 30))).toBe(code);
  });

  it("accept a code one step either side of now, only after the last used step", () => {
    const at = new Date(1111111109 * 1000);
    const step = Math.floor(1111111109 / 30);
    expect(acceptedTotpStep(RFC_SECRET, "081804", at, undefined)).toBe(step);
    expect(acceptedTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step - 1), at, undefined)).toBe(step - 1);
    expect(acceptedTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step + 1), at, undefined)).toBe(step + 1);
    expect(acceptedTotpStep(RFC_SECRET, totpCode(RFC_SECRET, step + 2), at, undefined)).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, "081804", at, step)).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, "08 1804", at, step - 1)).toBe(step);
    expect(acceptedTotpStep(RFC_SECRET, "81804", at, undefined)).toBeNull();
  });

  it("draws 160-bit secrets and names them in an otpauth:// URI", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(otpauthUri("tiepdon", "quantri.001", secret));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("digits")).toBe("6");
  });
});
