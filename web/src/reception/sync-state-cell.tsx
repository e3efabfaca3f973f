import { useState } from "preact/hooks";
import { DISCARD_REASONS, type DiscardReason } from "#domain/outbox-notice";
import { useLang, useTexts } from "#web/i18n/lang";
import type { OutboxItem } from "#web/outbox/outbox-records";
import { OUTBOX_TEXTS } from "#web/outbox/outbox-texts";
import { DISCARD_TEXTS } from "#web/outbox-seal/attention";
import { labelOf } from "#web/ticket/ticket-label";

/** "Discard this visit" with a reason from a short list (no free text: it would invite personal data). */
function DiscardControl({
  item,
  onDiscard,
}: {
  item: OutboxItem;
  onDiscard: (reason: DiscardReason) => void;
}) {
  const lang = useLang();
  const o = useTexts(OUTBOX_TEXTS);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<DiscardReason>(item.tampered === null ? "entered-again" : "tampered");
  if (!open) {
    return (
      <button type="button" data-testid="discard" onClick={() => setOpen(true)}>
        {o.discard}
      </button>
    );
  }
  return (
    <span class="discard-form" data-testid="discard-form">
      <label>
        {o.discardReason}{" "}
        <select
          data-testid="discard-reason"
          value={reason}
          onChange={(event) => {
            const chosen = DISCARD_REASONS.find((value) => value === event.currentTarget.value);
            if (chosen !== undefined) setReason(chosen);
          }}
        >
          {DISCARD_REASONS.map((value) => (
            <option key={value} value={value}>
              {DISCARD_TEXTS[value][lang]}
            </option>
          ))}
        </select>
      </label>{" "}
      <button type="button" data-testid="discard-confirm" onClick={() => onDiscard(reason)}>
        {o.discardConfirm}
      </button>{" "}
      <button type="button" onClick={() => setOpen(false)}>
        {o.cancel}
      </button>
    </span>
  );
}

/**
 * Where one outbox item stands (waiting, sending, needs attention, sent); one that needs attention
 * offers "send again" (unless it was altered: never sent) and "discard" with a reason.
 */
export function SyncStateCell({
  item,
  sendingKey,
  onRetry,
  onDiscard,
}: {
  item: OutboxItem | undefined;
  sendingKey: string | null;
  onRetry: (key: string) => void;
  onDiscard: (key: string, reason: DiscardReason) => void;
}) {
  const lang = useLang();
  const o = useTexts(OUTBOX_TEXTS);
  if (item === undefined) return null;
  const state = item.state === "waiting" && sendingKey === item.key ? "sending" : item.state;
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
        <span class="sync-problem" data-testid="sync-problem" data-code={item.problem.code}>
          {" "}
          {lang === "vi" ? item.problem.vi : item.problem.en}{" "}
          {item.tampered === null ? (
            <button type="button" onClick={() => onRetry(item.key)}>
              {o.retry}
            </button>
          ) : null}{" "}
          <DiscardControl item={item} onDiscard={(reason) => onDiscard(item.key, reason)} />
        </span>
      ) : null}
    </span>
  );
}
