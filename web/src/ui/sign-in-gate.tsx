import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { currentProvinces } from "#domain/provinces";
import { ApiError, messagesOf, whenUnauthorized } from "#web/api/client";
import {
  cognitoSignOut,
  finishCognitoSignIn,
  refreshCognitoToken,
  startCognitoSignIn,
} from "#web/auth/cognito";
import { type DevTokenRequest, parseDevParam, requestDevToken } from "#web/auth/dev-sign-in";
import { loadRuntimeConfig, type RuntimeConfig } from "#web/auth/runtime-config";
import {
  clearSession,
  loadSession,
  type Role,
  type Session,
  saveSession,
  sessionFromToken,
} from "#web/auth/session";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "./lang-switch.tsx";
import { SIGN_IN_TEXTS } from "./sign-in-texts.ts";

type GateState =
  | { kind: "loading" }
  | { kind: "signed-in"; session: Session }
  | { kind: "signed-out"; notice: { vi: string; en: string } | null };

interface Props {
  /** Roles this page is for; the demo form offers only these. */
  readonly roles: readonly Role[];
  /**
   * Keep the page open when the sign-in runs out (reception offline): the page keeps working and
   * asks for a new sign-in only to reach the server. Other pages sign out at expiry.
   */
  readonly keepExpired?: boolean;
  readonly children: (
    session: Session,
    signOut: () => void,
    /** A fresh token without a new sign-in (a Cognito refresh), or null when one is needed. */
    renew: () => Promise<string | null>,
  ) => ComponentChildren;
}

function devParam(): DevTokenRequest | null {
  const value = new URLSearchParams(location.search).get("dev");
  return value === null ? null : parseDevParam(value);
}

function dropDevParam(): void {
  const url = new URL(location.href);
  url.searchParams.delete("dev");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}

async function initialSession(config: RuntimeConfig | null, keepExpired: boolean): Promise<Session | null> {
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

/** Signs the user in (Cognito in AWS, demo tokens locally) and renders the page once signed in. */
export function SignInGate({ roles, keepExpired = false, children }: Props) {
  const lang = useLang();
  const t = useTexts(SIGN_IN_TEXTS);
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
      setState({ kind: "signed-out", notice: SIGN_IN_TEXTS_EXPIRED });
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
        setState({ kind: "signed-out", notice: SIGN_IN_TEXTS_EXPIRED });
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

  if (state.kind === "loading") return <p class="gate-loading">{t.loading}</p>;
  if (state.kind === "signed-in") {
    if (roles.includes(state.session.role)) return <>{children(state.session, signOut, renewToken)}</>;
    return (
      <main class="gate">
        <p role="alert">{t.wrongRole}</p>
        <button type="button" onClick={signOut}>
          {t.signOut}
        </button>
      </main>
    );
  }
  return (
    <main class="gate">
      <header class="gate-head">
        <h1>{t.title}</h1>
        <LangSwitch />
      </header>
      {state.notice === null ? null : (
        <p class="notice notice-error" role="alert">
          {state.notice[lang]}
        </p>
      )}
      {config === null ? (
        <DevSignInForm
          roles={roles}
          onToken={(token) => accept(sessionFromToken(token, "dev"))}
          onError={(notice) => setState({ kind: "signed-out", notice })}
        />
      ) : (
        <button type="button" class="primary" onClick={() => void startCognitoSignIn(config.cognito)}>
          {t.cognito}
        </button>
      )}
    </main>
  );
}

const SIGN_IN_TEXTS_EXPIRED = { vi: SIGN_IN_TEXTS.vi.expired, en: SIGN_IN_TEXTS.en.expired };
const FAILED = { vi: SIGN_IN_TEXTS.vi.failed, en: SIGN_IN_TEXTS.en.failed };

function DevSignInForm(props: {
  roles: readonly Role[];
  onToken: (token: string) => void;
  onError: (notice: { vi: string; en: string }) => void;
}) {
  const t = useTexts(SIGN_IN_TEXTS);
  const [role, setRole] = useState<Role>(props.roles[0] ?? "receptionist");
  const [facility, setFacility] = useState("01001");
  const [province, setProvince] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const request: DevTokenRequest =
      role === "health-dept"
        ? { role, ...(province === "" ? {} : { province }) }
        : { role, facility: facility.trim() };
    try {
      props.onToken(await requestDevToken(request));
    } catch (error) {
      props.onError(messagesOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="dev-sign-in" onSubmit={submit}>
      <p class="muted">{t.demoNote}</p>
      <label>
        {t.role}
        <select
          value={role}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const chosen = props.roles.find((option) => option === value);
            if (chosen !== undefined) setRole(chosen);
          }}
        >
          {props.roles.map((option) => (
            <option key={option} value={option}>
              {t.roles[option]}
            </option>
          ))}
        </select>
      </label>
      {role === "health-dept" ? (
        <label>
          {t.province}
          <select value={province} onChange={(event) => setProvince(event.currentTarget.value)}>
            <option value="">{t.national}</option>
            {currentProvinces().map((entry) => (
              <option key={entry.code} value={entry.code}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          {t.facility}
          <input
            value={facility}
            inputMode="numeric"
            pattern="\d{5}"
            required
            aria-describedby="facility-hint"
            onInput={(event) => setFacility(event.currentTarget.value)}
          />
          <small id="facility-hint">{t.facilityHint}</small>
        </label>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t.submit}
      </button>
    </form>
  );
}
