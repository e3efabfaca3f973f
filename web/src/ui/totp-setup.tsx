import { useEffect, useState } from "preact/hooks";
import { type CognitoTotpApi, otpauthLink, TOTP_SETUP_ERRORS, TotpSetupError } from "#web/auth/cognito-totp";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "./lang-switch.tsx";
import { TOTP_SETUP_TEXTS } from "./totp-setup-texts.ts";

type Step =
  | { kind: "starting" }
  | { kind: "ready"; secret: string; busy: boolean }
  | { kind: "done" }
  | { kind: "failed-start" };

interface Props {
  readonly api: CognitoTotpApi;
  /** The name the secret is labelled with in the authenticator app. */
  readonly account: string;
  /** After the set-up: a fresh sign-in, whose tokens carry the account's groups again. */
  readonly onSignInAgain: () => void;
  readonly onSignOut: () => void;
}

const problemOf = (error: unknown) =>
  error instanceof TotpSetupError
    ? { code: error.code, ...error.messages }
    : { code: "TOTP_SETUP_FAILED", ...TOTP_SETUP_ERRORS.TOTP_SETUP_FAILED };

/** Groups a Base32 secret by four, for typing it in by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, "$1 ").trim();

/**
 * The TOTP set-up an admin or health-department user meets before the page when their account has
 * none yet: a new secret (text and otpauth:// link), a first code, TOTP made the preferred step.
 */
export function TotpSetup({ api, account, onSignInAgain, onSignOut }: Props) {
  const t = useTexts(TOTP_SETUP_TEXTS);
  const lang = useLang();
  const [step, setStep] = useState<Step>({ kind: "starting" });
  const [problem, setProblem] = useState<ReturnType<typeof problemOf> | null>(null);
  const [code, setCode] = useState("");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.associate().then(
      (secret) => {
        if (!cancelled) setStep({ kind: "ready", secret, busy: false });
      },
      (error: unknown) => {
        if (cancelled) return;
        setProblem(problemOf(error));
        setStep({ kind: "failed-start" });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (step.kind !== "ready" || step.busy) return;
    setStep({ ...step, busy: true });
    setProblem(null);
    try {
      await api.verify(code.replace(/\s/g, ""));
      await api.preferTotp();
      setStep({ kind: "done" });
      onSignInAgain();
    } catch (error) {
      setProblem(problemOf(error));
      setStep({ ...step, busy: false });
    }
  };

  return (
    <main class="gate totp-setup">
      <header class="gate-head">
        <h1>{t.title}</h1>
        <LangSwitch />
      </header>
      <p>{t.why}</p>
      {problem === null ? null : (
        <p class="notice notice-error" role="alert" data-code={problem.code}>
          {problem[lang]}
        </p>
      )}
      {step.kind === "starting" ? <p>{t.starting}</p> : null}
      {step.kind === "failed-start" ? (
        <button
          type="button"
          onClick={() => {
            setProblem(null);
            setStep({ kind: "starting" });
            setAttempt(attempt + 1);
          }}
        >
          {t.retry}
        </button>
      ) : null}
      {step.kind === "ready" ? (
        <form onSubmit={submit}>
          <p>{t.step1}</p>
          <p>
            {t.secretLabel}:{" "}
            <code id="totp-secret" data-secret={step.secret}>
              {grouped(step.secret)}
            </code>
          </p>
          <p>
            <a id="totp-uri" href={otpauthLink(step.secret, account)}>
              {t.link}
            </a>
          </p>
          <label for="totp-code">{t.step2}</label>
          <input
            id="totp-code"
            aria-label={t.code}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            value={code}
            onInput={(event) => setCode(event.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={step.busy}>
            {step.busy ? t.checking : t.submit}
          </button>
        </form>
      ) : null}
      {step.kind === "done" ? <p role="status">{t.done}</p> : null}
      <button type="button" onClick={onSignOut}>
        {t.signOut}
      </button>
    </main>
  );
}
