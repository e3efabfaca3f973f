/** Cognito Hosted UI sign-in: authorization code with PKCE, token exchange at /oauth2/token. */
import * as z from "zod";
import type { CognitoConfig } from "./runtime-config.ts";

const PENDING_KEY = "tiepdon.pkce";
const pendingSchema = z.object({ verifier: z.string(), state: z.string() });
const tokenAnswerSchema = z.object({ id_token: z.string().min(1), refresh_token: z.string().optional() });
const REFRESH_KEY = "tiepdon.refresh";

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText(byteCount: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** The page itself is the callback: each page URL is registered on the app client. */
function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

/** Sends the browser to the Hosted UI; the verifier waits in sessionStorage for the way back. */
export async function startCognitoSignIn(config: CognitoConfig): Promise<void> {
  const verifier = randomText(48);
  const state = randomText(16);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const url = new URL("/oauth2/authorize", config.domain);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(" "),
    state,
    code_challenge: base64Url(digest),
    code_challenge_method: "S256",
  }).toString();
  location.assign(url.toString());
}

/** The token endpoint answered and refused (an expired or revoked refresh token), unlike a network failure. */
class TokenRefusedError extends Error {
  constructor(status: number) {
    super(`token request refused (${status})`);
    this.name = "TokenRefusedError";
  }
}

async function exchange(config: CognitoConfig, form: Record<string, string>): Promise<string> {
  const response = await fetch(new URL("/oauth2/token", config.domain), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: config.clientId, ...form }),
  });
  if (!response.ok) throw new TokenRefusedError(response.status);
  const answer = tokenAnswerSchema.parse(await response.json());
  // Kept with the session in sessionStorage: gone with the tab, like the ID token.
  if (answer.refresh_token !== undefined) sessionStorage.setItem(REFRESH_KEY, answer.refresh_token);
  return answer.id_token;
}

/**
 * Finishes a sign-in when the URL carries the Hosted UI's `code` and `state`: checks the state,
 * exchanges the code with the verifier and returns the ID token (its claims carry role and scope).
 * Returns null when the URL is not a callback.
 */
export async function finishCognitoSignIn(config: CognitoConfig): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get("code");
  const state = params.get("state");
  if (code === null || state === null) return null;
  history.replaceState(null, "", location.pathname);
  const stored = pendingSchema.safeParse(JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? "null"));
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored.success || stored.data.state !== state) throw new Error("sign-in state does not match");
  return exchange(config, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri(),
    code_verifier: stored.data.verifier,
  });
}

/** A fresh ID token from the refresh token (a reception shift outlasts the 1-hour ID token), or null. */
export async function refreshCognitoToken(config: CognitoConfig): Promise<string | null> {
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (refreshToken === null) return null;
  try {
    return await exchange(config, { grant_type: "refresh_token", refresh_token: refreshToken });
  } catch (error) {
    // Offline, the refresh token is kept for when the network is back; a refused one is dropped.
    if (error instanceof TokenRefusedError) sessionStorage.removeItem(REFRESH_KEY);
    return null;
  }
}

/** Ends the Hosted UI session too, then comes back to this page. */
export function cognitoSignOut(config: CognitoConfig): void {
  sessionStorage.removeItem(REFRESH_KEY);
  const url = new URL("/logout", config.domain);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri() }).toString();
  location.assign(url.toString());
}
