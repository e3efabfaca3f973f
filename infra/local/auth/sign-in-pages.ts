/** The local provider's own pages: sign-in and the forced password change, Vietnamese first. */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem}label{display:block;margin:1rem 0 .3rem}input{width:100%;box-sizing:border-box;font-size:1.1rem;padding:.6rem}
button{margin-top:1.2rem;width:100%;font-size:1.1rem;padding:.8rem;min-height:48px;background:#0b5cad;color:#fff;border:0;border-radius:6px}
.error{color:#a40000;background:#fde8e8;padding:.6rem;border-radius:6px}.muted{color:#555;font-size:.9rem}`;

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
