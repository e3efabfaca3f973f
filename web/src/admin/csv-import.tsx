import { useState } from "preact/hooks";
import type { LineError } from "#domain/admin-contract";
import type { Bilingual } from "#domain/errors";
import { useLang, useTexts } from "#web/i18n/lang";
import { messagesOfAdmin } from "./admin-api.ts";
import { ADMIN_TEXTS } from "./admin-texts.ts";

interface Props {
  readonly title: string;
  readonly hint: string;
  readonly name: string;
  /** Sends the CSV; answers how many lines went in. */
  readonly send: (csv: string) => Promise<number>;
}

/** A CSV box (typed, pasted or read from a file) whose refused lines are listed by number. */
export function CsvImport({ title, hint, name, send }: Props) {
  const lang = useLang();
  const t = useTexts(ADMIN_TEXTS);
  const [csv, setCsv] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const [problem, setProblem] = useState<{ messages: Bilingual; lines: readonly LineError[] } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setDone(null);
    setProblem(null);
    try {
      setDone(await send(csv));
    } catch (error) {
      setProblem(messagesOfAdmin(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="admin-import" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      <p class="muted">{hint}</p>
      <label>
        {t.chooseFile}
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file !== undefined) void file.text().then(setCsv);
          }}
        />
      </label>
      <textarea name={name} rows={6} value={csv} onInput={(event) => setCsv(event.currentTarget.value)} />
      <button type="submit" class="primary" disabled={busy || csv.trim() === ""}>
        {t.importButton}
      </button>
      {done === null ? null : (
        <p class="notice notice-ok" role="status">
          {t.imported(done)}
        </p>
      )}
      {problem === null ? null : (
        <div class="notice notice-error" role="alert">
          <p>{problem.messages[lang]}</p>
          {problem.lines.length === 0 ? null : (
            <ul class="admin-line-errors">
              {problem.lines.map((line) => (
                <li key={`${line.line}-${line.code}`} data-line={line.line} data-code={line.code}>
                  <strong>{t.lineError(line.line)}</strong>: {lang === "vi" ? line.message : line.messageEn}{" "}
                  <code>{line.code}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
