/** The local provider's own pages: sign-in and the forced password change, Vietnamese first. */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem}label{display:block;margin:1rem 0 .3rem}input{width:100%;box-sizing:border-box;font-size:1.1rem;padding:.6rem}
button{margin-top:1.2rem;width:100%;font-size:1.1rem;padding:.8rem;min-height:48px;background:#0b5cad;color:#fff;border:0;border-radius:6px}
.error{color:#a40000;background:#fde8e8;padding:.6rem;border-radius:6px}.muted{color:#555;font-size:.9rem}
.check{display:flex;gap:.5rem;align-items:center}.check input{width:auto}
code{display:block;word-break:break-all;background:#f2f2f2;padding:.5rem;border-radius:4px;font-size:1rem}`;

/** The one answer to a wrong name, a wrong password or a disabled account (no hint which). */
export const BAD_CREDENTIALS = {
  vi: "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.",
  en: "Wrong user name or password, or the account is disabled.",
};

type Problem = { vi: string; en: string } | null;

const errorLine = (error: Problem) =>
  error === null
    ? ""
    : `<p class="error" role="alert">${escapeHtml(error.vi)} <span lang="en">(${escapeHtml(error.en)})</span></p>`;

const CODE_INPUT = `<label for="totp-code">Mã xác thực 6 chữ số <span class="muted">(6-digit code)</span></label>
<input id="totp-code" name="code" required autofocus inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7">`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The sign-in form; `error` is shown above it in both languages. */
export function signInPage(action: string, error: { vi: string; en: string } | null, username = ""): string {
  return page(
    "Đăng nhập tiepdon",
    `<h1>Đăng nhập tiepdon <span class="muted">(Sign in)</span></h1>
${error === null ? "" : `<p class="error" role="alert">${escapeHtml(error.vi)} <span lang="en">(${escapeHtml(error.en)})</span></p>`}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
<label for="username">Tên đăng nhập <span class="muted">(User name)</span></label>
<input id="username" name="username" required autofocus value="${escapeHtml(username)}" autocapitalize="none">
<label for="password">Mật khẩu <span class="muted">(Password)</span></label>
<input id="password" name="password" type="password" required>
<label class="check"><input type="checkbox" name="setUpMfa" value="yes"> Thiết lập mã xác thực hai bước (TOTP) <span class="muted">(Set up a two-step code)</span></label>
<button type="submit">Đăng nhập</button>
</form>`,
  );
}

/** Asked right after a sign-in with a one-time password: the account cannot be used until it changes. */
export function changePasswordPage(action: string, error: { vi: string; en: string } | null): string {
  return page(
    "Đổi mật khẩu",
    `<h1>Đổi mật khẩu <span class="muted">(Change your password)</span></h1>
<p>Mật khẩu dùng một lần đã đúng. Hãy đặt mật khẩu mới (ít nhất 12 ký tự) trước khi tiếp tục.</p>
<p class="muted" lang="en">The one-time password was right. Set a new password (at least 12 characters) to go on.</p>
${error === null ? "" : `<p class="error" role="alert">${escapeHtml(error.vi)} <span lang="en">(${escapeHtml(error.en)})</span></p>`}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
<label for="new-password">Mật khẩu mới <span class="muted">(New password)</span></label>
<input id="new-password" name="newPassword" type="password" required minlength="12" autofocus>
<label for="confirm-password">Nhập lại mật khẩu mới <span class="muted">(Repeat it)</span></label>
<input id="confirm-password" name="confirmPassword" type="password" required minlength="12">
<button type="submit">Đổi mật khẩu và đăng nhập</button>
</form>`,
  );
}

/** The end-session page submits itself: the page that asked for sign-out already confirmed it. */
export function signOutPage(form: string): string {
  return page(
    "Đăng xuất",
    `<p>Đang đăng xuất… <span class="muted">(Signing out…)</span></p>${form}
<script>document.forms[0].submit()</script>`,
  );
}

/** Asked after the password of an account that has a TOTP secret: the code its app shows now. */
export function totpCodePage(action: string, error: Problem): string {
  return page(
    "Mã xác thực",
    `<h1>Mã xác thực <span class="muted">(Verification code)</span></h1>
<p>Mở ứng dụng xác thực trên điện thoại và nhập mã 6 chữ số của tiepdon.</p>
<p class="muted" lang="en">Open the authenticator app on your phone and type tiepdon's 6-digit code.</p>
${errorLine(error)}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
${CODE_INPUT}
<button type="submit">Xác nhận</button>
</form>`,
  );
}

/** The TOTP set-up: the secret as an otpauth:// link and as text, then a first code to confirm it. */
export function totpSetUpPage(
  action: string,
  setUp: { secret: string; uri: string; required: boolean },
  error: Problem,
): string {
  const grouped = setUp.secret.replace(/(.{4})/g, "$1 ").trim();
  return page(
    "Thiết lập mã xác thực",
    `<h1>Thiết lập mã xác thực <span class="muted">(Set up a verification code)</span></h1>
<p>${setUp.required ? "Tài khoản này phải dùng mã xác thực hai bước. " : ""}Thêm tiepdon vào ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…): mở liên kết dưới đây trên điện thoại, hoặc nhập khóa bí mật bằng tay.</p>
<p class="muted" lang="en">${setUp.required ? "This account must use a two-step code. " : ""}Add tiepdon to an authenticator app: open the link below on the phone, or type the secret key in by hand.</p>
<p>Khóa bí mật <span class="muted">(Secret key)</span>: <code id="totp-secret" data-secret="${escapeHtml(setUp.secret)}">${escapeHtml(grouped)}</code></p>
<p><a id="totp-uri" href="${escapeHtml(setUp.uri)}">${escapeHtml(setUp.uri)}</a></p>
${errorLine(error)}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
${CODE_INPUT}
<button type="submit">Xác nhận và đăng nhập</button>
</form>`,
  );
}
