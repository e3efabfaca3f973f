import type { UserManager } from "oidc-client-ts";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, messagesOf, whenUnauthorized } from "#web/api/client";
import { type CognitoTotpApi, makeCognitoTotpApi } from "#web/auth/cognito-totp";
import {
  makeUserManager,
  pendingMfaSetup,
  signOut as providerSignOut,
  RENEW_LEAD_MS,
  renewOnce,
  renewWithBackoff,
  type SignInKind,
  startSignIn,
} from "#web/auth/oidc";
import { loadRuntimeConfig, type RuntimeConfig } from "#web/auth/runtime-config";
import { clearSession, loadSession, type Session, saveSession, sessionFromToken } from "#web/auth/session";
import { initialSession } from "./initial-session.ts";
import { SIGN_IN_TEXTS } from "./sign-in-texts.ts";

type Notice = { vi: string; en: string };

type GateState =
  | { kind: "loading" }
  | { kind: "signed-in"; session: Session }
  /** Signed in, but the account must set up TOTP before its tokens carry its group (AWS only). */
  | { kind: "mfa-setup"; api: CognitoTotpApi; account: string }
  | { kind: "signed-out"; notice: Notice | null };

const EXPIRED: Notice = { vi: SIGN_IN_TEXTS.vi.expired, en: SIGN_IN_TEXTS.en.expired };
const FAILED: Notice = { vi: SIGN_IN_TEXTS.vi.failed, en: SIGN_IN_TEXTS.en.failed };

export interface SignIn {
  /** The sign-in settings served with the pages, or null on a local server without a provider. */
  readonly config: RuntimeConfig | null;
  /** The OpenID client of those settings, or null without them. */
  readonly manager: UserManager | null;
  readonly state: GateState;
  /** Keeps a new session, or shows the sign-in when there is none. */
  accept(session: Session | null): void;
  /** Shows the sign-in with a notice. */
  refuse(notice: Notice): void;
  /** A fresh token without a new sign-in (a refresh-token grant), or null when one is needed. */
  renewToken(): Promise<string | null>;
  /** Forgets this sign-in and starts a new one (after the TOTP set-up, for tokens with the groups). */
  signInAgain(): void;
  signOut(): void;
}

/** The TOTP set-up a sign-in still needs (Cognito said so in its ID token), or null. */
async function mfaSetupState(
  config: RuntimeConfig | null,
  manager: UserManager | null,
): Promise<GateState | null> {
  const endpoint = config?.oidc.userApiEndpoint ?? null;
  if (manager === null || endpoint === null) return null;
  const pending = await pendingMfaSetup(manager);
  if (pending === null) return null;
  return {
    kind: "mfa-setup",
    api: makeCognitoTotpApi(endpoint, pending.accessToken),
    account: pending.account,
  };
}

/**
 * A page's sign-in over its life: opening, expiry and renewal, a 401 from the server, signing out.
 * A device (kiosk, waiting-room screen) keeps its sign-in across restarts and answers a 401 with a
 * renewal first, since nobody is there to sign in again.
 */
export function useSignIn(keepExpired: boolean, kind: SignInKind = "staff"): SignIn {
  const [config, setConfig] = useState<RuntimeConfig | null>(null);
  const [state, setState] = useState<GateState>({ kind: "loading" });
  const manager = useMemo(
    () => (config === null ? null : makeUserManager(config.oidc, kind)),
    [config, kind],
  );
  const deviceManager = useRef<UserManager | null>(null);

  const accept = useCallback((session: Session | null) => {
    if (session === null) {
      setState({ kind: "signed-out", notice: null });
      return;
    }
    saveSession(session);
    setState({ kind: "signed-in", session });
  }, []);

  const deviceRenewal = useRef<Promise<string | null> | null>(null);
  const unmounted = useRef(false);
  /**
   * One renewal of a device's sign-in at a time, shared by the 401 handler and the page retrying
   * the refused request: the new token, or null and the desk screen when the provider refuses.
   */
  const renewDevice = useCallback((): Promise<string | null> => {
    const device = deviceManager.current;
    if (device === null) return Promise.resolve(null);
    deviceRenewal.current ??= renewWithBackoff(device, () => unmounted.current).then((token) => {
      deviceRenewal.current = null;
      if (unmounted.current) return null;
      const renewed = token === null ? null : sessionFromToken(token, "oidc");
      if (renewed !== null) {
        accept(renewed);
        return renewed.token;
      }
      clearSession();
      setState({ kind: "signed-out", notice: EXPIRED });
      return null;
    });
    return deviceRenewal.current;
  }, [accept]);

  useEffect(() => {
    let cancelled = false;
    unmounted.current = false;
    whenUnauthorized((refused) => {
      // A late answer to a request of an earlier sign-in must not end the one that replaced it.
      const current = loadSession(Date.now(), { keepExpired: true });
      if (refused !== null && current !== null && current.token !== refused) return;
      const device = deviceManager.current;
      if (device !== null && current?.source === "oidc") {
        void renewDevice();
        return;
      }
      clearSession();
      setState({ kind: "signed-out", notice: EXPIRED });
    });
    (async () => {
      const loaded = await loadRuntimeConfig();
      if (cancelled) return;
      setConfig(loaded);
      const loadedManager = loaded === null ? null : makeUserManager(loaded.oidc, kind);
      if (kind === "device") deviceManager.current = loadedManager;
      try {
        const session = await initialSession(loaded, loadedManager, keepExpired, kind);
        const setup = session === null ? await mfaSetupState(loaded, loadedManager) : null;
        if (cancelled) return;
        if (setup !== null) setState(setup);
        else accept(session);
      } catch (error) {
        if (!cancelled)
          setState({ kind: "signed-out", notice: error instanceof ApiError ? messagesOf(error) : FAILED });
      }
    })();
    return () => {
      cancelled = true;
      unmounted.current = true;
    };
  }, [accept, keepExpired, kind, renewDevice]);

  // Renewed a minute before expiry, retried with back-off while the network is away; a demo token just ends.
  useEffect(() => {
    if (state.kind !== "signed-in") return;
    const { session } = state;
    const renewable = manager !== null && session.source === "oidc";
    let stopped = false;
    const timer = setTimeout(
      async () => {
        const token = renewable ? await renewWithBackoff(manager, () => stopped) : null;
        if (stopped) return;
        const renewed = token === null ? null : sessionFromToken(token, "oidc");
        if (renewed !== null) {
          accept(renewed);
          return;
        }
        if (keepExpired) return;
        clearSession();
        setState({ kind: "signed-out", notice: EXPIRED });
      },
      Math.max(0, session.expiresAt - Date.now() - (renewable ? RENEW_LEAD_MS : 0)),
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [state, manager, accept, keepExpired]);

  const renewToken = useCallback(async (): Promise<string | null> => {
    if (manager === null || state.kind !== "signed-in" || state.session.source !== "oidc") return null;
    if (kind === "device") return renewDevice();
    const outcome = await renewOnce(manager);
    const renewed = outcome.kind === "renewed" ? sessionFromToken(outcome.idToken, "oidc") : null;
    if (renewed === null) return null;
    accept(renewed);
    return renewed.token;
  }, [manager, state, accept, kind, renewDevice]);

  const signInAgain = useCallback(() => {
    clearSession();
    if (manager === null) {
      setState({ kind: "signed-out", notice: null });
      return;
    }
    void manager
      .removeUser()
      .then(() => startSignIn(manager))
      .catch(() => setState({ kind: "signed-out", notice: FAILED }));
  }, [manager]);

  const signOut = useCallback(() => {
    const source =
      state.kind === "signed-in" ? state.session.source : state.kind === "mfa-setup" ? "oidc" : null;
    clearSession();
    if (manager !== null && config !== null && source === "oidc") {
      providerSignOut(manager, config.oidc).catch(() => setState({ kind: "signed-out", notice: null }));
      return;
    }
    setState({ kind: "signed-out", notice: null });
  }, [manager, config, state]);

  const refuse = useCallback((notice: Notice) => setState({ kind: "signed-out", notice }), []);

  return { config, manager, state, accept, refuse, renewToken, signInAgain, signOut };
}
