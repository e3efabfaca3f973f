import type { Lang } from "#web/i18n/lang";
import { type TicketSource, ticketContent } from "./ticket-content.ts";
import "../styles/ticket.css";

const TICKET_ID = "print-ticket";

function line(className: string, text: string): HTMLElement {
  const element = document.createElement("p");
  element.className = className;
  // Text, never markup: a facility name is data.
  element.textContent = text;
  return element;
}

/**
 * Puts the ticket of a check-in in the page (shown only in print, by ticket.css) and opens the
 * browser's printing: the print dialog at a counter, a silent print on a kiosk started with
 * Chrome's --kiosk-printing.
 */
export function printTicket(source: TicketSource, lang: Lang): void {
  const content = ticketContent(source, lang);
  let ticket = document.getElementById(TICKET_ID);
  if (ticket === null) {
    ticket = document.createElement("section");
    ticket.id = TICKET_ID;
    ticket.className = "ticket";
    ticket.setAttribute("aria-hidden", "true");
    document.body.append(ticket);
  }
  ticket.replaceChildren(
    line("ticket-facility", content.facility),
    line("ticket-label", content.numberLabel),
    line("ticket-number", content.number),
    ...(content.room === undefined ? [] : [line("ticket-room", content.room)]),
    line("ticket-time", content.dateTime),
    line("ticket-coverage", content.coverage),
    ...(content.benefit === null ? [] : [line("ticket-benefit", content.benefit)]),
    line("ticket-next", content.next),
    line("ticket-method", content.method),
  );
  window.print();
}
