/**
 * The one sign-in path: OpenID Connect authorization code with PKCE through oidc-client-ts, against
 * Cognito in AWS and the local OpenID provider locally. The page itself is the redirect URI.
 */
import { ErrorResponse, UserManager, WebStorageStateStore } from "oidc-client-ts";
import type { OidcConfig } from "./runtime-config.ts";
import { mfaSetupRequired } from "./session.ts";

/** How long before its expiry an ID token is renewed. */
export const RENEW_LEAD_MS = 60_000;

/** Waits between renewal attempts that failed for want of a network; then every minute. */
const RENEW_BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000] as const;

function pageUri(): string {
  return `${location.origin}${location.pathname}`;
}

/**
 * Who signs in on this page: staff, whose tokens go with the tab (sessionStorage), or an unattended
 * device (kiosk, waiting-room screen) with its own client, whose tokens outlive a browser restart
 * (localStorage) so that it is enrolled once and renews on its own for weeks.
 */
export type SignInKind = "staff" | "device";

/** The client for this page. */
export function makeUserManager(config: OidcConfig, kind: SignInKind = "staff"): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: kind === "device" ? config.deviceClientId : config.clientId,
    redirect_uri: pageUri(),
    post_logout_redirect_uri: pageUri(),
    response_type: "code",
    scope: (kind === "device" ? config.deviceScopes : config.scopes).join(" "),
    ...(config.endpoints === null ? {} : { metadata: { ...config.endpoints } }),
    userStore: new WebStorageStateStore({ store: kind === "device" ? localStorage : sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    // Renewal is driven by the page (with back-off), not by a timer inside the library.
    automaticSilentRenew: false,
    loadUserInfo: false,
    revokeTokenTypes: ["refresh_token"],
    requestTimeoutInSeconds: 10,
  });
}

/**
 * Starts a sign-in: the browser leaves for the provider and comes back to this page, with the
 * page's query (e.g. the waiting-room screen's `?facility=`) kept in the sign-in's state.
 */
export async function startSignIn(manager: UserManager): Promise<void> {
  await manager.signinRedirect({ state: location.search });
}

/**
 * Finishes a sign-in when the URL carries the provider's `code` and `state` (checked against the
 * stored request, PKCE verifier included) and answers the ID token; null when it is no callback.
 */
export async function finishSignIn(manager: UserManager): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  if (!params.has("state") || !(params.has("code") || params.has("error"))) return null;
  let search = "";
  try {
    const user = await manager.signinCallback(location.href);
    if (typeof user?.state === "string" && /^\?[^#]*$/.test(user.state)) search = user.state;
    return user?.id_token ?? null;
  } finally {
    history.replaceState(null, "", location.pathname + search);
  }
}

/** The outcome of one renewal: a new ID token, a refusal (sign in again), or no network. */
export type Renewal = { kind: "renewed"; idToken: string } | { kind: "refused" } | { kind: "unreachable" };

/** One refresh-token grant: an answer from the provider that refuses it is final, a failed request is not. */
export async function renewOnce(manager: UserManager): Promise<Renewal> {
  const user = await manager.getUser();
  if (user?.refresh_token === undefined || user.refresh_token === null) return { kind: "refused" };
  try {
    const renewed = await manager.signinSilent();
    return renewed?.id_token === undefined
      ? { kind: "refused" }
      : { kind: "renewed", idToken: renewed.id_token };
  } catch (error) {
    if (error instanceof ErrorResponse) {
      await manager.removeUser();
      return { kind: "refused" };
    }
    return { kind: "unreachable" };
  }
}

/**
 * The access token of a sign-in whose ID token asks for the TOTP set-up, with the name to label
 * the secret with; null when there is no such sign-in (or it has expired).
 */
export async function pendingMfaSetup(
  manager: UserManager,
): Promise<{ accessToken: string; account: string } | null> {
  const user = await manager.getUser();
  if (user === null || user.expired === true || user.id_token === undefined) return null;
  const setup = mfaSetupRequired(user.id_token);
  return setup === null ? null : { accessToken: user.access_token, account: setup.account };
}

/**
 * Renews until it works or the provider refuses, waiting longer after each failed attempt
 * (`RENEW_BACKOFF_MS`), so a network blip at the wrong second never signs the page out.
 * `stopped` ends the waiting when the page signs out or unloads.
 */
export async function renewWithBackoff(
  manager: UserManager,
  stopped: () => boolean,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<string | null> {
  for (let attempt = 0; !stopped(); attempt += 1) {
    const outcome = await renewOnce(manager);
    if (outcome.kind === "renewed") return outcome.idToken;
    if (outcome.kind === "refused") return null;
    await wait(RENEW_BACKOFF_MS[Math.min(attempt, RENEW_BACKOFF_MS.length - 1)] ?? 60_000);
  }
  return null;
}

/**
 * Signs out: revokes the refresh token at the provider (so a copy of it is useless), forgets the
 * tokens, and ends the provider's own session so the next person at this PC must sign in.
 */
export async function signOut(manager: UserManager, config: OidcConfig): Promise<void> {
  const user = await manager.getUser();
  try {
    await manager.revokeTokens(["refresh_token"]);
  } catch {
    // Offline: the tokens are still forgotten below; the refresh token expires on its own.
  }
  await manager.removeUser();
  await manager.signoutRedirect({
    ...(user?.id_token === undefined ? {} : { id_token_hint: user.id_token }),
    ...(config.cognitoLogout ? { extraQueryParams: { logout_uri: pageUri() } } : {}),
  });
}

/**
 * The sign-in an enrolled device kept (localStorage): its ID token while it lasts past `leadMs`,
 * else a renewed one (retried while the network is away); null when it was never enrolled or the
 * provider refuses to renew (refresh token expired or revoked, account disabled).
 */
export async function keptDeviceSignIn(
  manager: UserManager,
  stopped: () => boolean,
  leadMs: number,
  now = Date.now(),
): Promise<string | null> {
  const user = await manager.getUser();
  if (user === null) return null;
  const expiresAt = (user.expires_at ?? 0) * 1000;
  if (expiresAt - leadMs > now && user.id_token !== undefined) return user.id_token;
  return renewWithBackoff(manager, stopped);
}
