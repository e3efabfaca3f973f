import { benefitPercent } from "#domain/bhyt";
import type { Method, Status } from "#domain/types";
import { formatClock, formatDay } from "#web/i18n/format";
import type { Lang } from "#web/i18n/lang";
import { METHOD_TEXTS } from "#web/ui/status-text";
import { TICKET_TEXTS } from "./ticket-texts.ts";

/** What a ticket is made from: the fields of a check-in answer it prints (nothing personal). */
export interface TicketSource {
  /** Printed exactly as stored: a number, or an offline series such as "B-07". */
  readonly queueNumber: number | string;
  readonly facility: string;
  readonly facilityName?: string | null | undefined;
  readonly method: Method;
  readonly status: Status;
  readonly checkedInAt: string;
  readonly insurance: { readonly benefitLevel: number | null } | null;
  /** The exam room's ticket ("P3 – 012"): the number the waiting room calls, when the visit has one. */
  readonly roomTicket?: { readonly label: string; readonly roomName: string } | null | undefined;
}

/** The lines of a ticket, in print order. */
export interface TicketContent {
  readonly facility: string;
  readonly numberLabel: string;
  readonly number: string;
  /** The exam room to wait for; absent when the visit joined none. */
  readonly room?: string;
  readonly dateTime: string;
  readonly method: string;
  readonly coverage: string;
  readonly benefit: string | null;
  readonly next: string;
}

/**
 * The ticket of a check-in: facility, queue number, date and time, method and coverage in plain
 * words. It takes no name, ID number, card code, birth date or address: paper leaves the clinic.
 */
export function ticketContent(source: TicketSource, lang: Lang): TicketContent {
  const t = TICKET_TEXTS[lang];
  const percent =
    source.status === "covered" && source.insurance?.benefitLevel != null
      ? benefitPercent(source.insurance.benefitLevel)
      : null;
  return {
    facility: source.facilityName ?? t.facility(source.facility),
    numberLabel: t.number,
    number: source.roomTicket?.label ?? String(source.queueNumber),
    dateTime: `${formatDay(source.checkedInAt)} ${formatClock(source.checkedInAt)}`,
    method: `${t.method}: ${METHOD_TEXTS[lang][source.method]}`,
    coverage: t.coverage[source.status],
    benefit: percent === null ? null : t.benefit(percent),
    next: t.next[source.status],
    ...(source.roomTicket == null ? {} : { room: t.room(source.roomTicket.roomName) }),
  };
}
