import type { Texts } from "#web/i18n/lang";

export const RECEPTION_TEXTS: Texts<{
  title: string;
  facility: (code: string) => string;
  signOut: string;
  camera: string;
  cameraPick: string;
  cameraDefault: string;
  cameraRetry: string;
  torchOn: string;
  torchOff: string;
  scanning: string;
  scannerReady: string;
  cameraCannotRead: string;
  typeTitle: string;
  typeId: string;
  typeCard: string;
  idPlaceholder: string;
  cardPlaceholder: string;
  valid: string;
  checkIn: string;
  photo: string;
  photoReading: string;
  waiting: string;
  sending: string;
  queue: string;
  duplicate: (time: string) => string;
  patient: string;
  idNumber: string;
  birthDate: string;
  sex: string;
  sexes: Record<"male" | "female", string>;
  insurance: string;
  cardCode: string;
  benefit: string;
  benefitValue: (level: number, percent: number | null) => string;
  validity: string;
  registered: string;
  here: string;
  elsewhere: string;
  resultCode: string;
  managingOffice: string;
  lastCheck: string;
  lastCheckValue: (when: string, by: string | null, code: string | null) => string;
  todo: string;
  scannedText: string;
  sendAsCard: string;
  today: string;
  todayCount: (total: string, pending: number) => string;
  loadMore: string;
  onlyPending: string;
  recheck: string;
  rechecking: string;
  recheckDone: (checked: number, settled: number, still: number) => string;
  empty: string;
  columns: { queue: string; time: string; name: string; id: string; method: string; status: string };
  unknownName: string;
  refresh: string;
}> = {
  vi: {
    title: "Tiếp đón người bệnh",
    facility: (code) => `Cơ sở ${code}`,
    signOut: "Đăng xuất",
    camera: "Camera quét thẻ",
    cameraPick: "Chọn camera",
    cameraDefault: "Camera mặc định",
    cameraRetry: "Thử mở lại camera",
    torchOn: "Bật đèn",
    torchOff: "Tắt đèn",
    scanning: "Đưa mã QR trên thẻ căn cước vào khung.",
    scannerReady: "Máy quét USB luôn sẵn sàng: quét bất cứ lúc nào, không cần bấm vào ô nào.",
    cameraCannotRead:
      "Camera thấy mã QR nhưng không đọc được. Giữ thẻ yên và gần hơn, thêm ánh sáng, lau ống kính, hoặc nhập số.",
    typeTitle: "Nhập tay",
    typeId: "Số định danh (12 số)",
    typeCard: "Mã thẻ BHYT",
    idPlaceholder: "Ví dụ 001090012345",
    cardPlaceholder: "Ví dụ DN4010123456789",
    valid: "Hợp lệ",
    checkIn: "Tiếp đón",
    photo: "Đọc từ ảnh chụp thẻ",
    photoReading: "Đang đọc ảnh…",
    waiting: "Quét thẻ căn cước, hoặc nhập số, để tiếp đón người bệnh.",
    sending: "Đang tiếp đón…",
    queue: "Số thứ tự",
    duplicate: (time) => `Đã tiếp đón lúc ${time}: lần quét lặp lại, không tính thêm lượt.`,
    patient: "Người bệnh",
    idNumber: "Số định danh",
    birthDate: "Ngày sinh",
    sex: "Giới tính",
    sexes: { male: "Nam", female: "Nữ" },
    insurance: "Thẻ BHYT",
    cardCode: "Mã thẻ",
    benefit: "Mức hưởng",
    benefitValue: (level, percent) => `Mức ${level}${percent === null ? "" : ` – ${percent}%`}`,
    validity: "Giá trị sử dụng",
    registered: "Nơi đăng ký KCB ban đầu",
    here: "đúng cơ sở này",
    elsewhere: "cơ sở khác",
    managingOffice: "Cơ quan BHXH quản lý",
    lastCheck: "Lần tra cứu thẻ trước",
    lastCheckValue: (when, by, code) =>
      [when, by === null ? null : `bởi ${by}`, code === null ? null : `mã ${code}`]
        .filter(Boolean)
        .join(", "),
    resultCode: "Mã kết quả",
    todo: "Việc cần làm",
    scannedText: "Nội dung đã đọc",
    sendAsCard: "Tiếp đón bằng thẻ BHYT này",
    today: "Hôm nay",
    todayCount: (total, pending) => `${total} lượt tiếp đón · ${pending} chờ kiểm tra thẻ`,
    onlyPending: "Chỉ hiện lượt chờ kiểm tra",
    loadMore: "Xem thêm",
    recheck: "Kiểm tra lại ngay",
    rechecking: "Đang kiểm tra lại…",
    recheckDone: (checked, settled, still) =>
      `Đã kiểm tra lại ${checked} lượt: ${settled} đã có kết quả, ${still} vẫn chờ.`,
    empty: "Chưa có lượt tiếp đón nào hôm nay.",
    columns: {
      queue: "STT",
      time: "Giờ",
      name: "Họ tên",
      id: "Số định danh",
      method: "Cách tiếp đón",
      status: "Trạng thái",
    },
    unknownName: "(chưa rõ tên)",
    refresh: "Tải lại",
  },
  en: {
    title: "Patient reception",
    facility: (code) => `Facility ${code}`,
    signOut: "Sign out",
    camera: "Card camera",
    cameraPick: "Camera",
    cameraDefault: "Default camera",
    cameraRetry: "Try the camera again",
    torchOn: "Torch on",
    torchOff: "Torch off",
    scanning: "Hold the QR code of the ID card inside the frame.",
    scannerReady: "The USB scanner is always ready: scan at any time, no need to click a field.",
    cameraCannotRead:
      "The camera sees a QR code but cannot read it. Hold the card still and closer, add light, wipe the lens, or type the number.",
    typeTitle: "Type instead",
    typeId: "ID number (12 digits)",
    typeCard: "BHYT card code",
    idPlaceholder: "e.g. 001090012345",
    cardPlaceholder: "e.g. DN4010123456789",
    valid: "Valid",
    checkIn: "Check in",
    photo: "Read a photo of the card",
    photoReading: "Reading the photo…",
    waiting: "Scan the ID card, or type the number, to check a patient in.",
    sending: "Checking in…",
    queue: "Queue number",
    duplicate: (time) => `Already checked in at ${time}: a repeated scan, not counted again.`,
    patient: "Patient",
    idNumber: "ID number",
    birthDate: "Birth date",
    sex: "Sex",
    sexes: { male: "Male", female: "Female" },
    insurance: "BHYT card",
    cardCode: "Card code",
    benefit: "Benefit",
    benefitValue: (level, percent) => `Level ${level}${percent === null ? "" : ` – ${percent}%`}`,
    validity: "Valid",
    registered: "Registered primary-care facility",
    here: "this facility",
    elsewhere: "another facility",
    managingOffice: "Managing social-insurance office",
    lastCheck: "Previous card check",
    lastCheckValue: (when, by, code) =>
      [when, by === null ? null : `by ${by}`, code === null ? null : `code ${code}`]
        .filter(Boolean)
        .join(", "),
    resultCode: "Result code",
    todo: "What to do",
    scannedText: "Text read",
    sendAsCard: "Check in with this BHYT card",
    today: "Today",
    todayCount: (total, pending) => `${total} check-ins · ${pending} awaiting the card check`,
    onlyPending: "Only those awaiting the check",
    loadMore: "Show more",
    recheck: "Re-check now",
    rechecking: "Re-checking…",
    recheckDone: (checked, settled, still) =>
      `Re-checked ${checked}: ${settled} settled, ${still} still pending.`,
    empty: "No check-ins yet today.",
    columns: {
      queue: "No.",
      time: "Time",
      name: "Name",
      id: "ID number",
      method: "Method",
      status: "Status",
    },
    unknownName: "(name unknown)",
    refresh: "Reload",
  },
};
