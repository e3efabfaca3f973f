import type { Texts } from "#web/i18n/lang";

/** The words of the offline banner and the outbox's states, in both languages. */
export const OUTBOX_TEXTS: Texts<{
  offline: string;
  online: string;
  waiting: (count: number) => string;
  attention: (count: number) => string;
  lastSync: (when: string) => string;
  neverSynced: string;
  allSent: string;
  sendNow: string;
  old: (count: number) => string;
  signIn: (count: number) => string;
  signInButton: string;
  persistRefused: string;
  noSeries: string;
  notSent: string;
  states: { waiting: string; sending: string; attention: string; done: string };
  attempts: (count: number) => string;
  retry: string;
  syncColumn: string;
  clockFlag: string;
  renumbered: (printed: string) => string;
  updateReady: string;
  updateButton: string;
  updateAfterSend: (count: number) => string;
  discard: string;
  discardReason: string;
  discardConfirm: string;
  cancel: string;
  signOutWarn: (count: number) => string;
  signOutAnyway: string;
  stay: string;
}> = {
  vi: {
    offline: "Đang mất mạng. Cứ tiếp đón bình thường: các lượt được lưu trên máy này và tự gửi khi có mạng.",
    online: "Đã có mạng trở lại.",
    waiting: (n) => `${n} lượt chờ gửi`,
    attention: (n) => `${n} lượt cần xử lý`,
    lastSync: (when) => `Gửi được lần cuối: ${when}`,
    neverSynced: "Chưa gửi lượt nào từ máy này",
    allSent: "Mọi lượt tiếp đón ngoại tuyến đã được gửi",
    sendNow: "Gửi ngay",
    old: (n) =>
      `${n} lượt đã chờ hơn một ngày. Hãy kiểm tra mạng: sau 72 giờ lượt tiếp đón được tính vào ngày gửi.`,
    signIn: (n) =>
      `Phiên đăng nhập đã hết hạn. Đăng nhập lại để gửi ${n} lượt đang chờ (không lượt nào bị mất).`,
    signInButton: "Đăng nhập lại",
    persistRefused:
      "Trình duyệt chưa hứa giữ dữ liệu của trang: đừng xoá dữ liệu duyệt web khi còn lượt chờ gửi.",
    noSeries: "Máy này chưa có dãy số ngoại tuyến: phiếu sẽ có số khi có mạng.",
    notSent: "Chưa gửi: lượt này được lưu trên máy và sẽ tự gửi khi có mạng. Bảo hiểm được kiểm tra sau.",
    states: { waiting: "Chờ gửi", sending: "Đang gửi", attention: "Cần xử lý", done: "Đã gửi" },
    attempts: (n) => `đã thử ${n} lần`,
    retry: "Gửi lại",
    syncColumn: "Gửi",
    clockFlag: "giờ máy sai, tính vào lúc gửi",
    renumbered: (printed) => `phiếu in ${printed}`,
    updateReady: "Đã có phiên bản mới của trang.",
    updateButton: "Cập nhật",
    updateAfterSend: (n) => `Có phiên bản mới: trang sẽ cập nhật sau khi gửi xong ${n} lượt đang chờ.`,
    discard: "Bỏ lượt này",
    discardReason: "Lý do",
    discardConfirm: "Bỏ",
    cancel: "Thôi",
    signOutWarn: (n) =>
      `Còn ${n} lượt tiếp đón chưa gửi trên máy này. Nếu đăng xuất, chúng chỉ được gửi khi một tài khoản của cơ sở này đăng nhập lại trên máy này.`,
    signOutAnyway: "Vẫn đăng xuất",
    stay: "Ở lại để gửi",
  },
  en: {
    offline:
      "No network. Keep checking patients in: visits are kept on this computer and sent by themselves when the network is back.",
    online: "The network is back.",
    waiting: (n) => `${n} waiting to be sent`,
    attention: (n) => `${n} need attention`,
    lastSync: (when) => `Last sent: ${when}`,
    neverSynced: "Nothing sent from this computer yet",
    allSent: "Every offline check-in has been sent",
    sendNow: "Send now",
    old: (n) =>
      `${n} have waited more than a day. Check the network: after 72 hours a visit is counted on the day it arrives.`,
    signIn: (n) => `The sign-in has expired. Sign in again to send the ${n} waiting (none is lost).`,
    signInButton: "Sign in again",
    persistRefused:
      "The browser has not promised to keep this page's data: do not clear browsing data while visits wait.",
    noSeries: "This computer has no offline number series yet: tickets get a number once online.",
    notSent:
      "Not sent yet: kept on this computer and sent when the network is back. Insurance is checked then.",
    states: { waiting: "Waiting", sending: "Sending", attention: "Needs attention", done: "Sent" },
    attempts: (n) => `${n} attempts`,
    retry: "Send again",
    syncColumn: "Sent",
    clockFlag: "device clock wrong, counted on arrival",
    renumbered: (printed) => `ticket printed ${printed}`,
    updateReady: "A new version of the page is ready.",
    updateButton: "Update",
    updateAfterSend: (n) => `A new version is ready: the page updates once the ${n} waiting are sent.`,
    discard: "Discard this visit",
    discardReason: "Reason",
    discardConfirm: "Discard",
    cancel: "Cancel",
    signOutWarn: (n) =>
      `${n} check-ins on this computer are not sent yet. After signing out they are sent only when an account of this facility signs in again on this computer.`,
    signOutAnyway: "Sign out anyway",
    stay: "Stay and send",
  },
};
