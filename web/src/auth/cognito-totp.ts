/**
 * TOTP set-up against Cognito's user API, called from the browser with the person's own access
 * token (scope `aws.cognito.signin.user.admin`): no function of ours holds a secret or sees it.
 */
import * as z from "zod";

/** The stable codes of a failed set-up step, each with a Vietnamese and an English message. */
export const TOTP_SETUP_ERRORS = {
  TOTP_CODE_WRONG: {
    vi: "Mã xác thực không đúng. Hãy nhập mã đang hiện trong ứng dụng xác thực.",
    en: "The code is wrong. Type the code your authenticator app shows now.",
  },
  TOTP_SESSION_EXPIRED: {
    vi: "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại rồi thiết lập mã.",
    en: "The sign-in has expired. Please sign in again and set up the code.",
  },
  TOTP_NETWORK: {
    vi: "Không kết nối được với dịch vụ đăng nhập. Kiểm tra mạng rồi thử lại.",
    en: "The sign-in service cannot be reached. Check the network and try again.",
  },
  TOTP_SETUP_FAILED: {
    vi: "Không thiết lập được mã xác thực. Thử lại sau ít phút.",
    en: "The code could not be set up. Try again in a few minutes.",
  },
} as const;

export type TotpSetupCode = keyof typeof TOTP_SETUP_ERRORS;

/** A set-up step that did not work, with its stable code and both messages. */
export class TotpSetupError extends Error {
  readonly code: TotpSetupCode;
  readonly messages: { readonly vi: string; readonly en: string };

  constructor(code: TotpSetupCode, options?: { cause?: unknown }) {
    super(TOTP_SETUP_ERRORS[code].en, options);
    this.name = "TotpSetupError";
    this.code = code;
    this.messages = TOTP_SETUP_ERRORS[code];
  }
}

/** Cognito's exception names (the part after `#` of `__type`) and what each means for the person. */
function codeOfException(type: string): TotpSetupCode {
  const name = type.slice(type.lastIndexOf("#") + 1);
  if (name === "CodeMismatchException" || name === "EnableSoftwareTokenMFAException")
    return "TOTP_CODE_WRONG";
  if (name === "NotAuthorizedException") return "TOTP_SESSION_EXPIRED";
  return "TOTP_SETUP_FAILED";
}

const exceptionSchema = z.object({ __type: z.string() });
const associateSchema = z.object({ SecretCode: z.string().regex(/^[A-Z2-7]+=*$/) });
const verifySchema = z.object({ Status: z.enum(["SUCCESS", "ERROR"]) });

type Operation = "AssociateSoftwareToken" | "VerifySoftwareToken" | "SetUserMFAPreference";

/** Cognito's user API for one person: the three calls the set-up makes. */
export interface CognitoTotpApi {
  /** Starts the set-up: answers the new secret (Base32) to show as text and as an otpauth:// link. */
  associate(): Promise<string>;
  /** Checks a first code from the person's app against the new secret. */
  verify(code: string): Promise<void>;
  /** Makes TOTP the person's enabled and preferred second step. */
  preferTotp(): Promise<void>;
}

/**
 * The user API at `endpoint` (`https://cognito-idp.<region>.amazonaws.com/`), JSON over POST with
 * the operation in `X-Amz-Target`, authorised by the access token alone.
 */
export function makeCognitoTotpApi(
  endpoint: string,
  accessToken: string,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): CognitoTotpApi {
  async function call(operation: Operation, body: Record<string, unknown>): Promise<unknown> {
    let response: Response;
    try {
      response = await fetchImpl(endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-amz-json-1.1",
          "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify({ AccessToken: accessToken, ...body }),
        cache: "no-store",
      });
    } catch (error) {
      throw new TotpSetupError("TOTP_NETWORK", { cause: error });
    }
    const answer: unknown = await response.json().catch(() => null);
    if (response.ok) return answer;
    const exception = exceptionSchema.safeParse(answer);
    throw new TotpSetupError(
      exception.success ? codeOfException(exception.data.__type) : "TOTP_SETUP_FAILED",
    );
  }

  return {
    async associate() {
      const answer = associateSchema.safeParse(await call("AssociateSoftwareToken", {}));
      if (!answer.success) throw new TotpSetupError("TOTP_SETUP_FAILED");
      return answer.data.SecretCode;
    },
    async verify(code) {
      const answer = verifySchema.safeParse(
        await call("VerifySoftwareToken", { UserCode: code, FriendlyDeviceName: "tiepdon" }),
      );
      if (!answer.success) throw new TotpSetupError("TOTP_SETUP_FAILED");
      if (answer.data.Status !== "SUCCESS") throw new TotpSetupError("TOTP_CODE_WRONG");
    },
    async preferTotp() {
      await call("SetUserMFAPreference", {
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      });
    },
  };
}

/** The link an authenticator app reads (the secret shown beside it as text, for typing in). */
export function otpauthLink(secret: string, account: string): string {
  const label = encodeURIComponent(`tiepdon:${account}`);
  const query = new URLSearchParams({
    secret,
    issuer: "tiepdon",
    algorithm: "SHA1",
    digits: "6",
    period: "30",
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
