import { useState } from "preact/hooks";
import { useLang, useTexts } from "#web/i18n/lang";
import { RECEPTION_TEXTS } from "./reception-texts.ts";
import { type OutboxRows, TodayTable } from "./today-table.tsx";
import { useTodayCheckins } from "./use-today-checkins.ts";

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
  const today = useTodayCheckins(token, version);
  const [onlyPending, setOnlyPending] = useState(false);
  const { items, message, nextCursor } = today;

  const pending = items.filter((item) => item.status === "pending").length;
  const shown = onlyPending ? items.filter((item) => item.status === "pending") : items;
  // Items not on the server yet come first, newest first.
  const unsent = (outbox?.items ?? [])
    .filter((item) => item.state !== "done")
    .slice()
    .reverse();

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
        <button type="button" onClick={today.refresh}>
          {t.refresh}
        </button>
        <button type="button" class="primary" onClick={today.recheck} disabled={today.rechecking}>
          {today.rechecking ? t.rechecking : t.recheck}
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
        <TodayTable unsent={unsent} shown={shown} outbox={outbox} />
      )}
      {nextCursor === null ? null : (
        <button type="button" class="load-more" onClick={today.loadMore}>
          {t.loadMore}
        </button>
      )}
    </section>
  );
}
