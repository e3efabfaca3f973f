import { useCallback, useEffect, useState } from "preact/hooks";
import { getTodayCheckins, postRecheck } from "#web/api/checkins";
import { ApiError, messagesOf } from "#web/api/client";
import type { CheckinAnswerView } from "#web/api/schemas";
import { formatClock } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { localAnswer } from "#web/outbox/offline-checkin";
import type { OutboxItem } from "#web/outbox/outbox-records";
import { OUTBOX_TEXTS } from "#web/outbox/outbox-texts";
import { labelOf } from "#web/ticket/ticket-label";
import { METHOD_TEXTS } from "#web/ui/status-text";
import { StatusBadge } from "../ui/status-badge.tsx";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

type Message = { tone: "ok" | "error"; text: { vi: string; en: string } } | null;

/** The outbox as the day's list shows it: each item's state, and "send again" for one that needs attention. */
export interface OutboxRows {
  readonly items: readonly OutboxItem[];
  readonly sendingKey: string | null;
  readonly onRetry: (key: string) => void;
}

/** Today's check-ins of this facility, newest first, with the pending ones and a re-check button. */
export function TodayList({
  token,
  version,
  outbox = null,
}: {
  token: string;
  version: number;
  outbox?: OutboxRows | null;
}) {
  const lang = useLang();
  const t = useTexts(RECEPTION_TEXTS);
  const o = useTexts(OUTBOX_TEXTS);
  const methods = useTexts(METHOD_TEXTS);
  const [items, setItems] = useState<CheckinAnswerView[]>([]);
  const [onlyPending, setOnlyPending] = useState(false);
  const [rechecking, setRechecking] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [reloads, setReloads] = useState(0);

  const [nextCursor, setNextCursor] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await getTodayCheckins(token);
      setItems(page.items);
      setNextCursor(page.nextCursor);
    } catch (error) {
      // Offline the banner says so; the list keeps what it last read.
      if (error instanceof ApiError && error.status === 0) return;
      setMessage({ tone: "error", text: messagesOf(error) });
    }
  }, [token]);

  const loadMore = async () => {
    if (nextCursor === null) return;
    try {
      const page = await getTodayCheckins(token, nextCursor);
      setItems((current) => [...current, ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (error) {
      setMessage({ tone: "error", text: messagesOf(error) });
    }
  };

  useEffect(() => {
    void load();
  }, [load, version, reloads]);

  const recheck = async () => {
    setRechecking(true);
    try {
      const summary = await postRecheck(token);
      const texts = {
        vi: RECEPTION_TEXTS.vi.recheckDone(summary.checked, summary.settled, summary.stillPending),
        en: RECEPTION_TEXTS.en.recheckDone(summary.checked, summary.settled, summary.stillPending),
      };
      setMessage({ tone: "ok", text: texts });
      setReloads((n) => n + 1);
    } catch (error) {
      setMessage({ tone: "error", text: messagesOf(error) });
    } finally {
      setRechecking(false);
    }
  };

  const pending = items.filter((item) => item.status === "pending").length;
  const shown = onlyPending ? items.filter((item) => item.status === "pending") : items;
  // Items not on the server yet come first, newest first; delivered ones mark their server row.
  const unsent = (outbox?.items ?? [])
    .filter((item) => item.state !== "done")
    .slice()
    .reverse();
  const deliveredBy = new Map(
    (outbox?.items ?? []).flatMap((item) =>
      item.delivered === null ? [] : [[item.delivered.checkinId, item] as const],
    ),
  );
  const syncCell = (item: OutboxItem | undefined) => {
    if (item === undefined) return null;
    const state = item.state === "waiting" && outbox?.sendingKey === item.key ? "sending" : item.state;
    const printed =
      item.offlineQueue === null
        ? null
        : labelOf({ queueNumber: item.offlineQueue.number, queueSeries: item.offlineQueue.series });
    const stored = item.delivered === null ? null : labelOf(item.delivered);
    return (
      <span class={`sync sync-${state}`} data-testid="sync-state" data-state={state}>
        {o.states[state]}
        {item.state === "waiting" && item.attempts > 0 ? ` · ${o.attempts(item.attempts)}` : null}
        {item.delivered?.timeFlag != null ? ` · ${o.clockFlag}` : null}
        {printed !== null && stored !== null && printed !== stored ? ` · ${o.renumbered(printed)}` : null}
        {item.state === "attention" && item.problem !== null ? (
          <span class="sync-problem" data-testid="sync-problem">
            {" "}
            {lang === "vi" ? item.problem.vi : item.problem.en}{" "}
            <button type="button" onClick={() => outbox?.onRetry(item.key)}>
              {o.retry}
            </button>
          </span>
        ) : null}
      </span>
    );
  };

  return (
    <section class="panel today" aria-labelledby="today-title">
      <header class="today-head">
        <h2 id="today-title">{t.today}</h2>
        <p class="muted" data-testid="today-count">
          {t.todayCount(nextCursor === null ? String(items.length) : `${items.length}+`, pending)}
        </p>
        <label class="check">
          <input
            type="checkbox"
            checked={onlyPending}
            onChange={(event) => setOnlyPending(event.currentTarget.checked)}
          />
          {t.onlyPending}
        </label>
        <button type="button" onClick={() => setReloads((n) => n + 1)}>
          {t.refresh}
        </button>
        <button type="button" class="primary" onClick={recheck} disabled={rechecking}>
          {rechecking ? t.rechecking : t.recheck}
        </button>
      </header>
      {message === null ? null : (
        <p class={message.tone === "ok" ? "notice notice-ok" : "notice notice-error"} role="status">
          {message.text[lang]}
        </p>
      )}
      {shown.length === 0 && unsent.length === 0 ? (
        <p class="muted">{t.empty}</p>
      ) : (
        <table class="table table-stack" data-testid="today-table">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t.columns.queue}
              </th>
              <th scope="col">{t.columns.time}</th>
              <th scope="col">{t.columns.name}</th>
              <th scope="col">{t.columns.id}</th>
              <th scope="col">{t.columns.method}</th>
              <th scope="col">{t.columns.status}</th>
              <th scope="col">{o.syncColumn}</th>
            </tr>
          </thead>
          <tbody>
            {unsent.map((item) => {
              const answer = localAnswer(item, null, false);
              return (
                <tr key={item.key} class="row-unsent" data-testid="outbox-row" data-state={item.state}>
                  <td class="num" data-label={t.columns.queue} data-testid="row-ticket">
                    {labelOf(answer)}
                  </td>
                  <td data-label={t.columns.time}>{formatClock(answer.checkedInAt)}</td>
                  <td data-label={t.columns.name}>{answer.patient.name ?? t.unknownName}</td>
                  <td class="mono" data-label={t.columns.id}>
                    {answer.patient.idNumber ?? "—"}
                  </td>
                  <td data-label={t.columns.method}>{methods[answer.method]}</td>
                  <td data-label={t.columns.status}>
                    <StatusBadge status="pending" />
                  </td>
                  <td data-label={o.syncColumn}>{syncCell(item)}</td>
                </tr>
              );
            })}
            {shown.map((item) => (
              <tr
                key={item.checkinId}
                class={item.status === "pending" ? "row-pending" : ""}
                data-testid="server-row"
                data-checkin={item.checkinId}
              >
                <td class="num" data-label={t.columns.queue} data-testid="row-ticket">
                  {labelOf(item)}
                </td>
                <td data-label={t.columns.time}>{formatClock(item.checkedInAt)}</td>
                <td data-label={t.columns.name}>{item.patient.name ?? t.unknownName}</td>
                <td class="mono" data-label={t.columns.id}>
                  {item.patient.idNumber ?? item.insurance?.cardCode ?? "—"}
                </td>
                <td data-label={t.columns.method}>{methods[item.method]}</td>
                <td data-label={t.columns.status}>
                  <StatusBadge status={item.status} />
                </td>
                <td data-label={o.syncColumn}>{syncCell(deliveredBy.get(item.checkinId))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor === null ? null : (
        <button type="button" class="load-more" onClick={loadMore}>
          {t.loadMore}
        </button>
      )}
    </section>
  );
}
