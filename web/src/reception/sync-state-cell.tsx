import { useLang, useTexts } from "#web/i18n/lang";
import type { OutboxItem } from "#web/outbox/outbox-records";
import { OUTBOX_TEXTS } from "#web/outbox/outbox-texts";
import { labelOf } from "#web/ticket/ticket-label";

/** Where one outbox item stands (waiting, sending, needs attention, sent), with "send again" when it needs attention. */
export function SyncStateCell({
  item,
  sendingKey,
  onRetry,
}: {
  item: OutboxItem | undefined;
  sendingKey: string | null;
  onRetry: (key: string) => void;
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
        <span class="sync-problem" data-testid="sync-problem">
          {" "}
          {lang === "vi" ? item.problem.vi : item.problem.en}{" "}
          <button type="button" onClick={() => onRetry(item.key)}>
            {o.retry}
          </button>
        </span>
      ) : null}
    </span>
  );
}
