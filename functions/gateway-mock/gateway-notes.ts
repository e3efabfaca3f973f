/**
 * The gateway's own one-sentence note (ghiChu) for each result code: what the gateway states
 * about the card, not what a clerk should do (that advice is tiepdon's, in domain/coverage.ts).
 */
const NOTES: Readonly<Record<string, string>> = {
  "000": "Thông tin thẻ chính xác.",
  "001": "Thẻ do BHXH Bộ Quốc phòng quản lý.",
  "002": "Thẻ do BHXH Bộ Công an quản lý.",
  "003": "Thẻ cũ đã hết giá trị sử dụng, đã được cấp thẻ mới.",
  "004": "Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới.",
  "010": "Thẻ đã hết giá trị sử dụng.",
  "050": "Không có thông tin thẻ.",
  "051": "Mã thẻ không đúng.",
  "052": "Mã tỉnh cấp thẻ không đúng.",
  "053": "Mã quyền lợi trên thẻ không đúng.",
  "054": "Số định danh cá nhân của cán bộ tra cứu chưa được đăng ký.",
  "055": "Họ tên cán bộ tra cứu không khớp với số định danh đã đăng ký.",
  "060": "Họ tên không đúng.",
  "061": "Họ tên không đúng (đúng ký tự đầu).",
  "070": "Ngày sinh không đúng.",
  "100": "Lỗi khi lấy dữ liệu thẻ.",
  "101": "Lỗi máy chủ.",
  "110": "Thẻ đã bị thu hồi.",
  "120": "Thẻ đã báo giảm.",
  "121": "Thẻ đã báo giảm, giảm do chuyển ngoại tỉnh.",
  "122": "Thẻ đã báo giảm, giảm do chuyển nội tỉnh.",
  "123": "Thẻ đã báo giảm, giảm do tăng lại cùng đơn vị.",
  "124": "Thẻ đã báo giảm, giảm do ngừng tham gia.",
  "130": "Trẻ em không xuất trình thẻ.",
  "205": "Lỗi sai định dạng tham số.",
  "401": "Lỗi xác thực tài khoản.",
  "500": "Lỗi không xác định.",
};

/** The gateway's note for a result code. */
export function gatewayNote(code: string): string {
  return NOTES[code] ?? "Lỗi không xác định.";
}
