import type { Texts } from "#web/i18n/lang";

export const DISPLAY_TEXTS: Texts<{
  title: string;
  room: (number: number) => string;
  nowCalling: string;
  nobodyYet: string;
  recent: string;
  recall: string;
  live: string;
  reconnecting: string;
  soundOn: string;
  soundHint: string;
  noVoice: string;
  wrongFacility: (asked: string, own: string) => string;
  noFacility: string;
}> = {
  vi: {
    title: "Mời người bệnh theo số",
    room: (number) => `Phòng khám số ${number}`,
    nowCalling: "Đang gọi",
    nobodyYet: "Chưa gọi",
    recent: "Vừa gọi",
    recall: "gọi lại",
    live: "Đang kết nối",
    reconnecting: "Mất kết nối – đang kết nối lại…",
    soundOn: "Bật âm thanh",
    soundHint: "Chạm một lần để màn hình được phát tiếng gọi số.",
    noVoice: "Máy này không có giọng đọc tiếng Việt: chỉ phát chuông.",
    wrongFacility: (asked, own) => `Màn hình này thuộc cơ sở ${own}, không hiển thị được cơ sở ${asked}.`,
    noFacility: "Thiếu mã cơ sở trong địa chỉ (…/display?facility=…).",
  },
  en: {
    title: "Patients are called by number",
    room: (number) => `Exam room ${number}`,
    nowCalling: "Now calling",
    nobodyYet: "No call yet",
    recent: "Just called",
    recall: "recall",
    live: "Connected",
    reconnecting: "Connection lost – reconnecting…",
    soundOn: "Turn sound on",
    soundHint: "Tap once so the screen may play the calls aloud.",
    noVoice: "No Vietnamese voice on this device: chime only.",
    wrongFacility: (asked, own) =>
      `This screen belongs to facility ${own}; it cannot show facility ${asked}.`,
    noFacility: "The address lacks the facility code (…/display?facility=…).",
  },
};
