/** Why the camera could not start, in words a receptionist can act on. */
import type { Bilingual } from "#domain/errors";

export type CameraProblem = "insecure" | "unsupported" | "denied" | "not-found" | "busy" | "other";

export const CAMERA_PROBLEMS: Readonly<Record<CameraProblem, Bilingual>> = {
  insecure: {
    vi: "Trình duyệt chỉ cho dùng camera trên trang an toàn (https). Hãy mở trang bằng địa chỉ https.",
    en: "The browser allows the camera only on a secure page (https). Open the page over https.",
  },
  unsupported: {
    vi: "Trình duyệt này không hỗ trợ camera. Hãy dùng máy quét hoặc nhập số.",
    en: "This browser cannot use a camera. Use the scanner or type the number.",
  },
  denied: {
    vi: "Camera bị chặn. Bấm biểu tượng ổ khóa trên thanh địa chỉ, cho phép Camera rồi tải lại trang.",
    en: "Camera access is blocked. Click the padlock in the address bar, allow Camera, then reload.",
  },
  "not-found": {
    vi: "Không tìm thấy camera. Kiểm tra dây cắm camera, hoặc dùng máy quét / nhập số.",
    en: "No camera found. Check the camera cable, or use the scanner / type the number.",
  },
  busy: {
    vi: "Camera đang được chương trình khác dùng (Zalo, Zoom…). Đóng chương trình đó rồi thử lại.",
    en: "The camera is in use by another program (Zalo, Zoom…). Close it and try again.",
  },
  other: {
    vi: "Không mở được camera. Thử lại, hoặc dùng máy quét / nhập số.",
    en: "The camera could not be opened. Try again, or use the scanner / type the number.",
  },
};

/** Sorts a getUserMedia failure into one of the problems above. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "OverconstrainedError":
      return "not-found";
    case "NotReadableError":
    case "AbortError":
      return "busy";
    default:
      return "other";
  }
}
