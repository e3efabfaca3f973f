import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { foldText } from "#domain/names";
import { formatCount } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { matcherOf } from "./search.ts";
import { TABLE_TEXTS } from "./table-texts.ts";

export interface Column<Row> {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
  readonly sortValue: (row: Row) => number | string;
  readonly render: (row: Row) => ComponentChildren;
}

type Sort = { key: string; descending: boolean };

function compare(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "vi");
}

/**
 * A table whose column headers sort it (again to reverse); rows keep a class for highlighting.
 * On a narrow screen it scrolls sideways inside its card, the first column staying in view.
 * With `pageSize` it shows one page at a time (a national ranking has 12,851 rows: sorting and
 * searching run over all of them, drawing only over a page); with `searchText` a search box
 * narrows the rows to those whose text holds every word typed, tones and case aside.
 */
export function SortableTable<Row>(props: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowClass: (row: Row) => string;
  initial: Sort;
  testId: string;
  pageSize?: number;
  searchText?: (row: Row) => string;
}) {
  const t = useTexts(TABLE_TEXTS);
  const lang = useLang();
  const [sort, setSort] = useState<Sort>(props.initial);
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(0);
  const { rows: input, columns, searchText } = props;
  const column = columns.find((candidate) => candidate.key === sort.key);
  const sorted = useMemo(() => {
    if (column === undefined) return input;
    // Sort keys once per row, not once per comparison: a national list sorts in a few milliseconds.
    const keyed = input.map((row, index) => ({ row, index, key: column.sortValue(row) }));
    keyed.sort((a, b) => {
      const order = compare(a.key, b.key);
      return (sort.descending ? -order : order) || a.index - b.index;
    });
    return keyed.map((entry) => entry.row);
  }, [input, column, sort.descending]);
  const folded = useMemo(
    () => (searchText === undefined ? null : new Map(input.map((row) => [row, foldText(searchText(row))]))),
    [input, searchText],
  );
  const matching = useMemo(() => {
    if (folded === null || query.trim() === "") return sorted;
    const matches = matcherOf(query);
    return sorted.filter((row) => matches(folded.get(row) ?? ""));
  }, [sorted, folded, query]);
  // A new list (another period, province or filter), a new order or a new search starts at the first page.
  useEffect(() => setPage(0), [input, query, sort]);
  const size = props.pageSize ?? Math.max(1, matching.length);
  const pages = Math.max(1, Math.ceil(matching.length / size));
  const current = Math.min(page, pages - 1);
  const shown =
    props.pageSize === undefined ? matching : matching.slice(current * size, (current + 1) * size);
  const count = (value: number) => formatCount(value, lang);
  return (
    <div class="sortable" data-testid={`${props.testId}-box`}>
      {searchText === undefined ? null : (
        <label class="table-search">
          {t.search}
          <input
            type="search"
            value={query}
            placeholder={t.searchHint}
            data-testid={`${props.testId}-search`}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
        </label>
      )}
      <div class="table-scroll">
        <table class="table ranking" data-testid={props.testId}>
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              {columns.map((entry) => {
                const active = entry.key === sort.key;
                return (
                  <th
                    key={entry.key}
                    scope="col"
                    class={entry.numeric === true ? "num" : ""}
                    aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}
                  >
                    <button
                      type="button"
                      class="sort"
                      data-column={entry.key}
                      onClick={() =>
                        setSort({
                          key: entry.key,
                          descending: active ? !sort.descending : entry.numeric === true,
                        })
                      }
                    >
                      {entry.label}
                      <span aria-hidden="true">{active ? (sort.descending ? " ▼" : " ▲") : " ↕"}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={props.rowKey(row)} class={props.rowClass(row)}>
                {columns.map((entry) => (
                  <td key={entry.key} class={entry.numeric === true ? "num" : ""} data-column={entry.key}>
                    {entry.render(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matching.length === 0 && input.length > 0 ? <p class="muted">{t.noMatch}</p> : null}
      {props.pageSize === undefined ? null : (
        <nav class="pager" aria-label={props.caption} data-testid={`${props.testId}-pager`}>
          <span class="pager-count" data-testid={`${props.testId}-count`}>
            {matching.length === 0
              ? t.shown("0", "0", "0")
              : t.shown(
                  count(current * size + 1),
                  count(current * size + shown.length),
                  count(matching.length),
                )}
          </span>
          <span class="spacer" />
          <button type="button" disabled={current === 0} onClick={() => setPage(0)} aria-label={t.first}>
            «
          </button>
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            {t.previous}
          </button>
          <span class="pager-page">{t.page(count(current + 1), count(pages))}</span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            {t.next}
          </button>
          <button
            type="button"
            disabled={current >= pages - 1}
            onClick={() => setPage(pages - 1)}
            aria-label={t.last}
          >
            »
          </button>
        </nav>
      )}
    </div>
  );
}
