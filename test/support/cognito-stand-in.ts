/**
 * A stand-in for the part of Cognito the pages call themselves: the user API's three TOTP set-up
 * operations (JSON over POST, the operation in `X-Amz-Target`, the user's access token in the
 * body) and the hosted sign-in's code flow with PKCE for one signed-in person, whose ID token
 * lacks the privileged group and asks for the set-up while that person has no TOTP preferred (as
 * the pool's pre-token step makes it). Codes are checked with the tests' own RFC 6238
 * implementation, never with the product's. ID tokens are not signed: the pages only read them.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as z from "zod";
import { rfc6238Code } from "./totp.ts";

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const OPERATIONS = ["AssociateSoftwareToken", "VerifySoftwareToken", "SetUserMFAPreference"] as const;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** One request the stand-in answered, as a test asserts on it. */
interface UserApiCall {
  readonly operation: string;
  readonly body: unknown;
  readonly status: number;
}

/** Who the hosted sign-in signs in, with the claims Cognito would put into the ID token. */
interface StandInPerson {
  readonly username: string;
  readonly group: string;
  readonly province: string;
}

/** The pool's pre-token step: these groups need TOTP before they reach the tokens. */
const GATED_GROUPS = ["admin", "health-dept"];

interface UserState {
  secret: string | null;
  verified: boolean;
  preference: unknown;
}

export interface CognitoStandIn {
  /** Its origin, e.g. http://127.0.0.1:40123 (the user API is at `<origin>/`). */
  readonly url: string;
  /** Every user-API call, in order. */
  readonly calls: readonly UserApiCall[];
  /** The query of every request to `/oauth2/authorize` (a new sign-in). */
  readonly authorizeRequests: readonly URLSearchParams[];
  /** The person the hosted sign-in signs in (as if their password had been typed). */
  signInAs(person: StandInPerson): void;
  /** An access token this stand-in accepts, for the named user. */
  issueAccessToken(username: string): string;
  /** The secret handed out to the user, once AssociateSoftwareToken was called. */
  secretOf(username: string): string | null;
  stop(): Promise<void>;
}

const bodySchema = z.object({ AccessToken: z.string() }).passthrough();
const verifySchema = z.object({ UserCode: z.string() });
const preferenceSchema = z.object({
  SoftwareTokenMfaSettings: z.object({ Enabled: z.boolean(), PreferredMfa: z.boolean() }),
});

function newSecret(): string {
  return [...randomBytes(32)].map((byte) => BASE32[byte % 32]).join("");
}

function codeMatches(secret: string, code: string): boolean {
  const step = Math.floor(Date.now() / 30_000);
  return [-1, 0, 1].some((offset) => rfc6238Code(secret, step + offset) === code);
}

const unsignedJwt = (claims: Record<string, unknown>) =>
  [{ alg: "RS256", kid: "stand-in" }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
    .concat("c3RhbmQtaW4")
    .join(".");

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST",
  "access-control-allow-headers": "content-type, x-amz-target, x-amz-user-agent",
  "access-control-max-age": "600",
};

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = "application/x-amz-json-1.1",
): number {
  res.writeHead(status, { "content-type": type, ...CORS });
  res.end(JSON.stringify(body));
  return status;
}

const exception = (res: ServerResponse, type: string, message: string) =>
  reply(res, 400, { __type: type, message });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the stand-in on a free loopback port. */
export async function startCognitoStandIn(
  pool: { issuer: string } = { issuer: "https://cognito-idp.ap-southeast-1.amazonaws.com/stand-in" },
): Promise<CognitoStandIn> {
  const tokens = new Map<string, string>();
  const codes = new Map<string, { clientId: string; redirectUri: string; challenge: string }>();
  let person: StandInPerson | null = null;
  const users = new Map<string, UserState>();
  const calls: UserApiCall[] = [];
  const authorizeRequests: URLSearchParams[] = [];

  function answer(operation: string, parsed: unknown, res: ServerResponse): number {
    const request = bodySchema.safeParse(parsed);
    const username = request.success ? tokens.get(request.data.AccessToken) : undefined;
    if (username === undefined) return exception(res, "NotAuthorizedException", "Invalid Access Token");
    const user = users.get(username) ?? { secret: null, verified: false, preference: null };
    users.set(username, user);
    if (operation === "AssociateSoftwareToken") {
      user.secret = newSecret();
      user.verified = false;
      return reply(res, 200, { SecretCode: user.secret });
    }
    if (operation === "VerifySoftwareToken") {
      const verify = verifySchema.safeParse(parsed);
      if (user.secret === null) return exception(res, "InvalidParameterException", "No secret associated");
      if (!verify.success || !codeMatches(user.secret, verify.data.UserCode))
        return exception(res, "CodeMismatchException", "Invalid code received for user");
      user.verified = true;
      return reply(res, 200, { Status: "SUCCESS" });
    }
    const preference = preferenceSchema.safeParse(parsed);
    if (!preference.success) return exception(res, "InvalidParameterException", "No settings");
    if (preference.data.SoftwareTokenMfaSettings.Enabled && !user.verified)
      return exception(res, "InvalidParameterException", "User has not verified software token mfa");
    user.preference = preference.data;
    return reply(res, 200, {});
  }

  /** The hosted sign-in: the preset person is signed in at once and sent back with a code. */
  function authorize(query: URLSearchParams, res: ServerResponse): void {
    authorizeRequests.push(query);
    const redirectUri = query.get("redirect_uri") ?? "";
    const challenge = query.get("code_challenge") ?? "";
    if (person === null || query.get("code_challenge_method") !== "S256" || challenge === "") {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("invalid_request");
      return;
    }
    const code = randomBytes(16).toString("base64url");
    codes.set(code, { clientId: query.get("client_id") ?? "", redirectUri, challenge });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", query.get("state") ?? "");
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  /** The token endpoint: the code once, with the PKCE verifier of its challenge. */
  function exchange(form: URLSearchParams, res: ServerResponse): number {
    const grant = codes.get(form.get("code") ?? "");
    codes.delete(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      grant === undefined ||
      person === null ||
      grant.challenge !== challenge ||
      grant.redirectUri !== form.get("redirect_uri")
    )
      return reply(res, 400, { error: "invalid_grant" }, "application/json");
    const state = users.get(person.username);
    const hasTotp = state?.preference !== null && state?.preference !== undefined;
    const gated = GATED_GROUPS.includes(person.group) && !hasTotp;
    const now = Math.floor(Date.now() / 1000);
    const idToken = unsignedJwt({
      sub: `sub-${person.username}`,
      iss: pool.issuer,
      aud: grant.clientId,
      token_use: "id",
      auth_time: now,
      iat: now,
      exp: now + 3600,
      "cognito:username": person.username,
      "custom:province": person.province,
      ...(gated ? { "tiepdon:mfa": "setup-required" } : { "cognito:groups": [person.group] }),
    });
    return reply(
      res,
      200,
      {
        id_token: idToken,
        access_token: issueAccessToken(person.username),
        refresh_token: randomBytes(24).toString("base64url"),
        token_type: "Bearer",
        expires_in: 3600,
      },
      "application/json",
    );
  }

  function issueAccessToken(username: string): string {
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, username);
    return token;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      if (req.method === "GET" && url.pathname === "/oauth2/authorize") {
        authorize(url.searchParams, res);
        return;
      }
      if (req.method === "OPTIONS") {
        res.writeHead(204, CORS);
        res.end();
        return;
      }
      const target = String(req.headers["x-amz-target"] ?? "");
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
      const text = await readBody(req);
      if (req.method === "POST" && url.pathname === "/oauth2/token") {
        exchange(new URLSearchParams(text), res);
        return;
      }
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      const known = (OPERATIONS as readonly string[]).includes(operation);
      const status =
        req.method !== "POST" || url.pathname !== "/" || !known
          ? exception(res, "UnknownOperationException", "Unknown operation")
          : req.headers["content-type"] !== "application/x-amz-json-1.1"
            ? exception(res, "SerializationException", "Wrong content type")
            : answer(operation, parsed, res);
      calls.push({ operation, body: parsed, status });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    authorizeRequests,
    signInAs(next) {
      person = next;
    },
    issueAccessToken,
    secretOf: (username) => users.get(username)?.secret ?? null,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
