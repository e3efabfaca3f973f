import { useEffect, useMemo, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import { currentProvinceOf, currentProvinces } from "#domain/provinces";
import type { FacilityReport, ProvinceReport } from "#domain/report-contract";
import { vnDay } from "#domain/vn-time";
import { messagesOf } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { formatCount, formatDay, formatRate } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { RateBars, TrendLine } from "./charts.tsx";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { FlagList } from "./flag-list.tsx";
import { PRESETS, type Preset, periodOf } from "./period.ts";
import { FacilityRanking, ProvinceRanking } from "./rankings.tsx";
import { CauseFilter, type CauseFilterValue, filterByCause, ReaderPanel } from "./reader-causes.tsx";
import { downloadCsv, fetchFacilityReport, fetchProvinceReport, type ReportQuery } from "./report-api.ts";
import { TABLE_TEXTS } from "./table-texts.ts";

/** One of the two reports the page shows: the province ranking comes first, the facilities after. */
type Part<T> = { kind: "loading" } | { kind: "ready"; report: T } | { kind: "failed"; messages: Bilingual };

/** The health department's view: scan-rate ranking, charts, flagged facilities, CSV export. */
export function DashboardApp({ session, signOut }: { session: Session; signOut: () => void }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  // A provincial account sees only its own province: the filter is fixed to it.
  const ownProvince =
    session.province === null ? null : (currentProvinceOf(session.province)?.code ?? session.province);
  const [preset, setPreset] = useState<Preset>("30d");
  const [province, setProvince] = useState<string | null>(ownProvince);
  const [provinces, setProvinces] = useState<Part<ProvinceReport>>({ kind: "loading" });
  const [facilities, setFacilities] = useState<Part<FacilityReport>>({ kind: "loading" });
  const [csvProblem, setCsvProblem] = useState<Bilingual | null>(null);
  const query = useMemo<ReportQuery>(
    () => ({ ...periodOf(preset, vnDay(new Date())), province }),
    [preset, province],
  );

  // Both asked for at once; the province ranking (34 rows) shows as soon as it arrives, the
  // facility ranking (up to 12,851 rows) when it does.
  useEffect(() => {
    let cancelled = false;
    setProvinces({ kind: "loading" });
    setFacilities({ kind: "loading" });
    const failed = (error: unknown) => ({ kind: "failed" as const, messages: messagesOf(error) });
    fetchProvinceReport(session.token, query).then(
      (report) => !cancelled && setProvinces({ kind: "ready", report }),
      (error: unknown) => !cancelled && setProvinces(failed(error)),
    );
    fetchFacilityReport(session.token, query).then(
      (report) => !cancelled && setFacilities({ kind: "ready", report }),
      (error: unknown) => !cancelled && setFacilities(failed(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [session.token, query]);

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
      <section class="controls" aria-label={t.period}>
        <fieldset class="presets">
          <legend class="visually-hidden">{t.period}</legend>
          {PRESETS.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={preset === option}
              onClick={() => setPreset(option)}
            >
              {t.presets[option]}
            </button>
          ))}
        </fieldset>
        <span class="muted period-text">
          {formatDay(query.from)} – {formatDay(query.to)}
        </span>
        <label class="province-filter">
          {t.province}
          <select
            value={province ?? ""}
            disabled={ownProvince !== null}
            onChange={(event) =>
              setProvince(event.currentTarget.value === "" ? null : event.currentTarget.value)
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
        <Report
          provinces={provinces.report}
          facilities={facilities.kind === "ready" ? facilities.report : null}
          onCsv={csv}
        />
      ) : null}
    </div>
  );
}

function Report(props: {
  provinces: ProvinceReport;
  /** Null while the facility ranking is still on its way. */
  facilities: FacilityReport | null;
  onCsv: (groupBy: "facility" | "province") => Promise<void>;
}) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const { facilities, provinces } = props;
  // The totals, the lists without QR or check-ins and the reader figures are in both answers.
  const { summary, target } = provinces;
  const below = summary.rate !== null && summary.rate < target;
  const [cause, setCause] = useState<CauseFilterValue>("all");
  const rows = useMemo(
    () => (facilities === null ? null : filterByCause(facilities.rows, cause)),
    [facilities, cause],
  );
  // The whole country is 34 bars of provinces; a province, one bar per facility.
  const byProvince = provinces.province === null;
  const pending = t.loadingFacilities;
  return (
    <main class="dash-main">
      <section class="tiles">
        <Tile label={t.total} value={formatCount(summary.total, lang)} />
        <Tile label={t.qr} value={formatCount(summary.qr, lang)} />
        <Tile
          label={t.rate}
          value={formatRate(summary.rate, lang)}
          note={t.target(formatRate(target, lang))}
          tone={below ? "bad" : "ok"}
        />
        <Tile
          label={t.belowTarget}
          value={facilities === null ? "…" : formatCount(facilities.summary.belowTarget.length, lang)}
          tone="bad"
        />
        <Tile label={t.noQr} value={formatCount(summary.noQr.length, lang)} tone="bad" />
        <Tile label={t.noCheckins} value={formatCount(summary.noCheckins.length, lang)} />
      </section>
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
      <section class="charts">
        <figure class="panel">
          <figcaption>
            <h2>{byProvince ? t.rateChartProvinces : t.rateChart}</h2>
            <p class="muted">
              {byProvince ? t.rateChartProvincesNote : t.rateChartNote}{" "}
              <span class="target-swatch" aria-hidden="true" /> {t.target(formatRate(target, lang))}
            </p>
          </figcaption>
          {byProvince ? (
            <RateBars rows={provinces.rows} target={target} />
          ) : facilities === null ? (
            <p class="muted">{pending}</p>
          ) : (
            <RateBars rows={facilities.rows} target={target} />
          )}
        </figure>
        <figure class="panel">
          <figcaption>
            <h2>{t.trendChart}</h2>
            <p class="muted">
              <span class="target-swatch" aria-hidden="true" /> {t.target(formatRate(target, lang))}
            </p>
          </figcaption>
          <TrendLine trend={provinces.trend} target={target} />
        </figure>
      </section>
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
        {rows === null ? <p class="muted">{pending}</p> : <FacilityRanking rows={rows} target={target} />}
      </section>
    </main>
  );
}

/** The CSV download: the file is made by the server and saved by the browser, the page stays usable; the button says so meanwhile. */
function CsvButton(props: { onCsv: () => Promise<void>; testId: string }) {
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

function Tile(props: { label: string; value: string; note?: string; tone?: "ok" | "bad" }) {
  return (
    <div class={`tile${props.tone === undefined ? "" : ` tile-${props.tone}`}`}>
      <span class="tile-label">{props.label}</span>
      <span class="tile-value">{props.value}</span>
      {props.note === undefined ? null : <span class="tile-note">{props.note}</span>}
    </div>
  );
}
