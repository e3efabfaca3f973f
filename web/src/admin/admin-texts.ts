import type { Texts } from "#web/i18n/lang";

export const ADMIN_TEXTS: Texts<{
  title: string;
  scope: (province: string | null) => string;
  signOut: string;
  facilities: string;
  accounts: string;
  code: string;
  name: string;
  province: string;
  level: string;
  address: string;
  status: string;
  active: string;
  inactive: string;
  edit: string;
  save: string;
  cancel: string;
  deactivate: string;
  reactivate: string;
  addFacility: string;
  importFacilities: string;
  facilityCsvHint: string;
  accountCsvHint: string;
  importButton: string;
  chooseFile: string;
  imported: (count: number) => string;
  lineError: (line: number) => string;
  facility: string;
  allFacilities: string;
  username: string;
  role: string;
  idNumber: string;
  national: string;
  enabled: string;
  disabled: string;
  createAccount: string;
  importAccounts: string;
  resetPassword: string;
  resetMfa: string;
  disable: string;
  enable: string;
  oneTimeTitle: string;
  oneTimeNote: string;
  dismiss: string;
  roles: Record<"receptionist" | "kiosk" | "room" | "health-dept" | "admin", string>;
  none: string;
}> = {
  vi: {
    title: "Quản trị – cơ sở và tài khoản",
    scope: (province) => (province === null ? "Phạm vi: toàn quốc" : `Phạm vi: tỉnh ${province}`),
    signOut: "Đăng xuất",
    facilities: "Cơ sở khám chữa bệnh",
    accounts: "Tài khoản nhân viên",
    code: "Mã CSKCB",
    name: "Tên",
    province: "Tỉnh",
    level: "Tuyến",
    address: "Địa chỉ",
    status: "Trạng thái",
    active: "Đang hoạt động",
    inactive: "Ngừng hoạt động",
    edit: "Sửa",
    save: "Lưu",
    cancel: "Huỷ",
    deactivate: "Ngừng hoạt động",
    reactivate: "Cho hoạt động lại",
    addFacility: "Thêm hoặc sửa cơ sở",
    importFacilities: "Nhập danh sách cơ sở (CSV)",
    facilityCsvHint:
      "Mỗi dòng: maCSKCB,tên,mã tỉnh,tuyến (1–4),địa chỉ. Có lỗi ở dòng nào thì không nhập dòng nào.",
    accountCsvHint:
      "Mỗi dòng: tên đăng nhập,vai trò,mã cơ sở,mã tỉnh,họ tên,số CCCD. Có lỗi ở dòng nào thì không tạo tài khoản nào.",
    importButton: "Nhập",
    chooseFile: "Chọn tệp CSV",
    imported: (count) => `Đã nhập ${count} dòng.`,
    lineError: (line) => `Dòng ${line}`,
    facility: "Cơ sở",
    allFacilities: "Tất cả cơ sở",
    username: "Tên đăng nhập",
    role: "Vai trò",
    idNumber: "Số CCCD (12 số)",
    national: "Toàn quốc",
    enabled: "Đang dùng",
    disabled: "Đã khoá",
    createAccount: "Tạo tài khoản",
    importAccounts: "Nhập tài khoản (CSV)",
    resetPassword: "Đặt lại mật khẩu",
    resetMfa: "Đặt lại mã xác thực",
    disable: "Khoá",
    enable: "Mở khoá",
    oneTimeTitle: "Mật khẩu dùng một lần",
    oneTimeNote: "Chỉ hiện một lần. Hãy trao cho từng người; họ phải đổi mật khẩu khi đăng nhập lần đầu.",
    dismiss: "Đã ghi lại",
    roles: {
      receptionist: "Lễ tân",
      kiosk: "Kiosk",
      room: "Phòng khám",
      "health-dept": "Sở Y tế",
      admin: "Quản trị",
    },
    none: "Chưa có.",
  },
  en: {
    title: "Administration – facilities and accounts",
    scope: (province) => (province === null ? "Scope: national" : `Scope: province ${province}`),
    signOut: "Sign out",
    facilities: "Health facilities",
    accounts: "Staff accounts",
    code: "Facility code",
    name: "Name",
    province: "Province",
    level: "Level",
    address: "Address",
    status: "Status",
    active: "Active",
    inactive: "Inactive",
    edit: "Edit",
    save: "Save",
    cancel: "Cancel",
    deactivate: "Deactivate",
    reactivate: "Reactivate",
    addFacility: "Add or edit a facility",
    importFacilities: "Import facilities (CSV)",
    facilityCsvHint:
      "Each line: maCSKCB,name,province code,level (1–4),address. One bad line and no line is imported.",
    accountCsvHint:
      "Each line: username,role,facility code,province code,full name,ID number. One bad line and no account is created.",
    importButton: "Import",
    chooseFile: "Choose a CSV file",
    imported: (count) => `Imported ${count} line(s).`,
    lineError: (line) => `Line ${line}`,
    facility: "Facility",
    allFacilities: "All facilities",
    username: "User name",
    role: "Role",
    idNumber: "ID number (12 digits)",
    national: "National",
    enabled: "Enabled",
    disabled: "Disabled",
    createAccount: "Create account",
    importAccounts: "Import accounts (CSV)",
    resetPassword: "Reset password",
    resetMfa: "Reset two-step code",
    disable: "Disable",
    enable: "Enable",
    oneTimeTitle: "One-time passwords",
    oneTimeNote: "Shown once only. Hand each to its person; they must change it at their first sign-in.",
    dismiss: "Noted",
    roles: {
      receptionist: "Receptionist",
      kiosk: "Kiosk",
      room: "Room staff",
      "health-dept": "Health department",
      admin: "Administrator",
    },
    none: "None yet.",
  },
};
