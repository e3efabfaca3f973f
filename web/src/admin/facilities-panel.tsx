import { useState } from "preact/hooks";
import { type AdminFacility, FACILITY_LEVELS } from "#domain/admin-contract";
import type { Bilingual } from "#domain/errors";
import { useLang, useTexts } from "#web/i18n/lang";
import { importFacilities, messagesOfAdmin, writeFacility } from "./admin-api.ts";
import { ADMIN_TEXTS } from "./admin-texts.ts";
import { CsvImport } from "./csv-import.tsx";

interface Props {
  readonly token: string;
  readonly facilities: readonly AdminFacility[];
  readonly reload: () => Promise<void>;
}

const EMPTY = { code: "", name: "", level: "", address: "" };

/** The province's facilities: list, CSV import, add, edit, deactivate. */
export function FacilitiesPanel({ token, facilities, reload }: Props) {
  const lang = useLang();
  const t = useTexts(ADMIN_TEXTS);
  const [form, setForm] = useState(EMPTY);
  const [problem, setProblem] = useState<Bilingual | null>(null);

  const write = async (code: string, change: Parameters<typeof writeFacility>[2]) => {
    setProblem(null);
    try {
      await writeFacility(token, code, change);
      await reload();
      return true;
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
      return false;
    }
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const level = FACILITY_LEVELS.find((known) => known === form.level);
    const saved = await write(form.code.trim(), {
      name: form.name,
      address: form.address,
      ...(level === undefined ? {} : { level }),
    });
    if (saved) setForm(EMPTY);
  };
  const field = (key: keyof typeof EMPTY) => ({
    value: form[key],
    onInput: (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      setForm({ ...form, [key]: event.currentTarget.value }),
  });

  return (
    <section class="admin-section" aria-labelledby="facilities-title">
      <h2 id="facilities-title">{t.facilities}</h2>
      <table class="admin-table" data-table="facilities">
        <thead>
          <tr>
            <th>{t.code}</th>
            <th>{t.name}</th>
            <th>{t.province}</th>
            <th>{t.level}</th>
            <th>{t.address}</th>
            <th>{t.status}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {facilities.map((facility) => (
            <tr key={facility.code} data-code={facility.code}>
              <td>{facility.code}</td>
              <td>{facility.name}</td>
              <td>{facility.provinceCode}</td>
              <td>{facility.level ?? ""}</td>
              <td>{facility.address ?? ""}</td>
              <td>{facility.active ? t.active : t.inactive}</td>
              <td class="admin-actions">
                <button
                  type="button"
                  onClick={() =>
                    setForm({
                      code: facility.code,
                      name: facility.name,
                      level: facility.level ?? "",
                      address: facility.address ?? "",
                    })
                  }
                >
                  {t.edit}
                </button>
                <button type="button" onClick={() => void write(facility.code, { active: !facility.active })}>
                  {facility.active ? t.deactivate : t.reactivate}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {facilities.length === 0 ? <p class="muted">{t.none}</p> : null}
      <form class="admin-form" aria-label={t.addFacility} onSubmit={submit}>
        <h3>{t.addFacility}</h3>
        <label>
          {t.code}
          <input name="code" required pattern="\d{5}" inputMode="numeric" {...field("code")} />
        </label>
        <label>
          {t.name}
          <input name="name" required {...field("name")} />
        </label>
        <label>
          {t.level}
          <select name="level" {...field("level")}>
            <option value="" />
            {FACILITY_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.address}
          <input name="address" {...field("address")} />
        </label>
        <button type="submit" class="primary">
          {t.save}
        </button>
        {problem === null ? null : (
          <p class="notice notice-error" role="alert">
            {problem[lang]}
          </p>
        )}
      </form>
      <CsvImport
        title={t.importFacilities}
        hint={t.facilityCsvHint}
        name="facilities-csv"
        send={async (csv) => {
          const { imported } = await importFacilities(token, csv);
          await reload();
          return imported;
        }}
      />
    </section>
  );
}
