import type { Status } from "#domain/types";
import type { Texts } from "#web/i18n/lang";

export const KIOSK_TEXTS: Texts<{
  hold: string;
  holdHint: string;
  cannotRead: string;
  typeInstead: string;
  keypadTitle: string;
  keypadHint: string;
  erase: string;
  clear: string;
  ok: string;
  back: string;
  sending: string;
  yourNumber: string;
  plain: Record<Status, string>;
  already: string;
  done: string;
  resetIn: (seconds: number) => string;
  notIdCard: string;
  tryAgain: string;
  offlineTitle: string;
  offlineText: string;
  askDeskTitle: string;
  askDeskText: string;
  camera: string;
  kiosk: (facility: string) => string;
}> = {
  vi: {
    hold: "Đưa mặt có mã QR của thẻ căn cước vào trước camera",
    holdHint: "Giữ yên thẻ trong khung một lát.",
    cannotRead: "Máy chưa đọc được mã trên thẻ. Giữ thẻ gần hơn, hoặc bấm nút dưới đây để nhập số.",
    typeInstead: "Không có thẻ? Bấm vào đây để nhập số căn cước",
    keypadTitle: "Nhập 12 số trên thẻ căn cước",
    keypadHint: "Số in ở mặt trước thẻ, dưới ảnh.",
    erase: "Xóa 1 số",
    clear: "Xóa hết",
    ok: "Lấy số",
    back: "Quay lại",
    sending: "Đang lấy số, xin chờ…",
    yourNumber: "Số thứ tự của ông/bà",
    plain: {
      covered: "Thẻ bảo hiểm y tế dùng được. Mời ông/bà ngồi chờ gọi số.",
      "not-covered": "Thẻ bảo hiểm y tế không dùng được hôm nay. Mời ông/bà đến quầy tiếp đón.",
      "needs-review": "Cần kiểm tra thêm giấy tờ. Mời ông/bà đến quầy tiếp đón.",
      pending: "Đã lấy số. Thẻ bảo hiểm sẽ được kiểm tra sau. Mời ông/bà ngồi chờ gọi số.",
    },
    already: "Ông/bà đã lấy số này rồi.",
    done: "Xong",
    resetIn: (seconds) => `Màn hình sẽ trở lại sau ${seconds} giây`,
    notIdCard: "Chưa đọc được thẻ căn cước.",
    tryAgain: "Thử lại",
    offlineTitle: "Mất kết nối mạng: mời ông bà đến quầy tiếp đón",
    offlineText:
      "Máy tự phục vụ tạm thời không kết nối được. Nhân viên quầy sẽ tiếp đón ông bà; màn hình này tự trở lại khi có mạng.",
    askDeskTitle: "Mời ông/bà đến quầy tiếp đón",
    askDeskText: "Máy tự phục vụ chưa tra cứu được thẻ bảo hiểm y tế. Nhân viên quầy sẽ tiếp đón ông/bà.",
    camera: "Camera đọc thẻ",
    kiosk: (facility) => `Ki-ốt tự lấy số · Cơ sở ${facility}`,
  },
  en: {
    hold: "Hold the QR code side of your ID card in front of the camera",
    holdHint: "Keep the card still inside the frame for a moment.",
    cannotRead:
      "The code on the card cannot be read. Hold it closer, or tap the button below to type the number.",
    typeInstead: "No card? Tap here to type your ID number",
    keypadTitle: "Type the 12 digits on your ID card",
    keypadHint: "The number is on the front of the card, under the photo.",
    erase: "Delete one",
    clear: "Clear",
    ok: "Get a number",
    back: "Back",
    sending: "Getting your number, please wait…",
    yourNumber: "Your queue number",
    plain: {
      covered: "Your health insurance is valid. Please take a seat and wait for your number.",
      "not-covered": "Your health insurance cannot be used today. Please go to the reception desk.",
      "needs-review": "Your papers need a check. Please go to the reception desk.",
      pending: "You have a number. Your insurance will be checked later. Please take a seat.",
    },
    already: "You already have this number.",
    done: "Done",
    resetIn: (seconds) => `The screen goes back in ${seconds} seconds`,
    notIdCard: "The ID card could not be read.",
    tryAgain: "Try again",
    offlineTitle: "Offline: please go to the reception desk",
    offlineText:
      "The kiosk cannot reach the server right now. The receptionist will check you in; this screen comes back by itself.",
    askDeskTitle: "Please go to the reception desk",
    askDeskText: "This kiosk cannot check insurance cards yet. The receptionist will check you in.",
    camera: "Card camera",
    kiosk: (facility) => `Self-service kiosk · Facility ${facility}`,
  },
};
