import type { Texts } from "#web/i18n/lang";

export const TOTP_SETUP_TEXTS: Texts<{
  title: string;
  why: string;
  starting: string;
  step1: string;
  secretLabel: string;
  link: string;
  step2: string;
  code: string;
  submit: string;
  checking: string;
  done: string;
  retry: string;
  signOut: string;
}> = {
  vi: {
    title: "Thiết lập mã xác thực hai bước",
    why: "Tài khoản quản trị và Sở Y tế phải dùng mã xác thực (TOTP) trước khi mở trang.",
    starting: "Đang tạo khóa bí mật…",
    step1: "1. Thêm khóa này vào ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…):",
    secretLabel: "Khóa bí mật",
    link: "Mở bằng ứng dụng xác thực",
    step2: "2. Nhập mã 6 chữ số ứng dụng đang hiện:",
    code: "Mã xác thực 6 chữ số",
    submit: "Xác nhận và đăng nhập lại",
    checking: "Đang kiểm tra…",
    done: "Đã bật mã xác thực. Đang đăng nhập lại…",
    retry: "Thử lại",
    signOut: "Đăng xuất",
  },
  en: {
    title: "Set up two-step codes",
    why: "Administrator and health-department accounts must use a code (TOTP) before the page opens.",
    starting: "Making a secret key…",
    step1: "1. Add this key to an authenticator app (Google Authenticator, Microsoft Authenticator…):",
    secretLabel: "Secret key",
    link: "Open in an authenticator app",
    step2: "2. Type the 6-digit code the app shows:",
    code: "6-digit code",
    submit: "Confirm and sign in again",
    checking: "Checking…",
    done: "Two-step codes are on. Signing in again…",
    retry: "Try again",
    signOut: "Sign out",
  },
};
