import { createHash, randomBytes } from "node:crypto";
import { freshCode } from "./totp.ts";

/** The tokens the provider's token endpoint answers. */
export interface TokenSet {
  readonly id_token: string;
  readonly access_token: string;
  readonly refresh_token?: string;
}

/** A minimal cookie jar for the provider's session and interaction cookies. */
export class Cookies {
  readonly #values = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";", 1);
      const at = pair.indexOf("=");
      if (at > 0) this.#values.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.#values].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * Signs in through the local OpenID provider as a browser would, without one: authorization
 * request with PKCE, the sign-in form, the redirect back with a code, the code exchange.
 * `newPassword` answers the forced password change when the account has a one-time password;
 * `totpSecret` gives the code step, and a TOTP set-up is answered from the secret the page shows
 * (answered as `totpSecret` beside the tokens).
 */
export async function signInWithCode(
  origin: string,
  credentials: {
    username: string;
    password: string;
    newPassword?: string;
    totpSecret?: string;
    /** A code to type instead of a fresh one (to try a wrong or a used code). */
    totpCode?: string;
    /** Ticks the sign-in form's offer of a TOTP set-up. */
    setUpMfa?: boolean;
  },
  redirectPath = "/",
  clientId = "tiepdon-web",
  /** The browser's cookies, to sign in again with the provider's session of an earlier sign-in. */
  cookies = new Cookies(),
): Promise<TokenSet & { totpSecret?: string }> {
  let totpSecret = credentials.totpSecret;
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirectUri = `${origin}${redirectPath}`;
  const authorize = new URL(`${origin}/auth/auth`);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    scope: "openid profile",
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: randomBytes(8).toString("hex"),
    nonce: randomBytes(8).toString("hex"),
  }).toString();
  const step = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(new URL(url, origin), {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: cookies.header() },
    });
    cookies.take(response);
    return response;
  };
  let response = await step(authorize.toString());
  let location = response.headers.get("location");
  let form: Record<string, string> = {
    username: credentials.username,
    password: credentials.password,
    ...(credentials.setUpMfa === true ? { setUpMfa: "yes" } : {}),
  };
  for (let hops = 0; hops < 12; hops += 1) {
    const back = location === null ? null : new URL(location, origin);
    if (back !== null && `${back.origin}${back.pathname}` === redirectUri) {
      const code = back.searchParams.get("code");
      if (code === null) throw new Error(`no code in ${location}`);
      const token = await fetch(`${origin}/auth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          client_id: clientId,
          code_verifier: verifier,
        }),
      });
      if (!token.ok) throw new Error(`token exchange refused: ${token.status} ${await token.text()}`);
      const tokens = (await token.json()) as TokenSet;
      return totpSecret === undefined ? tokens : { ...tokens, totpSecret };
    }
    if (location !== null) {
      response = await step(location);
      location = response.headers.get("location");
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (action === undefined) throw new Error(`sign-in stopped (${response.status}): ${html.slice(0, 300)}`);
    if (action.endsWith("/totp")) {
      const shown = /data-secret="([A-Z2-7]+)"/.exec(html)?.[1];
      if (response.status === 401) throw new Error("code refused");
      totpSecret = shown ?? totpSecret;
      if (totpSecret === undefined) throw new Error("the account must give a code");
      form = { code: credentials.totpCode ?? (await freshCode(totpSecret)) };
    } else if (action.endsWith("/password")) {
      if (credentials.newPassword === undefined) throw new Error("the account must change its password");
      form = { newPassword: credentials.newPassword, confirmPassword: credentials.newPassword };
    } else if (response.status === 401) {
      throw new Error("sign-in refused");
    } else if (response.status === 403) {
      const reason = (/role="alert">(.*?)<\/p>/s.exec(html)?.[1] ?? "").replace(/<[^>]+>/g, "");
      throw new Error(`sign-in refused (403): ${reason}`);
    }
    response = await step(action.replaceAll("&#38;", "&"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    location = response.headers.get("location");
  }
  throw new Error("sign-in did not finish");
}

/** The token endpoint's answer to a refresh: the tokens, or the HTTP status it refused with. */
export async function refreshTokens(
  origin: string,
  refreshToken: string,
  clientId = "tiepdon-web",
): Promise<TokenSet | number> {
  const response = await fetch(`${origin}/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: clientId,
    }),
  });
  return response.ok ? ((await response.json()) as TokenSet) : response.status;
}

/** The claims of a JWT, read without verifying it (the server verifies). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}
