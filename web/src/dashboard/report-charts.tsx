import type { FacilityReport, ProvinceReport } from "#domain/report-contract";
import { formatRate } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { RateBars, TrendLine } from "./charts.tsx";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";

/** The rate bars against the target and the daily trend. */
export function ReportCharts({
  provinces,
  facilities,
}: {
  provinces: ProvinceReport;
  /** Null while the facility ranking is still on its way. */
  facilities: FacilityReport | null;
}) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const { target } = provinces;
  // The whole country is 34 bars of provinces; a province, one bar per facility.
  const byProvince = provinces.province === null;
  return (
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
          <p class="muted">{t.loadingFacilities}</p>
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
  );
}
