import { useEffect, useRef, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { RoomWaitReport } from "#domain/room-wait-contract";
import { waitBucketText } from "#domain/wait-times";
import { messagesOf } from "#web/api/client";
import { formatCount } from "#web/i18n/format";
import { type Texts, useLang, useTexts } from "#web/i18n/lang";
import { CsvButton } from "./csv-button.tsx";
import { downloadRoomWaitsCsv, fetchRoomWaits } from "./report-api.ts";

const ROOM_WAIT_TEXTS: Texts<{
  title: (name: string) => string;
  room: string;
  calls: string;
  median: string;
  p90: string;
  close: string;
  loading: string;
  none: string;
}> = {
  vi: {
    title: (name) => `Thời gian chờ gọi khám theo phòng: ${name}`,
    room: "Phòng",
    calls: "Lượt gọi",
    median: "Trung vị (phút)",
    p90: "90 % (phút)",
    close: "Đóng",
    loading: "Đang tải…",
    none: "Chưa có lượt gọi nào trong khoảng thời gian này.",
  },
  en: {
    title: (name) => `Wait to be called per room: ${name}`,
    room: "Room",
    calls: "Calls",
    median: "Median (min)",
    p90: "90 % (min)",
    close: "Close",
    loading: "Loading…",
    none: "No calls in this period.",
  },
};

type Loaded =
  | { kind: "loading" }
  | { kind: "ready"; report: RoomWaitReport }
  | { kind: "failed"; messages: Bilingual };

/** One facility's waits per exam room over the period, opened from its row of the ranking, with its CSV. */
export function RoomWaitsPanel(props: {
  token: string;
  facility: { code: string; name: string };
  period: { from: string; to: string };
  onClose: () => void;
}) {
  const lang = useLang();
  const t = useTexts(ROOM_WAIT_TEXTS);
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from a row far down the ranking: bring the rooms into view and to the keyboard.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: "start" });
    heading.current?.focus();
  }, [props.facility.code]);
  const query = { facility: props.facility.code, from: props.period.from, to: props.period.to };
  useEffect(() => {
    let live = true;
    setLoaded({ kind: "loading" });
    fetchRoomWaits(props.token, query).then(
      (report) => live && setLoaded({ kind: "ready", report }),
      (error: unknown) => live && setLoaded({ kind: "failed", messages: messagesOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [props.token, query.facility, query.from, query.to]);
  return (
    <section class="panel room-waits" data-testid="room-waits" aria-live="polite">
      <header class="table-head">
        <h2 ref={heading} tabIndex={-1}>
          {t.title(props.facility.name)}
        </h2>
        <CsvButton onCsv={() => downloadRoomWaitsCsv(props.token, query)} testId="csv-room-waits" />
        <button type="button" onClick={props.onClose}>
          {t.close}
        </button>
      </header>
      {loaded.kind === "loading" ? <p class="muted">{t.loading}</p> : null}
      {loaded.kind === "failed" ? (
        <p class="notice notice-error" role="alert">
          {loaded.messages[lang]}
        </p>
      ) : null}
      {loaded.kind === "ready" && loaded.report.rooms.length === 0 ? <p class="muted">{t.none}</p> : null}
      {loaded.kind === "ready" && loaded.report.rooms.length > 0 ? (
        <div class="table-scroll">
          <table class="ranking">
            <thead>
              <tr>
                <th scope="col">{t.room}</th>
                <th scope="col" class="num">
                  {t.calls}
                </th>
                <th scope="col" class="num">
                  {t.median}
                </th>
                <th scope="col" class="num">
                  {t.p90}
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.report.rooms.map((row) => (
                <tr key={row.room} data-room={row.room}>
                  <th scope="row">{`P${row.number} · ${row.name}`}</th>
                  <td class="num" data-column="calls">
                    {formatCount(row.waits.calls, lang)}
                  </td>
                  <td class="num" data-column="median">
                    {waitBucketText(row.waits.median)}
                  </td>
                  <td class="num" data-column="p90">
                    {waitBucketText(row.waits.p90)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
