import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, messagesOf, whenUnauthorized } from "#web/api/client";
import { cognitoSignOut, refreshCognitoToken } from "#web/auth/cognito";
import { loadRuntimeConfig, type RuntimeConfig } from "#web/auth/runtime-config";
import { clearSession, loadSession, type Session, saveSession, sessionFromToken } from "#web/auth/session";
import { initialSession } from "./initial-session.ts";
import { SIGN_IN_TEXTS } from "./sign-in-texts.ts";

type Notice = { vi: string; en: string };

type GateState =
  | { kind: "loading" }
  | { kind: "signed-in"; session: Session }
  | { kind: "signed-out"; notice: Notice | null };

const EXPIRED: Notice = { vi: SIGN_IN_TEXTS.vi.expired, en: SIGN_IN_TEXTS.en.expired };
const FAILED: Notice = { vi: SIGN_IN_TEXTS.vi.failed, en: SIGN_IN_TEXTS.en.failed };

export interface SignIn {
  /** The deployed sign-in's settings, or null in the local mode. */
  readonly config: RuntimeConfig | null;
  readonly state: GateState;
  /** Keeps a new session, or shows the sign-in when there is none. */
  accept(session: Session | null): void;
  /** Shows the sign-in with a notice. */
  refuse(notice: Notice): void;
  /** A fresh token without a new sign-in (a Cognito refresh), or null when one is needed. */
  renewToken(): Promise<string | null>;
  signOut(): void;
}

/** A page's sign-in over its life: opening, expiry and renewal, a 401 from the server, signing out. */
export function useSignIn(keepExpired: boolean): SignIn {
  const [config, setConfig] = useState<RuntimeConfig | null>(null);
  const [state, setState] = useState<GateState>({ kind: "loading" });

  const accept = useCallback((session: Session | null) => {
    if (session === null) {
      setState({ kind: "signed-out", notice: null });
      return;
    }
    saveSession(session);
    setState({ kind: "signed-in", session });
  }, []);

  useEffect(() => {
    let cancelled = false;
    whenUnauthorized((refused) => {
      // A late answer to a request of an earlier sign-in must not end the one that replaced it.
      const current = loadSession(Date.now(), { keepExpired: true });
      if (refused !== null && current !== null && current.token !== refused) return;
      clearSession();
      setState({ kind: "signed-out", notice: EXPIRED });
    });
    (async () => {
      const loaded = await loadRuntimeConfig();
      if (cancelled) return;
      setConfig(loaded);
      try {
        const session = await initialSession(loaded, keepExpired);
        if (!cancelled) accept(session);
      } catch (error) {
        if (!cancelled)
          setState({ kind: "signed-out", notice: error instanceof ApiError ? messagesOf(error) : FAILED });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [accept, keepExpired]);

  // A token is dropped the moment it expires, not at the next failed call; Cognito sessions renew a minute before.
  useEffect(() => {
    if (state.kind !== "signed-in") return;
    const { session } = state;
    const renew = config !== null && session.source === "cognito";
    const timer = setTimeout(
      async () => {
        const token = renew ? await refreshCognitoToken(config.cognito) : null;
        const renewed = token === null ? null : sessionFromToken(token, "cognito");
        if (renewed !== null) {
          accept(renewed);
          return;
        }
        if (keepExpired) return;
        clearSession();
        setState({ kind: "signed-out", notice: EXPIRED });
      },
      Math.max(0, session.expiresAt - Date.now() - (renew ? 60_000 : 0)),
    );
    return () => clearTimeout(timer);
  }, [state, config, accept, keepExpired]);

  const renewToken = useCallback(async (): Promise<string | null> => {
    if (config === null || state.kind !== "signed-in" || state.session.source !== "cognito") return null;
    const token = await refreshCognitoToken(config.cognito);
    const renewed = token === null ? null : sessionFromToken(token, "cognito");
    if (renewed === null) return null;
    accept(renewed);
    return renewed.token;
  }, [config, state, accept]);

  const signOut = useCallback(() => {
    clearSession();
    if (config !== null) cognitoSignOut(config.cognito);
    else setState({ kind: "signed-out", notice: null });
  }, [config]);

  const refuse = useCallback((notice: Notice) => setState({ kind: "signed-out", notice }), []);

  return { config, state, accept, refuse, renewToken, signOut };
}
