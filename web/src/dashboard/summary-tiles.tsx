import type { FacilityReport, ProvinceReport } from "#domain/report-contract";
import { formatCount, formatRate } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";

function Tile(props: { label: string; value: string; note?: string; tone?: "ok" | "bad" }) {
  return (
    <div class={`tile${props.tone === undefined ? "" : ` tile-${props.tone}`}`}>
      <span class="tile-label">{props.label}</span>
      <span class="tile-value">{props.value}</span>
      {props.note === undefined ? null : <span class="tile-note">{props.note}</span>}
    </div>
  );
}

/** The period's totals at a glance: check-ins, QR check-ins, the rate against the target, the flagged counts. */
export function SummaryTiles({
  provinces,
  facilities,
}: {
  provinces: ProvinceReport;
  /** Null while the facility ranking is still on its way. */
  facilities: FacilityReport | null;
}) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const { summary, target } = provinces;
  const below = summary.rate !== null && summary.rate < target;
  return (
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
  );
}
