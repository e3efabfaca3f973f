/**
 * Why a facility's rate is low, on the dashboard: the "why" column of the facility ranking, the
 * facilities per cause in the province ranking, the filter by cause and the panel of facilities
 * whose readers are missing or failing, each with the figure behind it.
 */
import { READER_CAUSES, type ReaderCause } from "#domain/reader-health";
import type {
  CauseCountsView,
  FacilityRowView,
  ProvinceRowView,
  ReaderProblemView,
  ReaderView,
} from "#domain/report-contract";
import { formatCount } from "#web/i18n/format";
import { type Lang, type Texts, useLang, useTexts } from "#web/i18n/lang";
import type { Column } from "./sortable-table.tsx";

interface ReaderTexts {
  why: string;
  whyProvince: string;
  cause: Record<ReaderCause, string>;
  causeShort: Record<ReaderCause, string>;
  figure: Record<ReaderCause, (reader: ReaderView, lang: Lang) => string>;
  filter: string;
  all: string;
  panel: string;
  panelNote: string;
  none: string;
  more: (count: number) => string;
}

const n = formatCount;

export const READER_TEXTS: Texts<ReaderTexts> = {
  vi: {
    why: "Lý do",
    whyProvince: "Lý do cơ sở chưa đạt",
    cause: {
      "no-reader": "Không có thiết bị quét",
      "reader-failing": "Thiết bị quét lỗi",
      habit: "Thói quen nhập tay",
    },
    causeShort: { "no-reader": "không thiết bị", "reader-failing": "thiết bị lỗi", habit: "thói quen" },
    figure: {
      "no-reader": (r, lang) =>
        `Camera mở ${n(r.cameraDays, lang)}/${n(r.reportedDays, lang)} ngày, máy quét ${n(r.scannerDays, lang)}/${n(r.reportedDays, lang)} ngày`,
      "reader-failing": (r, lang) =>
        `${n(r.typedAfterFailedScan, lang)}/${n(r.typedWithReader, lang)} lượt nhập tay sau khi quét lỗi, ${n(r.failedScans, lang)} lần quét lỗi`,
      habit: (r, lang) =>
        `${n(r.typedWithReader - r.typedAfterFailedScan, lang)}/${n(r.typedWithReader, lang)} lượt nhập tay không thử quét dù có thiết bị`,
    },
    filter: "Lọc theo lý do",
    all: "Tất cả",
    panel: "Thiết bị quét chưa hiệu quả",
    panelNote: "Cơ sở dưới mục tiêu vì không có camera hay máy quét, hoặc vì thiết bị quét hay đọc lỗi.",
    none: "Không có",
    more: (count) => `và ${count} cơ sở khác`,
  },
  en: {
    why: "Why",
    whyProvince: "Why facilities are below target",
    cause: { "no-reader": "No reader", "reader-failing": "Reader failing", habit: "Typing by habit" },
    causeShort: { "no-reader": "no reader", "reader-failing": "failing", habit: "habit" },
    figure: {
      "no-reader": (r, lang) =>
        `Camera on ${n(r.cameraDays, lang)}/${n(r.reportedDays, lang)} days, scanner ${n(r.scannerDays, lang)}/${n(r.reportedDays, lang)} days`,
      "reader-failing": (r, lang) =>
        `${n(r.typedAfterFailedScan, lang)}/${n(r.typedWithReader, lang)} typed after a failed scan, ${n(r.failedScans, lang)} failed scans`,
      habit: (r, lang) =>
        `${n(r.typedWithReader - r.typedAfterFailedScan, lang)}/${n(r.typedWithReader, lang)} typed with a reader, without trying it`,
    },
    filter: "Filter by cause",
    all: "All",
    panel: "Readers not working well",
    panelNote:
      "Facilities below target because they have no camera or scanner, or because their reader keeps failing.",
    none: "None",
    more: (count) => `and ${count} more`,
  },
};

/** The ranking's "why" column: the cause and, under it, the figure behind it. */
export function causeColumn(texts: ReaderTexts, lang: Lang): Column<FacilityRowView> {
  return {
    key: "cause",
    label: texts.why,
    sortValue: (row) => (row.cause === null ? READER_CAUSES.length : READER_CAUSES.indexOf(row.cause)),
    render: (row) =>
      row.cause === null ? (
        <span class="muted">—</span>
      ) : (
        <span class={`cause cause-${row.cause}`} data-cause={row.cause}>
          <span class="cause-name">{texts.cause[row.cause]}</span>
          <span class="cause-figure">{texts.figure[row.cause](row.reader, lang)}</span>
        </span>
      ),
  };
}

/** The province ranking's count of its facilities per cause. */
export function provinceCausesColumn(texts: ReaderTexts, lang: Lang): Column<ProvinceRowView> {
  const total = (causes: CauseCountsView) => READER_CAUSES.reduce((sum, cause) => sum + causes[cause], 0);
  return {
    key: "causes",
    label: texts.whyProvince,
    sortValue: (row) => total(row.causes),
    render: (row) => {
      const parts = READER_CAUSES.filter((cause) => row.causes[cause] > 0).map(
        (cause) => `${n(row.causes[cause], lang)} ${texts.causeShort[cause]}`,
      );
      return parts.length === 0 ? <span class="muted">—</span> : parts.join(" · ");
    },
  };
}

export type CauseFilterValue = "all" | ReaderCause;

/** The facility rows of a cause, or all of them. */
export function filterByCause(rows: readonly FacilityRowView[], filter: CauseFilterValue): FacilityRowView[] {
  return filter === "all" ? [...rows] : rows.filter((row) => row.cause === filter);
}

/** Picks the cause the facility ranking shows; each option says how many facilities it has. */
export function CauseFilter(props: {
  value: CauseFilterValue;
  causes: CauseCountsView;
  onChange: (value: CauseFilterValue) => void;
}) {
  const lang = useLang();
  const t = useTexts(READER_TEXTS);
  return (
    <label class="cause-filter">
      {t.filter}
      <select
        value={props.value}
        data-testid="cause-filter"
        onChange={(event) => {
          const value = event.currentTarget.value;
          props.onChange(READER_CAUSES.find((cause) => cause === value) ?? "all");
        }}
      >
        <option value="all">{t.all}</option>
        {READER_CAUSES.map((cause) => (
          <option key={cause} value={cause}>
            {t.cause[cause]} ({n(props.causes[cause], lang)})
          </option>
        ))}
      </select>
    </label>
  );
}

/** How many facilities the panel names before "and N more": the CSV has them all. */
const PANEL_LIMIT = 10;

/** "Thiết bị quét chưa hiệu quả": facilities with no reader, then failing ones, each with its figure. */
export function ReaderPanel(props: { problems: readonly ReaderProblemView[] }) {
  const lang = useLang();
  const t = useTexts(READER_TEXTS);
  const shown = props.problems.slice(0, PANEL_LIMIT);
  return (
    <section class="panel reader-panel" data-testid="reader-panel">
      <h2>
        {t.panel} ({n(props.problems.length, lang)})
      </h2>
      <p class="muted">{t.panelNote}</p>
      {props.problems.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul>
          {shown.map((problem) => (
            <li key={problem.facility} data-facility={problem.facility}>
              <span class={`cause cause-${problem.cause}`} data-cause={problem.cause}>
                <span class="cause-name">{t.cause[problem.cause]}</span>
              </span>{" "}
              <span>{problem.name}</span>{" "}
              <span class="muted">
                {problem.facility} · {problem.provinceName}
              </span>
              <span class="cause-figure">{t.figure[problem.cause](problem.reader, lang)}</span>
            </li>
          ))}
          {props.problems.length > PANEL_LIMIT ? (
            <li class="muted">{t.more(props.problems.length - PANEL_LIMIT)}</li>
          ) : null}
        </ul>
      )}
    </section>
  );
}
