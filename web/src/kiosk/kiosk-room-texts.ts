import type { Texts } from "#web/i18n/lang";

/** The words of the kiosk's room choice and of the room ticket it speaks. */
export const KIOSK_ROOM_TEXTS: Texts<{
  choose: string;
  chooseHint: string;
  chooseHintPaged: (pages: number) => string;
  pages: string;
  previous: string;
  next: string;
  pageOf: (page: number, pages: number) => string;
  room: (number: number, name: string) => string;
  waiting: (count: number) => string;
}> = {
  vi: {
    choose: "Chọn phòng khám",
    chooseHint: "Chạm vào phòng ông/bà muốn khám.",
    chooseHintPaged: (pages) =>
      `Chạm vào phòng ông/bà muốn khám. Các phòng chia làm ${pages} trang, theo số phòng.`,
    pages: "Các trang phòng khám",
    previous: "◀ Trang trước",
    next: "Trang sau ▶",
    pageOf: (page, pages) => `Trang ${page}/${pages}`,
    room: (number, name) => `Phòng ${number} · ${name}`,
    waiting: (count) => `${count} người đang chờ`,
  },
  en: {
    choose: "Choose an exam room",
    chooseHint: "Touch the room you want to be seen in.",
    chooseHintPaged: (pages) =>
      `Touch the room you want to be seen in. The rooms are on ${pages} pages, by number.`,
    pages: "Exam room pages",
    previous: "◀ Previous page",
    next: "Next page ▶",
    pageOf: (page, pages) => `Page ${page} of ${pages}`,
    room: (number, name) => `Room ${number} · ${name}`,
    waiting: (count) => `${count} waiting`,
  },
};

/** What the kiosk says aloud, always in Vietnamese: the room ticket as the waiting room will call it. */
export function spokenTicket(ticket: { number: number; roomNumber: number; roomName: string }): string {
  return `Số thứ tự của ông bà là số ${ticket.number}, phòng khám số ${ticket.roomNumber}, ${ticket.roomName}.`;
}
