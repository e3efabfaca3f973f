import type { Method, Status } from "#domain/types";
import type { Texts } from "#web/i18n/lang";

/** Each status in words, with a symbol, so colour is never the only signal. */
export const STATUS_TEXTS: Texts<Record<Status, { label: string; icon: string }>> = {
  vi: {
    covered: { label: "Được hưởng BHYT", icon: "✓" },
    "not-covered": { label: "Không được hưởng BHYT", icon: "✕" },
    "needs-review": { label: "Cần kiểm tra", icon: "!" },
    pending: { label: "Chờ kiểm tra thẻ", icon: "…" },
  },
  en: {
    covered: { label: "Covered", icon: "✓" },
    "not-covered": { label: "Not covered", icon: "✕" },
    "needs-review": { label: "Needs review", icon: "!" },
    pending: { label: "Check pending", icon: "…" },
  },
};

export const METHOD_TEXTS: Texts<Record<Method, string>> = {
  vi: { "qr-cccd": "QR căn cước", "qr-vneid": "QR VNeID", "manual-id": "Nhập số", "bhyt-card": "Thẻ BHYT" },
  en: { "qr-cccd": "ID card QR", "qr-vneid": "VNeID QR", "manual-id": "Typed ID", "bhyt-card": "BHYT card" },
};
