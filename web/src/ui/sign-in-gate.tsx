import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { startSignIn } from "#web/auth/oidc";
import { type Role, type Session, sessionFromToken } from "#web/auth/session";
import { useLang, useTexts } from "#web/i18n/lang";
import { DeskScreen } from "./desk-screen.tsx";
import { DESK_SCREEN_TEXTS } from "./desk-screen-texts.ts";
import { DevSignInForm } from "./dev-sign-in-form.tsx";
import { demoAllowed } from "./initial-session.ts";
import { LangSwitch } from "./lang-switch.tsx";
import { SIGN_IN_TEXTS } from "./sign-in-texts.ts";
import { TotpSetup } from "./totp-setup.tsx";
import { useSignIn } from "./use-sign-in.ts";

interface Props {
  /** Roles this page is for; the demo form offers only these. */
  readonly roles: readonly Role[];
  /**
   * Keep the page open when the sign-in runs out (reception offline): the page keeps working and
   * asks for a new sign-in only to reach the server. Other pages sign out at expiry.
   */
  readonly keepExpired?: boolean;
  /**
   * An unattended device (kiosk, waiting-room screen): it signs in with the devices' client and
   * keeps that sign-in across restarts; signed out, it sends patients to the reception desk and
   * shows the staff sign-in only after a deliberate gesture.
   */
  readonly unattended?: boolean;
  readonly children: (
    session: Session,
    signOut: () => void,
    /** A fresh token without a new sign-in (a refresh-token grant), or null when one is needed. */
    renew: () => Promise<string | null>,
  ) => ComponentChildren;
}

/** Signs the user in (OpenID Connect with PKCE; the demo sign-in locally) and renders the page once signed in. */
export function SignInGate({ roles, keepExpired = false, unattended = false, children }: Props) {
  const lang = useLang();
  const t = useTexts(SIGN_IN_TEXTS);
  const desk = useTexts(DESK_SCREEN_TEXTS);
  const [staffAsked, setStaffAsked] = useState(false);
  const { config, manager, state, accept, refuse, renewToken, signInAgain, signOut } = useSignIn(
    keepExpired,
    unattended ? "device" : "staff",
  );
  // Once signed in, a later failed renewal shows patients the desk screen again, not the staff form.
  useEffect(() => {
    if (state.kind === "signed-in") setStaffAsked(false);
  }, [state.kind]);

  if (state.kind === "loading") return <p class="gate-loading">{t.loading}</p>;
  if (state.kind === "mfa-setup")
    return (
      <TotpSetup api={state.api} account={state.account} onSignInAgain={signInAgain} onSignOut={signOut} />
    );
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
  if (unattended && !staffAsked) return <DeskScreen onStaff={() => setStaffAsked(true)} />;
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
          onError={refuse}
        />
      ) : null}
      {unattended ? (
        <button type="button" class="gate-back" onClick={() => setStaffAsked(false)}>
          {desk.back}
        </button>
      ) : null}
    </main>
  );
}
