import type { PriorityMark } from "#domain/priority";
import type { Texts } from "#web/i18n/lang";

/** The words of the room picker and the priority marks at reception. */
export const RECEPTION_ROOM_TEXTS: Texts<{
  room: string;
  roomOption: (number: number, name: string, waiting: number) => string;
  roomTicket: string;
  waitAt: (name: string) => string;
  priority: string;
  marks: Record<PriorityMark, string>;
  remove: (mark: string) => string;
  handOver: string;
  handOverLabel: (paper: string, room: string) => string;
}> = {
  vi: {
    room: "Phòng khám",
    roomOption: (number, name, waiting) => `P${number} · ${name} (${waiting} chờ)`,
    roomTicket: "Số phòng khám",
    waitAt: (name) => `Chờ tại ${name}`,
    priority: "Ưu tiên",
    marks: {
      emergency: "Cấp cứu",
      "under-6": "Trẻ dưới 6 tuổi",
      pregnant: "Phụ nữ có thai",
      disability: "Khuyết tật nặng",
      "aged-75": "Từ 75 tuổi",
      merit: "Người có công",
    },
    remove: (mark) => `Bỏ ưu tiên: ${mark}`,
    handOver: "In số phòng để đưa",
    handOverLabel: (paper, room) => `In số phòng ${room} để đổi phiếu ${paper}`,
  },
  en: {
    room: "Exam room",
    roomOption: (number, name, waiting) => `R${number} · ${name} (${waiting} waiting)`,
    roomTicket: "Room number",
    waitAt: (name) => `Waits at ${name}`,
    priority: "Priority",
    marks: {
      emergency: "Emergency",
      "under-6": "Child under 6",
      pregnant: "Pregnant",
      disability: "Severe disability",
      "aged-75": "75 or older",
      merit: "Revolutionary merit",
    },
    remove: (mark) => `Remove priority: ${mark}`,
    handOver: "Print room ticket to hand over",
    handOverLabel: (paper, room) => `Print room ticket ${room} in exchange for ${paper}`,
  },
};
