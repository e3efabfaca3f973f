import { useMemo, useState } from "preact/hooks";
import type { FacilityReport, ProvinceReport } from "#domain/report-contract";
import { formatCount } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { CsvButton } from "./csv-button.tsx";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { FlagList } from "./flag-list.tsx";
import { FacilityRanking, ProvinceRanking } from "./rankings.tsx";
import { CauseFilter, type CauseFilterValue, filterByCause, ReaderPanel } from "./reader-causes.tsx";
import { ReportCharts } from "./report-charts.tsx";
import { RoomWaitsPanel } from "./room-waits-panel.tsx";
import { SummaryTiles } from "./summary-tiles.tsx";

/** Everything a report shows: tiles, the rankings, the charts, the flag lists and the reader panel. */
export function ReportView(props: {
  provinces: ProvinceReport;
  /** Null while the facility ranking is still on its way. */
  facilities: FacilityReport | null;
  onCsv: (groupBy: "facility" | "province") => Promise<void>;
  /** The signed-in token, for a facility's waits per room. */
  token: string;
}) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const { facilities, provinces } = props;
  // The totals, the lists without QR or check-ins and the reader figures are in both answers.
  const { summary, target } = provinces;
  const [cause, setCause] = useState<CauseFilterValue>("all");
  const rows = useMemo(
    () => (facilities === null ? null : filterByCause(facilities.rows, cause)),
    [facilities, cause],
  );
  const pending = t.loadingFacilities;
  const [rooms, setRooms] = useState<{ code: string; name: string } | null>(null);
  const period = facilities ?? provinces;
  return (
    <main class="dash-main">
      <SummaryTiles provinces={provinces} facilities={facilities} />
      {summary.total === 0 ? <p class="notice notice-warn">{t.empty}</p> : null}
      {summary.flagged > 0 ? (
        <p class="notice notice-warn" data-testid="flagged">
          {t.flagged(formatCount(summary.flagged, lang))}
        </p>
      ) : null}
      <section class="panel">
        <header class="table-head">
          <h2>{t.provinces}</h2>
          <CsvButton onCsv={() => props.onCsv("province")} testId="csv-province" />
        </header>
        <ProvinceRanking rows={provinces.rows} target={target} />
      </section>
      <ReportCharts provinces={provinces} facilities={facilities} />
      <section class="flags">
        {facilities === null ? (
          <div class="panel flag-list" data-testid="below-target">
            <h3>{t.belowTarget}</h3>
            <p class="muted">{pending}</p>
          </div>
        ) : (
          <FlagList title={t.belowTarget} flags={facilities.summary.belowTarget} testId="below-target" />
        )}
        <FlagList title={t.noQr} flags={summary.noQr} testId="no-qr" />
        <FlagList title={t.noCheckins} flags={summary.noCheckins} testId="no-checkins" />
      </section>
      <ReaderPanel problems={summary.readerProblems} />
      <section class="panel">
        <header class="table-head">
          <h2>{t.facilities}</h2>
          <p class="legend">
            <span class="swatch swatch-below" /> {t.legendBelow} <span class="swatch swatch-noqr" />{" "}
            {t.legendNoQr}
          </p>
          <CauseFilter value={cause} causes={summary.causes} onChange={setCause} />
          <CsvButton onCsv={() => props.onCsv("facility")} testId="csv-facility" />
        </header>
        {rooms === null ? null : (
          <RoomWaitsPanel
            token={props.token}
            facility={rooms}
            period={{ from: period.from, to: period.to }}
            onClose={() => setRooms(null)}
          />
        )}
        {rows === null ? (
          <p class="muted">{pending}</p>
        ) : (
          <FacilityRanking
            rows={rows}
            target={target}
            onRooms={(row) => setRooms({ code: row.facility, name: row.name })}
          />
        )}
      </section>
    </main>
  );
}
