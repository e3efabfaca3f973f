import type { Texts } from "#web/i18n/lang";

export const SIGN_IN_TEXTS: Texts<{
  title: string;
  loading: string;
  demoNote: string;
  role: string;
  roles: Record<"receptionist" | "kiosk" | "room" | "health-dept" | "admin", string>;
  facility: string;
  facilityHint: string;
  province: string;
  national: string;
  submit: string;
  cognito: string;
  wrongRole: string;
  signOut: string;
  failed: string;
  expired: string;
}> = {
  vi: {
    title: "Đăng nhập",
    loading: "Đang tải…",
    demoNote: "Đăng nhập thử (chỉ có khi chạy trên máy): chọn vai trò và cơ sở.",
    role: "Vai trò",
    roles: {
      receptionist: "Nhân viên tiếp đón",
      kiosk: "Ki-ốt tự phục vụ",
      room: "Phòng khám (bác sĩ, điều dưỡng)",
      "health-dept": "Sở Y tế / Bộ Y tế",
      admin: "Quản trị",
    },
    facility: "Mã cơ sở KCB",
    facilityHint: "5 chữ số, ví dụ 01001",
    province: "Tỉnh, thành phố",
    national: "Toàn quốc",
    submit: "Đăng nhập",
    cognito: "Đăng nhập bằng tài khoản cơ sở",
    wrongRole: "Tài khoản này không dùng được trang này.",
    signOut: "Đăng xuất",
    failed: "Đăng nhập không thành công.",
    expired: "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
  },
  en: {
    title: "Sign in",
    loading: "Loading…",
    demoNote: "Demo sign-in (local runs only): pick a role and a facility.",
    role: "Role",
    roles: {
      receptionist: "Receptionist",
      kiosk: "Self-service kiosk",
      room: "Exam room (doctor, nurse)",
      "health-dept": "Health department",
      admin: "Administrator",
    },
    facility: "Facility code",
    facilityHint: "5 digits, e.g. 01001",
    province: "Province",
    national: "Whole country",
    submit: "Sign in",
    cognito: "Sign in with your facility account",
    wrongRole: "This account cannot use this page.",
    signOut: "Sign out",
    failed: "Sign-in failed.",
    expired: "The sign-in has expired. Please sign in again.",
  },
};
