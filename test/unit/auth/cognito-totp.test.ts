import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CognitoStandIn, startCognitoStandIn } from "#test/support/cognito-stand-in";
import { freshCode, rfc6238Code } from "#test/support/totp";
import { makeCognitoTotpApi, otpauthLink, TotpSetupError } from "#web/auth/cognito-totp";

const wrongCodeFor = (secret: string) => {
  const step = Math.floor(Date.now() / 30_000);
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => rfc6238Code(secret, step + offset)));
  return ["123456", "654321", "111111"].find((code) => !near.has(code)) ?? "222222";
};

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TotpSetupError ? error.code : "other";
  }
}

describe("TOTP set-up through Cognito's user API", () => {
  let cognito: CognitoStandIn;
  beforeAll(async () => {
    cognito = await startCognitoStandIn();
  });
  afterAll(async () => {
    await cognito?.stop();
  });

  it("gets a secret, refuses a wrong code, accepts the right one and makes TOTP preferred", async () => {
    const api = makeCognitoTotpApi(`${cognito.url}/`, cognito.issueAccessToken("quantri.hn"));
    const secret = await api.associate();
    expect(secret).toBe(cognito.secretOf("quantri.hn"));
    expect(await codeOf(api.verify(wrongCodeFor(secret)))).toBe("TOTP_CODE_WRONG");
    expect(await codeOf(api.preferTotp())).toBe("TOTP_SETUP_FAILED");
    await api.verify(await freshCode(secret));
    await api.preferTotp();
    expect(cognito.calls.at(-1)).toMatchObject({
      operation: "SetUserMFAPreference",
      status: 200,
      body: { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } },
    });
  });

  it("says the sign-in has expired when Cognito does not know the access token", async () => {
    const api = makeCognitoTotpApi(`${cognito.url}/`, "not-a-token-it-issued");
    expect(await codeOf(api.associate())).toBe("TOTP_SESSION_EXPIRED");
  });

  it("reads Cognito's other wrong-code answer and a cut network with their own codes", async () => {
    const refusing: typeof fetch = async () =>
      new Response(JSON.stringify({ __type: "EnableSoftwareTokenMFAException", message: "Code mismatch" }), {
        status: 400,
      });
    expect(await codeOf(makeCognitoTotpApi("https://x.test/", "t", refusing).verify("123456"))).toBe(
      "TOTP_CODE_WRONG",
    );
    const offline: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const error = await makeCognitoTotpApi("https://x.test/", "t", offline)
      .associate()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TotpSetupError);
    expect(error).toMatchObject({ code: "TOTP_NETWORK", messages: { vi: expect.stringContaining("mạng") } });
  });

  it("labels the otpauth:// link with the account and carries the secret", () => {
    const link = new URL(otpauthLink("JBSWY3DPEHPK3PXP", "quantri.hn"));
    expect(link.protocol).toBe("otpauth:");
    expect(link.host).toBe("totp");
    expect(decodeURIComponent(link.pathname)).toBe("/tiepdon:quantri.hn");
    expect(link.searchParams.get("secret")).toBe("JBSWY3DPEHPK3PXP");
    expect(link.searchParams.get("period")).toBe("30");
  });
});
