import { useState } from "preact/hooks";
import { parsePayload } from "#domain/payload";
import { vnDay } from "#domain/vn-time";
import { useLang, useTexts } from "#web/i18n/lang";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";

const ID_LENGTH = 12;
const DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;

/** Big on-screen digits for typing the 12-digit ID, checked by the shared parser. */
export function Keypad(props: { onDone: (idNumber: string) => void; onBack: () => void }) {
  const lang = useLang();
  const t = useTexts(KIOSK_TEXTS);
  const [digits, setDigits] = useState("");
  const full = digits.length === ID_LENGTH;
  const parsed = full ? parsePayload("manual-id", digits, vnDay(new Date())) : null;
  const error = parsed !== null && !parsed.ok ? parsed.error.messages[lang] : null;
  const add = (digit: string) =>
    setDigits((current) => (current.length < ID_LENGTH ? current + digit : current));
  const groups = digits.padEnd(ID_LENGTH, "·").match(/.{1,3}/g) ?? [];

  return (
    <section class="keypad-step">
      <h1>{t.keypadTitle}</h1>
      <p class="kiosk-hint">{t.keypadHint}</p>
      <output
        class="keypad-display"
        aria-live="polite"
        aria-label={t.keypadTitle}
        data-testid="keypad-display"
      >
        {groups.join(" ")}
      </output>
      <p class="kiosk-error" role="alert">
        {error ?? ""}
      </p>
      <fieldset class="keypad">
        <legend class="visually-hidden">{t.keypadTitle}</legend>
        {DIGITS.map((digit) => (
          <button key={digit} type="button" class="key" onClick={() => add(digit)}>
            {digit}
          </button>
        ))}
        <button type="button" class="key key-small" onClick={() => setDigits("")}>
          {t.clear}
        </button>
        <button type="button" class="key" onClick={() => add("0")}>
          0
        </button>
        <button
          type="button"
          class="key key-small"
          onClick={() => setDigits((current) => current.slice(0, -1))}
        >
          ⌫ {t.erase}
        </button>
      </fieldset>
      <div class="kiosk-actions">
        <button type="button" class="big" onClick={props.onBack}>
          {t.back}
        </button>
        <button
          type="button"
          class="big primary"
          disabled={parsed === null || !parsed.ok}
          onClick={() => props.onDone(digits)}
        >
          {t.ok}
        </button>
      </div>
    </section>
  );
}
