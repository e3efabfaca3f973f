import { useState } from "preact/hooks";
import { useTexts } from "#web/i18n/lang";
import { OUTBOX_TEXTS } from "./outbox-texts.ts";

/**
 * The sign-out button of a page with an outbox: with unsent check-ins on this computer it first
 * says so (they stay sealed and wait for this facility's next sign-in) and signs out only when asked again.
 */
export function SignOutGuard(props: { label: string; unsent: () => number; signOut: () => void }) {
  const t = useTexts(OUTBOX_TEXTS);
  const [asking, setAsking] = useState<number | null>(null);
  const click = () => {
    const unsent = props.unsent();
    if (unsent === 0) props.signOut();
    else setAsking(unsent);
  };
  return (
    <>
      <button type="button" onClick={click}>
        {props.label}
      </button>
      {asking === null ? null : (
        <div class="notice notice-warn sign-out-warning" role="alertdialog" data-testid="sign-out-warning">
          <p>{t.signOutWarn(asking)}</p>
          <button type="button" class="primary" onClick={() => setAsking(null)}>
            {t.stay}
          </button>{" "}
          <button type="button" data-testid="sign-out-anyway" onClick={props.signOut}>
            {t.signOutAnyway}
          </button>
        </div>
      )}
    </>
  );
}
