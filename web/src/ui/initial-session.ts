import type { DevTokenRequest } from "#domain/dev-token";
import { finishCognitoSignIn } from "#web/auth/cognito";
import { parseDevParam, requestDevToken } from "#web/auth/dev-sign-in";
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

/**
 * The session a page opens with: a Cognito sign-in coming back, a demo `?dev=` link (local mode
 * only), or the one kept in this tab.
 */
export async function initialSession(
  config: RuntimeConfig | null,
  keepExpired: boolean,
): Promise<Session | null> {
  if (config !== null) {
    const idToken = await finishCognitoSignIn(config.cognito);
    if (idToken !== null) return sessionFromToken(idToken, "cognito");
    return loadSession(Date.now(), { keepExpired });
  }
  const dev = devParam();
  if (dev !== null) {
    const token = await requestDevToken(dev);
    dropDevParam();
    return sessionFromToken(token, "dev");
  }
  return loadSession(Date.now(), { keepExpired });
}
