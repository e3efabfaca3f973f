/**
 * A list of flagged facilities (below target, no QR check-in, no check-ins at all): its count and
 * the first few names, and "show all" to open every one of them, paged and searchable. At national
 * scale these lists hold thousands of facilities.
 */
import { useState } from "preact/hooks";
import type { FacilityFlagView } from "#domain/report-contract";
import { formatCount, formatRate } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { type Column, SortableTable } from "./sortable-table.tsx";
import { TABLE_TEXTS } from "./table-texts.ts";

/** How many names a closed list shows. */
const FLAG_LIMIT = 8;
/** Rows per page of an opened list. */
const FLAG_PAGE_SIZE = 25;

const searchText = (flag: FacilityFlagView) => `${flag.name} ${flag.facility}`;

export function FlagList(props: { title: string; flags: readonly FacilityFlagView[]; testId: string }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const table = useTexts(TABLE_TEXTS);
  const [open, setOpen] = useState(false);
  const { flags } = props;
  const columns: Column<FacilityFlagView>[] = [
    { key: "name", label: t.columns.name, sortValue: (flag) => flag.name, render: (flag) => flag.name },
    {
      key: "code",
      label: t.columns.code,
      sortValue: (flag) => flag.facility,
      render: (flag) => flag.facility,
    },
    {
      key: "province",
      label: t.columns.province,
      sortValue: (flag) => flag.provinceName,
      render: (flag) => flag.provinceName,
    },
    {
      key: "total",
      label: t.columns.total,
      numeric: true,
      sortValue: (flag) => flag.total,
      render: (flag) => formatCount(flag.total, lang),
    },
    {
      key: "rate",
      label: t.columns.rate,
      numeric: true,
      sortValue: (flag) => flag.rate ?? -1,
      render: (flag) => formatRate(flag.rate, lang),
    },
  ];
  return (
    <div class={`panel flag-list${open ? " flag-list-open" : ""}`} data-testid={props.testId}>
      <h3>
        {props.title} ({formatCount(flags.length, lang)})
      </h3>
      {flags.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : open ? (
        <SortableTable
          caption={props.title}
          columns={columns}
          rows={flags}
          rowKey={(flag) => flag.facility}
          rowClass={() => ""}
          // As the report lists them (worst first below target, by code otherwise).
          initial={{ key: "", descending: false }}
          testId={`${props.testId}-all`}
          pageSize={FLAG_PAGE_SIZE}
          searchText={searchText}
        />
      ) : (
        <ul>
          {flags.slice(0, FLAG_LIMIT).map((flag) => (
            <li key={flag.facility}>
              <span>{flag.name}</span>{" "}
              <span class="muted">
                {flag.facility} · {flag.provinceName} · {formatRate(flag.rate, lang)}
              </span>
            </li>
          ))}
          {flags.length > FLAG_LIMIT ? <li class="muted">{t.more(flags.length - FLAG_LIMIT)}</li> : null}
        </ul>
      )}
      {flags.length > FLAG_LIMIT ? (
        <button
          type="button"
          class="flag-toggle"
          aria-expanded={open}
          data-testid={`${props.testId}-toggle`}
          onClick={() => setOpen(!open)}
        >
          {open ? table.close : table.showAll(formatCount(flags.length, lang))}
        </button>
      ) : null}
    </div>
  );
}
