import type { UserManager } from "oidc-client-ts";
import type { DevTokenRequest } from "#domain/dev-token";
import { parseDevParam, requestDevToken } from "#web/auth/dev-sign-in";
import { finishSignIn, keptDeviceSignIn, RENEW_LEAD_MS, type SignInKind } from "#web/auth/oidc";
import type { RuntimeConfig } from "#web/auth/runtime-config";
import { loadSession, type Session, sessionFromToken } from "#web/auth/session";

function devParam(): DevTokenRequest | null {
  const value = new URLSearchParams(location.search).get("dev");
  return value === null ? null : parseDevParam(value);
}

function dropDevParam(): void {
  const url = new URL(location.href);
  url.searchParams.delete("dev");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}

/** Whether this run offers the demo sign-in: the local demo, or a local server without a provider. */
export const demoAllowed = (config: RuntimeConfig | null) => config === null || config.demo;

/**
 * The session a page opens with: an OpenID sign-in coming back, a demo `?dev=` link (where the
 * demo is allowed), the one kept in this tab, or on an enrolled device the one it kept across
 * browser restarts (renewed when it has run out).
 */
export async function initialSession(
  config: RuntimeConfig | null,
  manager: UserManager | null,
  keepExpired: boolean,
  kind: SignInKind = "staff",
): Promise<Session | null> {
  if (manager !== null) {
    const idToken = await finishSignIn(manager);
    if (idToken !== null) return sessionFromToken(idToken, "oidc");
  }
  const dev = demoAllowed(config) ? devParam() : null;
  if (dev !== null) {
    const token = await requestDevToken(dev);
    dropDevParam();
    return sessionFromToken(token, "dev");
  }
  const kept = loadSession(Date.now(), { keepExpired });
  if (kept !== null || kind !== "device" || manager === null) return kept;
  const idToken = await keptDeviceSignIn(manager, () => false, RENEW_LEAD_MS);
  return idToken === null ? null : sessionFromToken(idToken, "oidc");
}
