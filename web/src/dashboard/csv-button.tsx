import { useState } from "preact/hooks";
import { useTexts } from "#web/i18n/lang";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { TABLE_TEXTS } from "./table-texts.ts";

/** The CSV download: the file is made by the server and saved by the browser, the page stays usable; the button says so meanwhile. */
export function CsvButton(props: { onCsv: () => Promise<void>; testId: string }) {
  const t = useTexts(DASHBOARD_TEXTS);
  const table = useTexts(TABLE_TEXTS);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      data-testid={props.testId}
      aria-busy={busy}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        props.onCsv().finally(() => setBusy(false));
      }}
    >
      {busy ? table.csvBusy : t.csv}
    </button>
  );
}
