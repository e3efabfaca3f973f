import { useTexts } from "#web/i18n/lang";
import { DESK_SCREEN_TEXTS } from "./desk-screen-texts.ts";
import { HoldButton } from "./hold-button.tsx";
import { LangSwitch } from "./lang-switch.tsx";

/**
 * What a kiosk or waiting-room screen shows when it is not signed in (never enrolled, or its
 * sign-in could not be renewed): the patient is sent to the reception desk, in large type. The
 * staff sign-in is behind a corner held for three seconds.
 */
export function DeskScreen({ onStaff }: { onStaff: () => void }) {
  const t = useTexts(DESK_SCREEN_TEXTS);
  return (
    <main class="desk-screen" data-testid="desk-screen">
      <HoldButton class="desk-staff" label={t.staff} onHeld={onStaff} />
      <div class="desk-lang">
        <LangSwitch />
      </div>
      <section class="desk-message" role="alert">
        <h1>{t.title}</h1>
        <p>{t.text}</p>
      </section>
    </main>
  );
}
