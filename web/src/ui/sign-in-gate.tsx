import type { ComponentChildren } from "preact";
import { startCognitoSignIn } from "#web/auth/cognito";
import { type Role, type Session, sessionFromToken } from "#web/auth/session";
import { useLang, useTexts } from "#web/i18n/lang";
import { DevSignInForm } from "./dev-sign-in-form.tsx";
import { LangSwitch } from "./lang-switch.tsx";
import { SIGN_IN_TEXTS } from "./sign-in-texts.ts";
import { useSignIn } from "./use-sign-in.ts";

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

/** Signs the user in (Cognito in AWS, demo tokens locally) and renders the page once signed in. */
export function SignInGate({ roles, keepExpired = false, children }: Props) {
  const lang = useLang();
  const t = useTexts(SIGN_IN_TEXTS);
  const { config, state, accept, refuse, renewToken, signOut } = useSignIn(keepExpired);

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
          onError={refuse}
        />
      ) : (
        <button type="button" class="primary" onClick={() => void startCognitoSignIn(config.cognito)}>
          {t.cognito}
        </button>
      )}
    </main>
  );
}
