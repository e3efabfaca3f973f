import { useEffect, useState } from "preact/hooks";
import { useLang, useTexts } from "#web/i18n/lang";
import type { DeviceRecord } from "./outbox-records.ts";
import type { OutboxSnapshot } from "./outbox-state.ts";
import { OUTBOX_TEXTS } from "./outbox-texts.ts";

const DAY_MS = 86_400_000;

function formatWhen(at: number, lang: "vi" | "en"): string {
  return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    hour: "2-digit",
    minute: "2-digit",
    day: "2-digit",
    month: "2-digit",
  }).format(new Date(at));
}

/**
 * The outbox at a glance: a calm offline banner (not an error), how many wait, when the last one
 * was sent, a warning for old ones, "send now", and a new sign-in when the old one ran out.
 */
export function OutboxBanner(props: {
  snapshot: OutboxSnapshot;
  device: DeviceRecord | null;
  onSendNow: () => void;
  onSignIn: () => void;
}) {
  const lang = useLang();
  const t = useTexts(OUTBOX_TEXTS);
  const { snapshot } = props;
  const waiting = snapshot.items.filter((item) => item.state === "waiting");
  const attention = snapshot.items.filter((item) => item.state === "attention").length;
  // Read the clock again now and then: an item becomes "older than a day" while nothing else changes.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const old = waiting.filter((item) => now - Date.parse(item.scannedAt) > DAY_MS).length;
  if (!snapshot.offline && waiting.length === 0 && attention === 0 && !snapshot.signInNeeded) {
    return (
      <>
        {snapshot.lastSyncAt === null ? null : (
          <p class="muted outbox-note" data-testid="outbox-all-sent">
            {t.allSent} · {t.lastSync(formatWhen(snapshot.lastSyncAt, lang))}
          </p>
        )}
        {snapshot.persist === "refused" ? (
          <p class="muted outbox-note" data-testid="persist-refused">
            {t.persistRefused}
          </p>
        ) : null}
      </>
    );
  }
  return (
    <section
      class={`outbox-banner${snapshot.offline ? " outbox-offline" : ""}`}
      data-testid="outbox-banner"
      data-offline={snapshot.offline ? "yes" : "no"}
      aria-live="polite"
    >
      {snapshot.offline ? <p class="outbox-headline">{t.offline}</p> : null}
      <p class="outbox-figures">
        <span data-testid="outbox-waiting" data-count={waiting.length}>
          {t.waiting(waiting.length)}
        </span>
        {attention > 0 ? (
          <span class="outbox-attention" data-testid="outbox-attention" data-count={attention}>
            {t.attention(attention)}
          </span>
        ) : null}
        <span class="muted" data-testid="outbox-last-sync">
          {snapshot.lastSyncAt === null ? t.neverSynced : t.lastSync(formatWhen(snapshot.lastSyncAt, lang))}
        </span>
        {waiting.length > 0 ? (
          <button type="button" class="primary" data-testid="send-now" onClick={props.onSendNow}>
            {t.sendNow}
          </button>
        ) : null}
      </p>
      {old > 0 ? (
        <p class="notice notice-warn" data-testid="outbox-old">
          {t.old(old)}
        </p>
      ) : null}
      {snapshot.signInNeeded ? (
        <p class="notice notice-warn" data-testid="outbox-sign-in">
          {t.signIn(waiting.length)}{" "}
          <button type="button" onClick={props.onSignIn}>
            {t.signInButton}
          </button>
        </p>
      ) : null}
      {snapshot.offline && props.device === null ? <p class="muted">{t.noSeries}</p> : null}
      {snapshot.persist === "refused" ? (
        <p class="muted outbox-note" data-testid="persist-refused">
          {t.persistRefused}
        </p>
      ) : null}
    </section>
  );
}

/**
 * A new version of the page waits: it is offered only once nothing waits to be sent, so an update
 * never reloads a page that holds unsent check-ins.
 */
export function UpdateNotice(props: { apply: () => void; waiting: number }) {
  const t = useTexts(OUTBOX_TEXTS);
  if (props.waiting > 0) {
    return (
      <p class="muted outbox-note" data-testid="update-waits">
        {t.updateAfterSend(props.waiting)}
      </p>
    );
  }
  return (
    <p class="notice notice-calm outbox-note" data-testid="update-ready">
      {t.updateReady}{" "}
      <button type="button" onClick={props.apply}>
        {t.updateButton}
      </button>
    </p>
  );
}
