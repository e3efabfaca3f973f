import type { UserManager } from "oidc-client-ts";
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { currentProvinces } from "#domain/provinces";
import { ApiError, messagesOf, whenUnauthorized } from "#web/api/client";
import { type DevTokenRequest, parseDevParam, requestDevToken } from "#web/auth/dev-sign-in";
import {
  finishSignIn,
  makeUserManager,
  renewOnce,
  renewWithBackoff,
  signOut,
  startSignIn,
} from "#web/auth/oidc";
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
    /** A fresh token without a new sign-in (a refresh-token grant), or null when one is needed. */
    renew: () => Promise<string | null>,
  ) => ComponentChildren;
}

/** How long before its expiry an ID token is renewed. */
const RENEW_LEAD_MS = 60_000;

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
const demoAllowed = (config: RuntimeConfig | null) => config === null || config.demo;

async function initialSession(
  config: RuntimeConfig | null,
  manager: UserManager | null,
  keepExpired: boolean,
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
  return loadSession(Date.now(), { keepExpired });
}

/** Signs the user in (OpenID Connect with PKCE; the demo sign-in locally) and renders the page once signed in. */
export function SignInGate({ roles, keepExpired = false, children }: Props) {
  const lang = useLang();
  const t = useTexts(SIGN_IN_TEXTS);
  const [config, setConfig] = useState<RuntimeConfig | null>(null);
  const [state, setState] = useState<GateState>({ kind: "loading" });
  const manager = useMemo(() => (config === null ? null : makeUserManager(config.oidc)), [config]);

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
        const session = await initialSession(
          loaded,
          loaded === null ? null : makeUserManager(loaded.oidc),
          keepExpired,
        );
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
        setState({ kind: "signed-out", notice: SIGN_IN_TEXTS_EXPIRED });
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
    const outcome = await renewOnce(manager);
    const renewed = outcome.kind === "renewed" ? sessionFromToken(outcome.idToken, "oidc") : null;
    if (renewed === null) return null;
    accept(renewed);
    return renewed.token;
  }, [manager, state, accept]);

  const endSession = useCallback(() => {
    const source = state.kind === "signed-in" ? state.session.source : null;
    clearSession();
    if (manager !== null && config !== null && source === "oidc") {
      signOut(manager, config.oidc).catch(() => setState({ kind: "signed-out", notice: null }));
      return;
    }
    setState({ kind: "signed-out", notice: null });
  }, [manager, config, state]);

  if (state.kind === "loading") return <p class="gate-loading">{t.loading}</p>;
  if (state.kind === "signed-in") {
    if (roles.includes(state.session.role)) return <>{children(state.session, endSession, renewToken)}</>;
    return (
      <main class="gate">
        <p role="alert">{t.wrongRole}</p>
        <button type="button" onClick={endSession}>
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
      {manager === null ? null : (
        <button type="button" class="primary" onClick={() => void startSignIn(manager)}>
          {t.cognito}
        </button>
      )}
      {demoAllowed(config) ? (
        <DevSignInForm
          roles={roles}
          onToken={(token) => accept(sessionFromToken(token, "dev"))}
          onError={(notice) => setState({ kind: "signed-out", notice })}
        />
      ) : null}
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
