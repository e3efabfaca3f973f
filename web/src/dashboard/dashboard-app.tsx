import { useEffect, useMemo, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import { currentProvinceOf, currentProvinces } from "#domain/provinces";
import type { FacilityFlagView, FacilityReport, ProvinceReport } from "#domain/report-contract";
import { vnDay } from "#domain/vn-time";
import { messagesOf } from "#web/api/client";
import type { Session } from "#web/auth/session";
import { formatCount, formatDay, formatRate } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { RateBars, TrendLine } from "./charts.tsx";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { PRESETS, type Preset, periodOf } from "./period.ts";
import { FacilityRanking, ProvinceRanking } from "./rankings.tsx";
import { CauseFilter, type CauseFilterValue, filterByCause, ReaderPanel } from "./reader-causes.tsx";
import { downloadCsv, fetchReports, type ReportQuery } from "./report-api.ts";

type Loaded =
  | { kind: "loading" }
  | { kind: "ready"; facilities: FacilityReport; provinces: ProvinceReport }
  | { kind: "failed"; messages: Bilingual };

/** The health department's view: scan-rate ranking, charts, flagged facilities, CSV export. */
export function DashboardApp({ session, signOut }: { session: Session; signOut: () => void }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  // A provincial account sees only its own province: the filter is fixed to it.
  const ownProvince =
    session.province === null ? null : (currentProvinceOf(session.province)?.code ?? session.province);
  const [preset, setPreset] = useState<Preset>("30d");
  const [province, setProvince] = useState<string | null>(ownProvince);
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const query = useMemo<ReportQuery>(
    () => ({ ...periodOf(preset, vnDay(new Date())), province }),
    [preset, province],
  );

  useEffect(() => {
    let cancelled = false;
    setLoaded({ kind: "loading" });
    fetchReports(session.token, query).then(
      (reports) => !cancelled && setLoaded({ kind: "ready", ...reports }),
      (error: unknown) => !cancelled && setLoaded({ kind: "failed", messages: messagesOf(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [session.token, query]);

  const csv = (groupBy: "facility" | "province") => {
    downloadCsv(session.token, query, groupBy).catch((error: unknown) =>
      setLoaded({ kind: "failed", messages: messagesOf(error) }),
    );
  };

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
      {loaded.kind === "loading" ? <p class="dash-status">{t.loading}</p> : null}
      {loaded.kind === "failed" ? (
        <p class="notice notice-error dash-status" role="alert">
          {loaded.messages[lang]}
        </p>
      ) : null}
      {loaded.kind === "ready" ? (
        <Report facilities={loaded.facilities} provinces={loaded.provinces} onCsv={csv} />
      ) : null}
    </div>
  );
}

function Report(props: {
  facilities: FacilityReport;
  provinces: ProvinceReport;
  onCsv: (groupBy: "facility" | "province") => void;
}) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const { facilities, provinces } = props;
  const { summary, target } = facilities;
  const below = summary.rate !== null && summary.rate < target;
  const [cause, setCause] = useState<CauseFilterValue>("all");
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
        <Tile label={t.belowTarget} value={formatCount(summary.belowTarget.length, lang)} tone="bad" />
        <Tile label={t.noQr} value={formatCount(summary.noQr.length, lang)} tone="bad" />
        <Tile label={t.noCheckins} value={formatCount(summary.noCheckins.length, lang)} />
      </section>
      {summary.total === 0 ? <p class="notice notice-warn">{t.empty}</p> : null}
      {summary.flagged > 0 ? (
        <p class="notice notice-warn" data-testid="flagged">
          {t.flagged(formatCount(summary.flagged, lang))}
        </p>
      ) : null}
      <section class="charts">
        <figure class="panel">
          <figcaption>
            <h2>{t.rateChart}</h2>
            <p class="muted">
              {t.rateChartNote} <span class="target-swatch" aria-hidden="true" />{" "}
              {t.target(formatRate(target, lang))}
            </p>
          </figcaption>
          <RateBars rows={facilities.rows} target={target} />
        </figure>
        <figure class="panel">
          <figcaption>
            <h2>{t.trendChart}</h2>
            <p class="muted">
              <span class="target-swatch" aria-hidden="true" /> {t.target(formatRate(target, lang))}
            </p>
          </figcaption>
          <TrendLine trend={facilities.trend} target={target} />
        </figure>
      </section>
      <section class="flags">
        <FlagList title={t.belowTarget} flags={summary.belowTarget} testId="below-target" />
        <FlagList title={t.noQr} flags={summary.noQr} testId="no-qr" />
        <FlagList title={t.noCheckins} flags={summary.noCheckins} testId="no-checkins" />
      </section>
      <ReaderPanel problems={summary.readerProblems} />
      <section class="panel">
        <header class="table-head">
          <h2>{t.provinces}</h2>
          <button type="button" onClick={() => props.onCsv("province")}>
            {t.csv}
          </button>
        </header>
        <ProvinceRanking rows={provinces.rows} target={target} />
      </section>
      <section class="panel">
        <header class="table-head">
          <h2>{t.facilities}</h2>
          <p class="legend">
            <span class="swatch swatch-below" /> {t.legendBelow} <span class="swatch swatch-noqr" />{" "}
            {t.legendNoQr}
          </p>
          <CauseFilter value={cause} causes={summary.causes} onChange={setCause} />
          <button type="button" data-testid="csv-facility" onClick={() => props.onCsv("facility")}>
            {t.csv}
          </button>
        </header>
        <FacilityRanking rows={filterByCause(facilities.rows, cause)} target={target} />
      </section>
    </main>
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

/** How many names each flag list shows before "and N more": the CSV has them all. */
const FLAG_LIMIT = 8;

function FlagList(props: { title: string; flags: readonly FacilityFlagView[]; testId: string }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const shown = props.flags.slice(0, FLAG_LIMIT);
  return (
    <div class="panel flag-list" data-testid={props.testId}>
      <h3>
        {props.title} ({props.flags.length})
      </h3>
      {props.flags.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul>
          {shown.map((flag) => (
            <li key={flag.facility}>
              <span>{flag.name}</span>{" "}
              <span class="muted">
                {flag.facility} · {flag.provinceName} · {formatRate(flag.rate, lang)}
              </span>
            </li>
          ))}
          {props.flags.length > FLAG_LIMIT ? (
            <li class="muted">{t.more(props.flags.length - FLAG_LIMIT)}</li>
          ) : null}
        </ul>
      )}
    </div>
  );
}
