import { useCallback, useEffect, useState } from "preact/hooks";
import type { AdminFacility, StaffAccount } from "#domain/admin-contract";
import type { Bilingual } from "#domain/errors";
import { useLang, useTexts } from "#web/i18n/lang";
import { AccountsTable } from "./accounts-table.tsx";
import {
  fetchAccounts,
  type IssuedPasswords,
  importAccounts,
  messagesOfAdmin,
  resetMfa,
  resetPassword,
  setEnabled,
} from "./admin-api.ts";
import { ADMIN_TEXTS } from "./admin-texts.ts";
import { CreateAccountForm } from "./create-account-form.tsx";
import { CsvImport } from "./csv-import.tsx";
import { IssuedList } from "./issued-list.tsx";

interface Props {
  readonly token: string;
  readonly facilities: readonly AdminFacility[];
}

/** Staff accounts per facility: create one, import a CSV, reset a password, disable, enable. */
export function AccountsPanel({ token, facilities }: Props) {
  const lang = useLang();
  const t = useTexts(ADMIN_TEXTS);
  const [facility, setFacility] = useState<string | null>(null);
  const [accounts, setAccounts] = useState<readonly StaffAccount[]>([]);
  const [issued, setIssued] = useState<IssuedPasswords>([]);
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
      <AccountsTable
        accounts={accounts}
        resetPassword={(account) =>
          void act(async () => setIssued([await resetPassword(token, account.username)]))
        }
        resetMfa={(account) => void act(async () => void (await resetMfa(token, account.username)))}
        toggleEnabled={(account) =>
          void act(async () => void (await setEnabled(token, account.username, !account.enabled)))
        }
      />
      {accounts.length === 0 ? <p class="muted">{t.none}</p> : null}
      {problem === null ? null : (
        <p class="notice notice-error" role="alert">
          {problem[lang]}
        </p>
      )}
      <CreateAccountForm token={token} facilities={facilities} act={act} onIssued={setIssued} />
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
