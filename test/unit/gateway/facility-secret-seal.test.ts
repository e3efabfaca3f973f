import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type FacilitySecret,
  openFacilitySecret,
  sealFacilitySecret,
} from "#functions/gateway/facility-secret-seal";

const SECRET: FacilitySecret = {
  username: "01001_BV",
  password: "Bv01001@Tiếp đón",
  privateKeyPem: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
  certificatePem: "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
};

describe("a facility's sealed gateway secrets", () => {
  const key = randomBytes(32);
  const sealed = sealFacilitySecret(key, "01001", SECRET);

  it("open for their own facility with the install's key, and show nothing in the clear", () => {
    expect(openFacilitySecret(key, "01001", sealed)).toEqual(SECRET);
    expect(sealed).not.toContain("01001_BV");
    expect(Buffer.from(sealed.split(".")[2] ?? "", "base64url").toString("latin1")).not.toContain("Bv01001");
    expect(sealFacilitySecret(key, "01001", SECRET)).not.toBe(sealed);
  });

  it("do not open for another facility, with another key, or once changed", () => {
    const code = (open: () => unknown) => {
      try {
        open();
        return "opened";
      } catch (error: unknown) {
        return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "thrown";
      }
    };
    expect(code(() => openFacilitySecret(key, "38001", sealed))).toBe("GATEWAY_SECRET_UNREADABLE");
    expect(code(() => openFacilitySecret(randomBytes(32), "01001", sealed))).toBe(
      "GATEWAY_SECRET_UNREADABLE",
    );
    const body = sealed.split(".")[2] ?? "";
    const flipped = `${body.slice(0, 5)}${body[5] === "A" ? "B" : "A"}${body.slice(6)}`;
    const changed = sealed.replace(body, flipped);
    expect(code(() => openFacilitySecret(key, "01001", changed))).toBe("GATEWAY_SECRET_UNREADABLE");
    expect(code(() => openFacilitySecret(key, "01001", "not a sealed record"))).toBe(
      "GATEWAY_SECRET_UNREADABLE",
    );
  });
});
