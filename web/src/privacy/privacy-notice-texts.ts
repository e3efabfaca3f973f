import type { Texts } from "#web/i18n/lang";

/** The pages that show a privacy notice, each to its own reader. */
export type NoticePage = "reception" | "kiosk" | "admin";

interface Notice {
  readonly title: string;
  /** What is collected, why, for how long, who to ask: one paragraph each. */
  readonly paragraphs: readonly string[];
}

/**
 * The privacy notice (Nghị định 13/2023/NĐ-CP, Điều 13): what is collected, why, for how long,
 * and who to ask. Vietnamese is the text of record; the English follows it.
 */
export const PRIVACY_NOTICE: Texts<Record<NoticePage, Notice>> = {
  vi: {
    reception: {
      title: "Thông báo về xử lý dữ liệu cá nhân",
      paragraphs: [
        "Khi tiếp đón, hệ thống đọc số định danh cá nhân, họ tên, ngày sinh, giới tính từ thẻ căn cước hoặc VNeID, hoặc mã thẻ BHYT, và hỏi Cổng tiếp nhận của BHXH Việt Nam về hiệu lực thẻ BHYT. Địa chỉ và ngày cấp trên mã QR không được lưu.",
        "Mục đích: tiếp đón, cấp số thứ tự, xác định quyền lợi BHYT và báo cáo tỷ lệ quét QR (báo cáo chỉ dùng số đếm, không có tên người).",
        "Thời hạn: lượt tiếp đón được lưu 400 ngày rồi tự động xóa; nhật ký truy cập (ai đã xem dữ liệu của ai, người bệnh chỉ được ghi bằng mã băm có khóa) lưu 2 năm. Khi mất mạng, lượt tiếp đón chờ gửi trên máy này được mã hóa và xóa ngay khi đã gửi.",
        "Mọi lần tra cứu, tiếp đón, xem danh sách đều được ghi nhật ký theo tài khoản của bạn. Số lần tra cứu bằng số nhập tay mỗi ngày có giới hạn.",
        "Người bệnh có quyền biết, xem, yêu cầu xóa dữ liệu của mình: liên hệ bộ phận tiếp đón hoặc quản trị viên của cơ sở.",
      ],
    },
    kiosk: {
      title: "Dữ liệu cá nhân của ông/bà",
      paragraphs: [
        "Máy đọc số căn cước, họ tên, ngày sinh trên thẻ để lấy số thứ tự và hỏi BHXH về thẻ BHYT của ông/bà. Màn hình không hiện số căn cước, ngày sinh hay mã thẻ.",
        "Lượt đăng ký được lưu 400 ngày rồi tự động xóa. Mỗi lần tra cứu đều được ghi lại.",
        "Muốn biết cơ sở đang giữ dữ liệu gì của mình, hoặc muốn xóa: hỏi quầy tiếp đón.",
      ],
    },
    admin: {
      title: "Trách nhiệm bảo vệ dữ liệu cá nhân",
      paragraphs: [
        "Trang quản trị cho xem nhật ký truy cập, tìm mọi dữ liệu đang giữ về một số định danh, xuất hoặc xóa dữ liệu đó theo yêu cầu của chủ thể dữ liệu.",
        "Mỗi lần tìm kiếm, xuất, xóa đều được ghi vào nhật ký bằng tài khoản của bạn; nhật ký chỉ ghi thêm, không sửa, không xóa, lưu 2 năm.",
        "Chỉ làm khi có yêu cầu hoặc căn cứ rõ ràng; trả lời chủ thể dữ liệu trong thời hạn luật định.",
      ],
    },
  },
  en: {
    reception: {
      title: "How personal data is processed",
      paragraphs: [
        "At reception the system reads the personal ID number, name, birth date and sex from the chip ID card or VNeID, or the health-insurance card code, and asks the national insurance gateway whether the card is valid. The address and issue date in the QR code are not stored.",
        "Purpose: reception, the queue number, insurance coverage, and the QR-scan-rate report (which holds counts only, no names).",
        "Retention: visits are kept 400 days and then deleted automatically; the access log (who saw whose data, the patient named only by a keyed hash) is kept 2 years. While the network is down, check-ins waiting on this PC are encrypted and removed as soon as they are sent.",
        "Every look-up, check-in and list you open is logged under your account. Look-ups by a typed number are limited per day.",
        "Patients may ask what is held about them, see it and ask for it to be erased: ask reception or the facility's administrator.",
      ],
    },
    kiosk: {
      title: "Your personal data",
      paragraphs: [
        "The kiosk reads the ID number, name and birth date on your card to give you a queue number and ask the insurance agency about your card. The screen never shows your ID number, birth date or card code.",
        "Your visit is kept 400 days and then deleted automatically. Every look-up is logged.",
        "To know what this facility holds about you, or to have it erased, ask at reception.",
      ],
    },
    admin: {
      title: "Your duty to protect personal data",
      paragraphs: [
        "The admin page shows the access log, finds everything held about one ID number, and exports or erases it at the person's request.",
        "Every search, export and erase is logged under your account; the log is append-only (never changed or deleted) and kept 2 years.",
        "Act only on a request or a clear legal ground; answer the person within the time the law sets.",
      ],
    },
  },
};
