import type { FacilityRowView } from "#domain/report-contract";
import { waitBucketText } from "#domain/wait-times";
import type { Texts } from "#web/i18n/lang";
import type { Column } from "./sortable-table.tsx";

export const WAIT_TEXTS: Texts<{
  label: string;
  median: string;
  p90: string;
  calls: (n: number) => string;
  perRoom: string;
}> = {
  vi: {
    label: "Chờ gọi khám (phút)",
    median: "trung vị",
    p90: "90 %",
    calls: (n) => `${n} lượt gọi`,
    perRoom: "Theo phòng",
  },
  en: {
    label: "Wait to be called (min)",
    median: "median",
    p90: "90 %",
    calls: (n) => `${n} calls`,
    perRoom: "Per room",
  },
};

type WaitTexts = (typeof WAIT_TEXTS)["vi"];

/**
 * The ranking's wait column: check-in to first call over the period, the median and the 90th
 * percentile as the minute buckets they lie in ("10–15"); a dash where no one was called. A
 * facility with calls opens its waits per room.
 */
export function waitColumn(
  texts: WaitTexts,
  onRooms: (row: FacilityRowView) => void,
): Column<FacilityRowView> {
  return {
    key: "waits",
    label: texts.label,
    numeric: true,
    sortValue: (row) => row.waits.median?.from ?? -1,
    render: (row) =>
      row.waits.median === null ? (
        <span class="muted">—</span>
      ) : (
        <>
          <span class="waits" title={texts.calls(row.waits.calls)} data-waits={row.waits.calls}>
            <span class="wait-median">
              {texts.median} {waitBucketText(row.waits.median)}
            </span>{" "}
            <span class="wait-p90">
              {texts.p90} {waitBucketText(row.waits.p90)}
            </span>
          </span>{" "}
          <button type="button" class="wait-rooms" onClick={() => onRooms(row)}>
            {texts.perRoom}
          </button>
        </>
      ),
  };
}
