import type { Bilingual } from "#domain/errors";
import { useLang, useTexts } from "#web/i18n/lang";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";

/** Without the server the patient is sent to the reception desk. */
export function KioskOffline() {
  const t = useTexts(KIOSK_TEXTS);
  return (
    <section class="kiosk-problem kiosk-offline" role="alert" data-testid="kiosk-offline">
      <h1>{t.offlineTitle}</h1>
      <p class="kiosk-plain">{t.offlineText}</p>
    </section>
  );
}

/** The kiosk may not check cards for this facility: the patient is checked in at the desk. */
export function KioskAskDesk({ onDone }: { onDone: () => void }) {
  const t = useTexts(KIOSK_TEXTS);
  return (
    <section class="kiosk-problem" role="alert" data-testid="kiosk-ask-desk">
      <h1>{t.askDeskTitle}</h1>
      <p class="kiosk-plain">{t.askDeskText}</p>
      <button type="button" class="big primary" onClick={onDone}>
        {t.done}
      </button>
    </section>
  );
}

/** A code that is not an ID card, or a refused check-in, with a way back to the start. */
export function KioskProblem({ messages, onDone }: { messages: Bilingual; onDone: () => void }) {
  const lang = useLang();
  const t = useTexts(KIOSK_TEXTS);
  return (
    <section class="kiosk-problem" role="alert">
      <h1>{t.notIdCard}</h1>
      <p class="kiosk-plain">{messages[lang]}</p>
      <button type="button" class="big primary" onClick={onDone}>
        {t.tryAgain}
      </button>
    </section>
  );
}
