import type { ComponentChildren } from "preact";
import type { QueueTicket } from "#domain/room-contract";
import { waitingMinutes } from "#domain/room-queue";
import { useTexts } from "#web/i18n/lang";
import { ROOM_TEXTS } from "./room-texts.ts";

/** One waiting or missed ticket: label, priority mark, name, minutes waited, and any actions. */
export function TicketRow(props: { ticket: QueueTicket; now: Date; children?: ComponentChildren }) {
  const t = useTexts(ROOM_TEXTS);
  const { ticket } = props;
  return (
    <li class="room-ticket" data-number={ticket.number}>
      <span class="room-ticket-label">{ticket.label}</span>
      {ticket.priority ? <span class="room-mark">{t.priority}</span> : null}
      <span class="room-ticket-name">{ticket.name ?? ""}</span>
      <span class="room-ticket-wait">{t.minutes(waitingMinutes(ticket.arrivedAt, props.now))}</span>
      {props.children}
    </li>
  );
}
