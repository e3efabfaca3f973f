import { useCallback, useEffect, useState } from "preact/hooks";
import type { AdminFacility, StaffAccount } from "#domain/admin-contract";
import type { Bilingual } from "#domain/errors";
import { ROLES } from "#domain/roles";
import { useLang, useTexts } from "#web/i18n/lang";
import {
  createAccount,
  fetchAccounts,
  type IssuedPasswords,
  importAccounts,
  messagesOfAdmin,
  resetPassword,
  setEnabled,
} from "./admin-api.ts";
import { ADMIN_TEXTS } from "./admin-texts.ts";
import { CsvImport } from "./csv-import.tsx";

interface Props {
  readonly token: string;
  readonly facilities: readonly AdminFacility[];
}

const EMPTY = { username: "", role: "receptionist", facility: "", province: "", name: "", idNumber: "" };

/** One-time passwords, shown once until the administrator dismisses them. */
function IssuedList({ issued, dismiss }: { issued: IssuedPasswords; dismiss: () => void }) {
  const t = useTexts(ADMIN_TEXTS);
  return (
    <div class="notice notice-warn admin-issued" role="status" aria-label={t.oneTimeTitle}>
      <h3>{t.oneTimeTitle}</h3>
      <p>{t.oneTimeNote}</p>
      <table class="admin-table">
        <tbody>
          {issued.map((entry) => (
            <tr key={entry.username} data-username={entry.username}>
              <td>{entry.username}</td>
              <td>
                <code class="one-time-password">{entry.oneTimePassword ?? "—"}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={dismiss}>
        {t.dismiss}
      </button>
    </div>
  );
}

/** Staff accounts per facility: create one, import a CSV, reset a password, disable, enable. */
export function AccountsPanel({ token, facilities }: Props) {
  const lang = useLang();
  const t = useTexts(ADMIN_TEXTS);
  const [facility, setFacility] = useState<string | null>(null);
  const [accounts, setAccounts] = useState<readonly StaffAccount[]>([]);
  const [issued, setIssued] = useState<IssuedPasswords>([]);
  const [form, setForm] = useState(EMPTY);
  const [problem, setProblem] = useState<Bilingual | null>(null);

  const reload = useCallback(async () => {
    try {
      setAccounts((await fetchAccounts(token, facility)).accounts);
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
    }
  }, [token, facility]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (run: () => Promise<void>) => {
    setProblem(null);
    try {
      await run();
      await reload();
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    const byFacility = ["receptionist", "room", "kiosk"].includes(form.role);
    void act(async () => {
      const answer = await createAccount(token, {
        username: form.username,
        role: form.role,
        ...(byFacility ? { facility: form.facility } : { province: form.province }),
        ...(form.name === "" ? {} : { name: form.name }),
        ...(form.idNumber === "" ? {} : { idNumber: form.idNumber }),
      });
      setIssued(answer.accounts);
      setForm(EMPTY);
    });
  };
  const field = (key: keyof typeof EMPTY) => ({
    value: form[key],
    onInput: (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      setForm({ ...form, [key]: event.currentTarget.value }),
  });

  return (
    <section class="admin-section" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t.accounts}</h2>
      {issued.length === 0 ? null : <IssuedList issued={issued} dismiss={() => setIssued([])} />}
      <label>
        {t.facility}
        <select
          name="account-facility"
          value={facility ?? ""}
          onChange={(event) => setFacility(event.currentTarget.value || null)}
        >
          <option value="">{t.allFacilities}</option>
          {facilities.map((entry) => (
            <option key={entry.code} value={entry.code}>
              {entry.code} · {entry.name}
            </option>
          ))}
        </select>
      </label>
      <table class="admin-table" data-table="accounts">
        <thead>
          <tr>
            <th>{t.username}</th>
            <th>{t.role}</th>
            <th>{t.facility}</th>
            <th>{t.name}</th>
            <th>{t.status}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.username} data-username={account.username}>
              <td>{account.username}</td>
              <td>{t.roles[account.role]}</td>
              <td>{account.facility ?? (account.national ? t.national : (account.province ?? ""))}</td>
              <td>{account.name ?? ""}</td>
              <td>{account.enabled ? t.enabled : t.disabled}</td>
              <td class="admin-actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(async () => setIssued([await resetPassword(token, account.username)]))
                  }
                >
                  {t.resetPassword}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void act(async () => void (await setEnabled(token, account.username, !account.enabled)))
                  }
                >
                  {account.enabled ? t.disable : t.enable}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {accounts.length === 0 ? <p class="muted">{t.none}</p> : null}
      {problem === null ? null : (
        <p class="notice notice-error" role="alert">
          {problem[lang]}
        </p>
      )}
      <form class="admin-form" aria-label={t.createAccount} onSubmit={submit}>
        <h3>{t.createAccount}</h3>
        <label>
          {t.username}
          <input name="username" required {...field("username")} />
        </label>
        <label>
          {t.role}
          <select name="role" {...field("role")}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t.roles[role]}
              </option>
            ))}
          </select>
        </label>
        {["receptionist", "room", "kiosk"].includes(form.role) ? (
          <label>
            {t.facility}
            <select name="facility" required {...field("facility")}>
              <option value="" />
              {facilities
                .filter((entry) => entry.active)
                .map((entry) => (
                  <option key={entry.code} value={entry.code}>
                    {entry.code} · {entry.name}
                  </option>
                ))}
            </select>
          </label>
        ) : (
          <label>
            {t.province}
            <input name="province" pattern="\d{3}" inputMode="numeric" {...field("province")} />
          </label>
        )}
        <label>
          {t.name}
          <input name="full-name" {...field("name")} />
        </label>
        <label>
          {t.idNumber}
          <input name="id-number" inputMode="numeric" {...field("idNumber")} />
        </label>
        <button type="submit" class="primary">
          {t.createAccount}
        </button>
      </form>
      <CsvImport
        title={t.importAccounts}
        hint={t.accountCsvHint}
        name="accounts-csv"
        send={async (csv) => {
          const answer = await importAccounts(token, csv);
          setIssued(answer.accounts);
          await reload();
          return answer.accounts.length;
        }}
      />
    </section>
  );
}
