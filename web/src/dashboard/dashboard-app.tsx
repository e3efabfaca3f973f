import { useMemo, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import { currentProvinceOf } from "#domain/provinces";
import { vnDay } from "#domain/vn-time";
import { messagesOf } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { GatewayRefusals } from "./gateway-refusals.tsx";
import { type Preset, periodOf } from "./period.ts";
import { PeriodControls } from "./period-controls.tsx";
import { downloadCsv, type ReportQuery } from "./report-api.ts";
import { ReportView } from "./report-view.tsx";
import { useReports } from "./use-reports.ts";

/** The health department's view: scan-rate ranking, charts, flagged facilities, CSV export. */
export function DashboardApp({ session, signOut }: { session: Session; signOut: () => void }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  // A provincial account sees only its own province: the filter is fixed to it.
  const ownProvince =
    session.province === null ? null : (currentProvinceOf(session.province)?.code ?? session.province);
  const [preset, setPreset] = useState<Preset>("30d");
  const [province, setProvince] = useState<string | null>(ownProvince);
  const [csvProblem, setCsvProblem] = useState<Bilingual | null>(null);
  const query = useMemo<ReportQuery>(
    () => ({ ...periodOf(preset, vnDay(new Date())), province }),
    [preset, province],
  );
  const { provinces, facilities } = useReports(session.token, query);

  const csv = async (groupBy: "facility" | "province") => {
    setCsvProblem(null);
    try {
      await downloadCsv(session.token, query, groupBy);
    } catch (error) {
      setCsvProblem(messagesOf(error));
    }
  };
  const problem =
    provinces.kind === "failed"
      ? provinces.messages
      : facilities.kind === "failed"
        ? facilities.messages
        : null;

  return (
    <div class="dashboard">
      <header class="app-head">
        <h1>{t.title}</h1>
        <span class="spacer" />
        <LangSwitch />
        <button type="button" onClick={signOut}>
          {t.signOut}
        </button>
      </header>
      <PeriodControls
        preset={preset}
        onPreset={setPreset}
        from={query.from}
        to={query.to}
        province={province}
        ownProvince={ownProvince}
        onProvince={setProvince}
      />
      {provinces.kind === "loading" ? <p class="dash-status">{t.loading}</p> : null}
      {problem === null ? null : (
        <p class="notice notice-error dash-status" role="alert">
          {problem[lang]}
        </p>
      )}
      {csvProblem === null ? null : (
        <p class="notice notice-error dash-status" role="alert" data-testid="csv-problem">
          {csvProblem[lang]}
        </p>
      )}
      {provinces.kind === "ready" ? (
        <ReportView
          provinces={provinces.report}
          facilities={facilities.kind === "ready" ? facilities.report : null}
          onCsv={csv}
          token={session.token}
        />
      ) : null}
      <GatewayRefusals token={session.token} province={province} />
    </div>
  );
}
