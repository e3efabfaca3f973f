import type { Texts } from "#web/i18n/lang";

/** The words of the admin page's gateway accounts panel. */
export const GATEWAY_TEXTS: Texts<{
  title: string;
  intro: string;
  facility: string;
  username: string;
  password: string;
  certificate: string;
  certificateFile: string;
  certificatePassword: string;
  state: string;
  notSet: string;
  refused: (code: string) => string;
  working: string;
  validTo: (date: string) => string;
  saveAccount: string;
  uploadCertificate: string;
  saved: string;
  kioskClerk: string;
  kioskClerkMissing: string;
  kioskClerkName: string;
  kioskClerkId: string;
  saveKioskClerk: string;
}> = {
  vi: {
    title: "Tài khoản cổng giám định BHXH",
    intro:
      "Mỗi cơ sở tra cứu thẻ bằng tài khoản riêng do BHXH cấp và ký XML0 bằng chứng thư số của mình. Mật khẩu và khóa bí mật chỉ được ghi, không bao giờ hiển thị lại.",
    facility: "Cơ sở",
    username: "Tên đăng nhập",
    password: "Mật khẩu",
    certificate: "Chứng thư số",
    certificateFile: "Tệp chứng thư số (.p12, .pfx)",
    certificatePassword: "Mật khẩu tệp chứng thư",
    state: "Tình trạng",
    notSet: "Chưa có",
    refused: (code) => `Cổng từ chối tài khoản (mã ${code}): nhập lại mật khẩu`,
    working: "Đang dùng",
    validTo: (date) => `hết hạn ${date}`,
    saveAccount: "Lưu tài khoản",
    uploadCertificate: "Tải lên chứng thư số",
    saved: "Đã lưu.",
    kioskClerk: "Cán bộ đứng tên cho ki-ốt",
    kioskClerkMissing: "Chưa có: ki-ốt mời người bệnh đến quầy",
    kioskClerkName: "Họ tên cán bộ đứng tên tra cứu cho ki-ốt",
    kioskClerkId: "Số định danh (12 số) của cán bộ",
    saveKioskClerk: "Lưu cán bộ cho ki-ốt",
  },
  en: {
    title: "Social-insurance gateway accounts",
    intro:
      "Each facility checks cards under the account BHXH issued it and signs XML0 with its own certificate. Passwords and private keys are write-only: they are never shown again.",
    facility: "Facility",
    username: "User name",
    password: "Password",
    certificate: "Certificate",
    certificateFile: "Certificate file (.p12, .pfx)",
    certificatePassword: "Certificate file password",
    state: "State",
    notSet: "Not set",
    refused: (code) => `The gateway refused the account (code ${code}): enter the password again`,
    working: "In use",
    validTo: (date) => `valid to ${date}`,
    saveAccount: "Save account",
    uploadCertificate: "Upload certificate",
    saved: "Saved.",
    kioskClerk: "Kiosk clerk",
    kioskClerkMissing: "None: kiosks send patients to the desk",
    kioskClerkName: "Full name of the clerk the kiosks check cards under",
    kioskClerkId: "The clerk's 12-digit ID number",
    saveKioskClerk: "Save kiosk clerk",
  },
};
