import { useState } from "preact/hooks";
import { parsePayload } from "#domain/payload";
import { vnDay } from "#domain/vn-time";
import type { CheckinInput } from "#web/api/checkins";
import { useLang, useTexts } from "#web/i18n/lang";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

type TypedMethod = "manual-id" | "bhyt-card";

/** The fallback when nothing scans: a typed 12-digit ID or BHYT code, checked as it is typed. */
export function ManualEntry({ onSubmit }: { onSubmit: (input: CheckinInput) => Promise<boolean> }) {
  const lang = useLang();
  const t = useTexts(RECEPTION_TEXTS);
  const [method, setMethod] = useState<TypedMethod>("manual-id");
  const [value, setValue] = useState("");
  const [touched, setTouched] = useState(false);
  const parsed = value.trim() === "" ? null : parsePayload(method, value, vnDay(new Date()));
  // Complain only once the clerk has typed enough or left the field: no red while typing digit 3.
  const complete = method === "manual-id" ? value.replace(/\D/g, "").length >= 12 : value.trim().length >= 10;
  const error = parsed !== null && !parsed.ok && (touched || complete) ? parsed.error.messages[lang] : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (parsed === null || !parsed.ok) return;
    if (await onSubmit({ method, payload: value.trim(), channel: "typed" })) {
      setValue("");
      setTouched(false);
    }
  };

  return (
    <form class="manual-entry" onSubmit={submit} noValidate>
      <fieldset class="segmented">
        <legend>{t.typeTitle}</legend>
        {(["manual-id", "bhyt-card"] as const).map((option) => (
          <label key={option} class={method === option ? "selected" : ""}>
            <input
              type="radio"
              name="typed-method"
              value={option}
              checked={method === option}
              onChange={() => {
                setMethod(option);
                setTouched(false);
              }}
            />
            {option === "manual-id" ? t.typeId : t.typeCard}
          </label>
        ))}
      </fieldset>
      <div class="entry-row">
        <input
          id="typed-value"
          value={value}
          inputMode={method === "manual-id" ? "numeric" : "text"}
          autoComplete="off"
          spellcheck={false}
          maxLength={40}
          placeholder={method === "manual-id" ? t.idPlaceholder : t.cardPlaceholder}
          aria-label={method === "manual-id" ? t.typeId : t.typeCard}
          aria-invalid={error !== null}
          aria-describedby="typed-feedback"
          onInput={(event) => setValue(event.currentTarget.value)}
          onBlur={() => setTouched(value.trim() !== "")}
        />
        <button type="submit" class="primary" disabled={parsed === null || !parsed.ok}>
          {t.checkIn}
        </button>
      </div>
      <p id="typed-feedback" class={error === null ? "field-ok" : "field-error"} aria-live="polite">
        {error ?? (parsed?.ok === true ? `✓ ${t.valid}` : "")}
      </p>
    </form>
  );
}
