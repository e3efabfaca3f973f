import type { Texts } from "#web/i18n/lang";

export const ROOM_TEXTS: Texts<{
  title: string;
  pickRoom: string;
  room: (number: number, name: string) => string;
  closed: (reason: string | null) => string;
  callNext: string;
  calling: string;
  recall: string;
  skip: string;
  done: string;
  bringBack: string;
  current: string;
  noneCalled: string;
  waiting: (count: number) => string;
  missed: (count: number) => string;
  finished: string;
  priority: string;
  minutes: (count: number) => string;
  nobody: string;
  signOut: string;
}> = {
  vi: {
    title: "Phòng khám – gọi số",
    pickRoom: "Phòng",
    room: (number, name) => `Số ${number} · ${name}`,
    closed: (reason) => `Phòng đang đóng${reason === null ? "" : `: ${reason}`}`,
    callNext: "Gọi số tiếp theo",
    calling: "Đang gọi…",
    recall: "Gọi lại",
    skip: "Vắng mặt",
    done: "Xong",
    bringBack: "Đưa lại vào hàng",
    current: "Đang khám",
    noneCalled: "Chưa gọi ai.",
    waiting: (count) => `Đang chờ (${count})`,
    missed: (count) => `Vắng mặt (${count})`,
    finished: "Đã gọi",
    priority: "Ưu tiên",
    minutes: (count) => `${count} phút`,
    nobody: "Không có ai.",
    signOut: "Đăng xuất",
  },
  en: {
    title: "Exam room – calling",
    pickRoom: "Room",
    room: (number, name) => `No. ${number} · ${name}`,
    closed: (reason) => `The room is closed${reason === null ? "" : `: ${reason}`}`,
    callNext: "Call next",
    calling: "Calling…",
    recall: "Recall",
    skip: "No-show",
    done: "Done",
    bringBack: "Back in the queue",
    current: "In the room",
    noneCalled: "No one called yet.",
    waiting: (count) => `Waiting (${count})`,
    missed: (count) => `Missed (${count})`,
    finished: "Called",
    priority: "Priority",
    minutes: (count) => `${count} min`,
    nobody: "No one.",
    signOut: "Sign out",
  },
};
