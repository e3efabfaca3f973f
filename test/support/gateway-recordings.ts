/**
 * Messages of the national card-check gateway written out as its specification (Công văn
 * 1923/BHXH-CNTT) and the hospital software that calls it show them: literal request and answer
 * texts, typed by hand, not produced from tiepdon's own schema. `{…}` marks a value filled in
 * at test time (a token only the token answer can give).
 */

/** The spec's account and clerk for the recordings (the mock's test account, and its default clerk); requests carry MD5("s3cret"). */
export const RECORDED_ACCOUNT = { username: "clinic-a", password: "s3cret" } as const;
export const RECORDED_CLERK = { name: "Nguyễn Thị Tiếp Đón", id: "001190000001" } as const;

/** Every field of a card-check answer, in the order the spec lists them. */
export const ANSWER_FIELDS = [
  "maKetQua",
  "ghiChu",
  "maThe",
  "hoTen",
  "ngaySinh",
  "gioiTinh",
  "diaChi",
  "maDKBD",
  "cqBHXH",
  "gtTheTu",
  "gtTheDen",
  "maKV",
  "ngayDu5Nam",
  "maSoBHXH",
  "maTheCu",
  "maTheMoi",
  "gtTheTuMoi",
  "gtTheDenMoi",
  "maDKBDMoi",
  "tenDKBDMoi",
  "dsLichSuKCB2018",
  "dsLichSuKT2018",
] as const;
export const VISIT_FIELDS = [
  "maHoSo",
  "maCSKCB",
  "ngayVao",
  "ngayRa",
  "tenBenh",
  "tinhTrang",
  "kqDieuTri",
  "lyDoVV",
] as const;
export const CHECK_FIELDS = ["userKT", "thoiGianKT", "thongBao", "maLoi"] as const;

/** Recorded requests, as HTTP messages (request line, headers, blank line, body). */
export const RECORDED_REQUESTS = {
  tokenForm: `POST /api/token/take HTTP/1.1
Content-Type: application/x-www-form-urlencoded

username=clinic-a&password=33E1B232A4E6FA0028A6670753749A17`,
  tokenJson: `POST /api/token/take HTTP/1.1
Content-Type: application/json

{"username":"clinic-a","password":"33E1B232A4E6FA0028A6670753749A17"}`,
  checkForm: `POST /api/egw/KQNhanLichSuKCB2024?token={access_token}&id_token={id_token}&username=clinic-a&password=33E1B232A4E6FA0028A6670753749A17 HTTP/1.1
Content-Type: application/x-www-form-urlencoded

maThe=001090012345&hoTen=Nguy%E1%BB%85n+V%C4%83n+An&ngaySinh=15%2F03%2F1990&hoTenCb=Nguy%E1%BB%85n+Th%E1%BB%8B+Ti%E1%BA%BFp+%C4%90%C3%B3n&cccdCb=001190000001`,
  checkJson: `POST /api/egw/KQNhanLichSuKCB2024?token={access_token}&id_token={id_token}&username=clinic-a&password=33E1B232A4E6FA0028A6670753749A17 HTTP/1.1
Content-Type: application/json

{"maThe":"001090012345","hoTen":"Nguyễn Văn An","ngaySinh":"15031990","hoTenCb":"Nguyễn Thị Tiếp Đón","cccdCb":"001190000001","username":"clinic-a","password":"33E1B232A4E6FA0028A6670753749A17"}`,
  checkYearOnly: `POST /api/egw/KQNhanLichSuKCB2024?token={access_token}&id_token={id_token}&username=clinic-a&password=33E1B232A4E6FA0028A6670753749A17 HTTP/1.1
Content-Type: application/x-www-form-urlencoded

maThe=DN4010123456789&hoTen=Nguy%E1%BB%85n+V%C4%83n+An&ngaySinh=1990&hoTenCb=Nguy%E1%BB%85n+Th%E1%BB%8B+Ti%E1%BA%BFp+%C4%90%C3%B3n&cccdCb=001190000001`,
  checkForgedToken: `POST /api/egw/KQNhanLichSuKCB2024?token=eyJhbGciOiJIUzI1NiJ9.e30.forged&id_token=forged&username=clinic-a&password=33E1B232A4E6FA0028A6670753749A17 HTTP/1.1
Content-Type: application/x-www-form-urlencoded

maThe=001090012345&hoTen=Nguy%E1%BB%85n+V%C4%83n+An&ngaySinh=15%2F03%2F1990&hoTenCb=Nguy%E1%BB%85n+Th%E1%BB%8B+Ti%E1%BA%BFp+%C4%90%C3%B3n&cccdCb=001190000001`,
  checkBadDate: `POST /api/egw/KQNhanLichSuKCB2024?token={access_token}&id_token={id_token}&username=clinic-a&password=33E1B232A4E6FA0028A6670753749A17 HTTP/1.1
Content-Type: application/x-www-form-urlencoded

maThe=001090012345&hoTen=Nguy%E1%BB%85n+V%C4%83n+An&ngaySinh=1990-03-15&hoTenCb=Nguy%E1%BB%85n+Th%E1%BB%8B+Ti%E1%BA%BFp+%C4%90%C3%B3n&cccdCb=001190000001`,
} as const;

/** Recorded answers, as the gateway's JSON texts. */
export const RECORDED_ANSWERS = {
  token: `{"maKetQua":"200","APIKey":{"access_token":"{access_token}","id_token":"{id_token}","token_type":"Bearer","username":"clinic-a","expires_in":"{expires_in}"}}`,
  tokenRefused: `{"maKetQua":"401","APIKey":null}`,
  /** Nguyễn Văn An: a valid card with one earlier visit and one earlier check. */
  covered: `{"maKetQua":"000","ghiChu":"Thông tin thẻ chính xác.","maThe":"DN4010123456789","hoTen":"Nguyễn Văn An","ngaySinh":"15/03/1990","gioiTinh":"Nam","diaChi":"Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội","maDKBD":"01001","cqBHXH":"Bảo hiểm xã hội thành phố Hà Nội","gtTheTu":"01/01/2026","gtTheDen":"31/12/2030","maKV":null,"ngayDu5Nam":null,"maSoBHXH":"0112345678","maTheCu":null,"maTheMoi":null,"gtTheTuMoi":null,"gtTheDenMoi":null,"maDKBDMoi":null,"tenDKBDMoi":null,"dsLichSuKCB2018":[{"maHoSo":"1234567","maCSKCB":"01001","ngayVao":"202610140815","ngayRa":"202610141030","tenBenh":"Viêm họng cấp","tinhTrang":"1","kqDieuTri":"1","lyDoVV":"1"}],"dsLichSuKT2018":[{"userKT":"01001_bv","thoiGianKT":"202610140810","thongBao":"Thông tin thẻ chính xác.","maLoi":"000"}]}`,
  /** Trần Thị Bích Ngọc: a valid card, nothing earlier, every empty field null and both lists empty. */
  coveredEmpty: `{"maKetQua":"000","ghiChu":"Thông tin thẻ chính xác.","maThe":"HC4010200112233","hoTen":"Trần Thị Bích Ngọc","ngaySinh":"02/11/1985","gioiTinh":"Nữ","diaChi":null,"maDKBD":"01832","cqBHXH":null,"gtTheTu":"01/01/2026","gtTheDen":"31/12/2030","maKV":null,"ngayDu5Nam":null,"maSoBHXH":null,"maTheCu":null,"maTheMoi":null,"gtTheTuMoi":null,"gtTheDenMoi":null,"maDKBDMoi":null,"tenDKBDMoi":null,"dsLichSuKCB2018":[],"dsLichSuKT2018":[]}`,
  badParameter: `{"maKetQua":"205","ghiChu":"Lỗi sai định dạng tham số.","maThe":null,"hoTen":null,"ngaySinh":null,"gioiTinh":null,"diaChi":null,"maDKBD":null,"cqBHXH":null,"gtTheTu":null,"gtTheDen":null,"maKV":null,"ngayDu5Nam":null,"maSoBHXH":null,"maTheCu":null,"maTheMoi":null,"gtTheTuMoi":null,"gtTheDenMoi":null,"maDKBDMoi":null,"tenDKBDMoi":null,"dsLichSuKCB2018":[],"dsLichSuKT2018":[]}`,
  notAuthenticated: `{"maKetQua":"401","ghiChu":"Lỗi xác thực tài khoản.","maThe":null,"hoTen":null,"ngaySinh":null,"gioiTinh":null,"diaChi":null,"maDKBD":null,"cqBHXH":null,"gtTheTu":null,"gtTheDen":null,"maKV":null,"ngayDu5Nam":null,"maSoBHXH":null,"maTheCu":null,"maTheMoi":null,"gtTheTuMoi":null,"gtTheDenMoi":null,"maDKBDMoi":null,"tenDKBDMoi":null,"dsLichSuKCB2018":[],"dsLichSuKT2018":[]}`,
  noCard: `{"maKetQua":"050","ghiChu":"Không có thông tin thẻ.","maThe":null,"hoTen":null,"ngaySinh":null,"gioiTinh":null,"diaChi":null,"maDKBD":null,"cqBHXH":null,"gtTheTu":null,"gtTheDen":null,"maKV":null,"ngayDu5Nam":null,"maSoBHXH":null,"maTheCu":null,"maTheMoi":null,"gtTheTuMoi":null,"gtTheDenMoi":null,"maDKBDMoi":null,"tenDKBDMoi":null,"dsLichSuKCB2018":[],"dsLichSuKT2018":[]}`,
} as const;

/** A recorded HTTP request split into its parts. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Reads a recorded request text, filling the `{name}` marks from `values`. */
export function readRecordedRequest(text: string, values: Record<string, string> = {}): RecordedRequest {
  const filled = text.replace(/\{(\w+)\}/g, (mark, name: string) =>
    name in values ? encodeURIComponent(values[name] ?? "") : mark,
  );
  const [head = "", body = ""] = filled.split("\n\n");
  const [requestLine = "", ...headerLines] = head.split("\n");
  const [method = "", target = ""] = requestLine.split(" ");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { method, target, headers, body };
}

/** A recorded answer text with its `{name}` marks filled in (as JSON string content). */
export function recordedAnswer(text: string, values: Record<string, string> = {}): string {
  return text.replace(/\{(\w+)\}/g, (mark, name: string) =>
    name in values ? JSON.stringify(values[name]).slice(1, -1) : mark,
  );
}
