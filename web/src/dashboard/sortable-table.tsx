import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

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
 */
export function SortableTable<Row>(props: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowClass: (row: Row) => string;
  initial: Sort;
  testId: string;
}) {
  const [sort, setSort] = useState<Sort>(props.initial);
  const column = props.columns.find((candidate) => candidate.key === sort.key);
  const rows =
    column === undefined
      ? props.rows
      : [...props.rows].sort((a, b) => {
          const order = compare(column.sortValue(a), column.sortValue(b));
          return sort.descending ? -order : order;
        });
  return (
    <div class="table-scroll">
      <table class="table ranking" data-testid={props.testId}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((entry) => {
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
          {rows.map((row) => (
            <tr key={props.rowKey(row)} class={props.rowClass(row)}>
              {props.columns.map((entry) => (
                <td key={entry.key} class={entry.numeric === true ? "num" : ""} data-column={entry.key}>
                  {entry.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
