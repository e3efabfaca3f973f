import { currentProvinces } from "#domain/provinces";
import { formatDay } from "#web/i18n/format";
import { useTexts } from "#web/i18n/lang";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { PRESETS, type Preset } from "./period.ts";

/** The period presets and the province filter (fixed for a provincial account). */
export function PeriodControls(props: {
  preset: Preset;
  onPreset: (preset: Preset) => void;
  from: string;
  to: string;
  province: string | null;
  /** The account's own province, or null for a national account. */
  ownProvince: string | null;
  onProvince: (province: string | null) => void;
}) {
  const t = useTexts(DASHBOARD_TEXTS);
  return (
    <section class="controls" aria-label={t.period}>
      <fieldset class="presets">
        <legend class="visually-hidden">{t.period}</legend>
        {PRESETS.map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={props.preset === option}
            onClick={() => props.onPreset(option)}
          >
            {t.presets[option]}
          </button>
        ))}
      </fieldset>
      <span class="muted period-text">
        {formatDay(props.from)} – {formatDay(props.to)}
      </span>
      <label class="province-filter">
        {t.province}
        <select
          value={props.province ?? ""}
          disabled={props.ownProvince !== null}
          onChange={(event) =>
            props.onProvince(event.currentTarget.value === "" ? null : event.currentTarget.value)
          }
        >
          <option value="">{t.national}</option>
          {currentProvinces().map((entry) => (
            <option key={entry.code} value={entry.code}>
              {entry.name}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
