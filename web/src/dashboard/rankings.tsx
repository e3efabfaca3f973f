import type { FacilityRowView, ProvinceRowView } from "#domain/report-contract";
import { formatCount, formatRate } from "#web/i18n/format";
import { type Lang, useLang, useTexts } from "#web/i18n/lang";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { causeColumn, provinceCausesColumn, READER_TEXTS } from "./reader-causes.tsx";
import { type Column, SortableTable } from "./sortable-table.tsx";
import { WAIT_TEXTS, waitColumn } from "./wait-column.tsx";

function flagClass(row: { qr: number; rate: number }, target: number): string {
  if (row.qr === 0) return "row-no-qr";
  return row.rate < target ? "row-below" : "";
}

type Texts = (typeof DASHBOARD_TEXTS)["vi"];
interface RankedRow {
  readonly rank: number;
  readonly rankOf: number;
  readonly total: number;
  readonly qr: number;
  readonly rate: number;
}

/** "rank x / N", the first column of both rankings. */
function rankColumn<T extends RankedRow>(t: Texts): Column<T> {
  return {
    key: "rank",
    label: t.columns.rank,
    numeric: true,
    sortValue: (row) => row.rank,
    render: (row) => t.rankOf(row.rank, row.rankOf),
  };
}

/** Check-ins, QR check-ins and rate: the last columns of both rankings. */
function countColumns<T extends RankedRow>(t: Texts, lang: Lang): Column<T>[] {
  return [
    {
      key: "total",
      label: t.columns.total,
      numeric: true,
      sortValue: (row) => row.total,
      render: (row) => formatCount(row.total, lang),
    },
    {
      key: "qr",
      label: t.columns.qr,
      numeric: true,
      sortValue: (row) => row.qr,
      render: (row) => formatCount(row.qr, lang),
    },
    {
      key: "rate",
      label: t.columns.rate,
      numeric: true,
      sortValue: (row) => row.rate,
      render: (row) => formatRate(row.rate, lang),
    },
  ];
}

/** Rows per page of the facility ranking: a province fits on a few pages, the country on 65. */
const FACILITY_PAGE_SIZE = 200;

const facilitySearchText = (row: FacilityRowView) => `${row.name} ${row.facility}`;

/** Facilities by QR-scan rate: "rank x / N", sortable by any column, paged, searchable by name or code. */
export function FacilityRanking({
  rows,
  target,
  onRooms,
}: {
  rows: readonly FacilityRowView[];
  target: number;
  onRooms: (row: FacilityRowView) => void;
}) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const reader = useTexts(READER_TEXTS);
  const waits = useTexts(WAIT_TEXTS);
  const columns: Column<FacilityRowView>[] = [
    rankColumn(t),
    { key: "name", label: t.columns.name, sortValue: (row) => row.name, render: (row) => row.name },
    { key: "code", label: t.columns.code, sortValue: (row) => row.facility, render: (row) => row.facility },
    {
      key: "province",
      label: t.columns.province,
      sortValue: (row) => row.provinceName,
      render: (row) => row.provinceName,
    },
    ...countColumns<FacilityRowView>(t, lang),
    causeColumn(reader, lang),
    waitColumn(waits, onRooms),
  ];
  return (
    <SortableTable
      caption={t.facilities}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.facility}
      rowClass={(row) => flagClass(row, target)}
      initial={{ key: "rank", descending: false }}
      testId="facility-ranking"
      pageSize={FACILITY_PAGE_SIZE}
      searchText={facilitySearchText}
    />
  );
}

/** Provinces by QR-scan rate. */
export function ProvinceRanking({ rows, target }: { rows: readonly ProvinceRowView[]; target: number }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const reader = useTexts(READER_TEXTS);
  const columns: Column<ProvinceRowView>[] = [
    rankColumn(t),
    { key: "name", label: t.columns.province, sortValue: (row) => row.name, render: (row) => row.name },
    {
      key: "facilities",
      label: t.columns.facilities,
      numeric: true,
      sortValue: (row) => row.facilities,
      render: (row) => formatCount(row.facilities, lang),
    },
    ...countColumns<ProvinceRowView>(t, lang),
    provinceCausesColumn(reader, lang),
  ];
  return (
    <SortableTable
      caption={t.provinces}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.province}
      rowClass={(row) => flagClass(row, target)}
      initial={{ key: "rank", descending: false }}
      testId="province-ranking"
    />
  );
}
