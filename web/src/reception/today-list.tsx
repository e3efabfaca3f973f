import { useCallback, useEffect, useState } from "preact/hooks";
import { getTodayCheckins, postRecheck } from "#web/api/checkins";
import { messagesOf } from "#web/api/client";
import type { CheckinAnswerView } from "#web/api/schemas";
import { formatClock } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { METHOD_TEXTS } from "#web/ui/status-text";
import { StatusBadge } from "../ui/status-badge.tsx";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

type Message = { tone: "ok" | "error"; text: { vi: string; en: string } } | null;

/** Today's check-ins of this facility, newest first, with the pending ones and a re-check button. */
export function TodayList({ token, version }: { token: string; version: number }) {
  const lang = useLang();
  const t = useTexts(RECEPTION_TEXTS);
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
      {shown.length === 0 ? (
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
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <tr key={item.checkinId} class={item.status === "pending" ? "row-pending" : ""}>
                <td class="num" data-label={t.columns.queue}>
                  {item.queueNumber}
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
