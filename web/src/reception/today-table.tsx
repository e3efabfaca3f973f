import type { DiscardReason } from "#domain/outbox-notice";
import type { CheckinAnswerView } from "#web/api/schemas";
import { formatClock } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { localAnswer } from "#web/outbox/offline-checkin";
import type { OutboxItem } from "#web/outbox/outbox-records";
import { OUTBOX_TEXTS } from "#web/outbox/outbox-texts";
import { printTicket } from "#web/ticket/print-ticket";
import { labelOf } from "#web/ticket/ticket-label";
import { METHOD_TEXTS } from "#web/ui/status-text";
import { StatusBadge } from "../ui/status-badge.tsx";
import { RECEPTION_TEXTS } from "./reception-texts.ts";
import { RECEPTION_ROOM_TEXTS } from "./room-texts.ts";
import { SyncStateCell } from "./sync-state-cell.tsx";
import { Xml0Word } from "./xml0-word.tsx";

/** The outbox as the day's list shows it: each item's state, and "send again" for one that needs attention. */
export interface OutboxRows {
  readonly items: readonly OutboxItem[];
  readonly sendingKey: string | null;
  readonly onRetry: (key: string) => void;
  readonly onDiscard: (key: string, reason: DiscardReason) => void;
}

/** A check-in still in the outbox, drawn as the server will list it. */
function UnsentRow({ item, outbox }: { item: OutboxItem; outbox: OutboxRows | null }) {
  const t = useTexts(RECEPTION_TEXTS);
  const o = useTexts(OUTBOX_TEXTS);
  const methods = useTexts(METHOD_TEXTS);
  const answer = localAnswer(item, null, false);
  return (
    <tr class="row-unsent" data-testid="outbox-row" data-state={item.state}>
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
      <td data-label={o.syncColumn}>
        <SyncStateCell
          item={item}
          sendingKey={outbox?.sendingKey ?? null}
          onRetry={(key) => outbox?.onRetry(key)}
          onDiscard={(key, reason) => outbox?.onDiscard(key, reason)}
        />
      </td>
    </tr>
  );
}

/**
 * The visit's room ticket as the room calls it, with its priority marks and why (reception only).
 * A ticket printed offline ("B-07") got its room number only when it was delivered: the row then
 * offers to print the room ticket to hand over, since the waiting room calls that number.
 */
function RoomTicketCell({ item, handOver }: { item: CheckinAnswerView; handOver: boolean }) {
  const r = useTexts(RECEPTION_ROOM_TEXTS);
  const lang = useLang();
  const ticket = item.roomTicket;
  if (ticket === null) return null;
  return (
    <div class="row-room-ticket" data-testid="row-room-ticket">
      <span>{ticket.label}</span>
      {handOver ? (
        <button
          type="button"
          class="hand-over"
          data-testid="hand-over"
          aria-label={r.handOverLabel(labelOf(item), ticket.label)}
          onClick={() => printTicket({ ...item, queueNumber: labelOf(item) }, lang)}
        >
          🖨 {r.handOver}
        </button>
      ) : null}
      {ticket.priority ? (
        <span class="tag tag-warn" data-testid="row-priority">
          {r.priority}: {ticket.marks.map((mark) => r.marks[mark]).join(", ")}
        </span>
      ) : null}
    </div>
  );
}

/** A check-in the server holds, with the outbox item that delivered it, if any. */
function ServerRow({
  item,
  sent,
  outbox,
}: {
  item: CheckinAnswerView;
  sent: OutboxItem | undefined;
  outbox: OutboxRows | null;
}) {
  const t = useTexts(RECEPTION_TEXTS);
  const o = useTexts(OUTBOX_TEXTS);
  const methods = useTexts(METHOD_TEXTS);
  return (
    <tr
      class={item.status === "pending" ? "row-pending" : ""}
      data-testid="server-row"
      data-checkin={item.checkinId}
    >
      <td class="num" data-label={t.columns.queue} data-testid="row-ticket">
        {labelOf(item)}
        <RoomTicketCell item={item} handOver={sent !== undefined && item.queueSeries !== null} />
      </td>
      <td data-label={t.columns.time}>{formatClock(item.checkedInAt)}</td>
      <td data-label={t.columns.name}>{item.patient.name ?? t.unknownName}</td>
      <td class="mono" data-label={t.columns.id}>
        {item.patient.idNumber ?? item.insurance?.cardCode ?? "—"}
      </td>
      <td data-label={t.columns.method}>{methods[item.method]}</td>
      <td data-label={t.columns.status}>
        <StatusBadge status={item.status} />
        <Xml0Word status={item.xml0} />
      </td>
      <td data-label={o.syncColumn}>
        <SyncStateCell
          item={sent}
          sendingKey={outbox?.sendingKey ?? null}
          onRetry={(key) => outbox?.onRetry(key)}
          onDiscard={(key, reason) => outbox?.onDiscard(key, reason)}
        />
      </td>
    </tr>
  );
}

/** The day's table: check-ins not on the server yet first, newest first, then the server's rows. */
export function TodayTable({
  unsent,
  shown,
  outbox,
}: {
  unsent: readonly OutboxItem[];
  shown: readonly CheckinAnswerView[];
  outbox: OutboxRows | null;
}) {
  const t = useTexts(RECEPTION_TEXTS);
  const o = useTexts(OUTBOX_TEXTS);
  // Delivered items mark their server row.
  const deliveredBy = new Map(
    (outbox?.items ?? []).flatMap((item) =>
      item.delivered === null ? [] : [[item.delivered.checkinId, item] as const],
    ),
  );
  return (
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
        {unsent.map((item) => (
          <UnsentRow key={item.key} item={item} outbox={outbox} />
        ))}
        {shown.map((item) => (
          <ServerRow
            key={item.checkinId}
            item={item}
            sent={deliveredBy.get(item.checkinId)}
            outbox={outbox}
          />
        ))}
      </tbody>
    </table>
  );
}
