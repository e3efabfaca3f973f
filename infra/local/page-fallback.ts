/** The HTML the local server answers for a page it cannot serve: what is wrong and what to do. */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export interface PageFallback {
  readonly status: number;
  readonly titleVi: string;
  readonly titleEn: string;
  /** Shown as preformatted text: a build error's last lines, or the path asked for. */
  readonly detail: string;
  readonly hintVi: string;
  readonly hintEn: string;
}

/** A self-contained page (no scripts, inline style only) that the strict CSP allows. */
export function renderPageFallback(fallback: PageFallback): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(fallback.titleVi)} · tiepdon</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1a1a1a;background:#f6f7f9}
main{max-width:46rem;margin:0 auto;background:#fff;border:1px solid #d6dae0;border-radius:8px;padding:1.25rem 1.5rem}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:0 0 1rem;color:#555;font-weight:500}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f0f1f3;padding:.75rem;border-radius:6px;font-size:.85rem}
nav a{display:inline-block;margin-right:1rem;padding:.5rem 0}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(fallback.titleVi)}</h1>
<h2 lang="en">${escapeHtml(fallback.titleEn)}</h2>
<pre>${escapeHtml(fallback.detail)}</pre>
<p>${escapeHtml(fallback.hintVi)}</p>
<p lang="en">${escapeHtml(fallback.hintEn)}</p>
<nav><a href="/">Tiếp đón (/)</a><a href="/kiosk">Kiosk (/kiosk)</a><a href="/dashboard">Dashboard (/dashboard)</a></nav>
</main>
</body>
</html>
`;
}

/** The answer for one of the three pages when web/dist does not hold it. */
export function pageNotBuilt(file: string, problem: string | null): PageFallback {
  return {
    status: 503,
    titleVi: "Trang chưa sẵn sàng",
    titleEn: "This page is not available yet",
    detail: problem ?? `web/dist/${file} does not exist: the pages have not been built.`,
    hintVi:
      "Chạy npm run build:web (hoặc khởi động lại npm start, lệnh này tự dựng trang), rồi tải lại trang.",
    hintEn: "Run npm run build:web (or restart npm start, which builds the pages itself), then reload.",
  };
}

/** The answer for a browser asking for a path that is no page. */
export function noSuchPage(pathname: string): PageFallback {
  return {
    status: 404,
    titleVi: "Không có trang này",
    titleEn: "No such page",
    detail: pathname,
    hintVi: "Các trang: tiếp đón tại quầy (/), kiosk tự phục vụ (/kiosk), bảng theo dõi (/dashboard).",
    hintEn: "The pages: reception (/), self-service kiosk (/kiosk), dashboard (/dashboard).",
  };
}
