import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { ERROR_CODE, NotFoundError } from "#domain/errors";
import { pageHeaders } from "#infra/page-headers";
import { sendGatewayError } from "./http-replies.ts";
import { noSuchPage, type PageFallback, pageNotBuilt, renderPageFallback } from "./page-fallback.ts";

const PAGES: Record<string, string> = {
  "/": "index.html",
  "/kiosk": "kiosk.html",
  "/dashboard": "dashboard.html",
  "/room": "room.html",
  "/display": "display.html",
  "/admin": "admin.html",
};

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".webmanifest": "application/manifest+json",
};

/** The same security headers the CloudFront response-headers policy sets. */
const PAGE_HEADERS = pageHeaders();

/** Where the built pages are and why they may be missing. */
export interface PageSource {
  /** Built pages (vite output); null serves no pages. */
  readonly webRoot: string | null;
  /** Why the pages may be missing (a failed build), shown on a page that cannot be served. */
  readonly pagesProblem?: () => string | null;
}

function sendPageFallback(res: ServerResponse, method: string, fallback: PageFallback): void {
  const html = renderPageFallback(fallback);
  res.writeHead(fallback.status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    ...PAGE_HEADERS,
  });
  res.end(method === "HEAD" ? undefined : html);
}

function serveStatic(webRoot: string, pathname: string, res: ServerResponse): boolean {
  const file = PAGES[pathname] ?? pathname.slice(1);
  let target: string;
  try {
    target = normalize(join(webRoot, decodeURIComponent(file)));
  } catch {
    return false;
  }
  if (!target.startsWith(webRoot + sep) || !existsSync(target) || !statSync(target).isFile()) return false;
  const immutable = target.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    "content-type": MIME[extname(target)] ?? "application/octet-stream",
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    ...PAGE_HEADERS,
  });
  createReadStream(target).pipe(res);
  return true;
}

/**
 * Answers a request no API route took: a built file, a page that explains why it cannot be
 * served, or a 404 (an HTML one for a browser).
 */
export function servePages(req: IncomingMessage, res: ServerResponse, source: PageSource): void {
  const method = (req.method ?? "GET").toUpperCase();
  const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  const reads = method === "GET" || method === "HEAD";
  if (reads && source.webRoot !== null && serveStatic(source.webRoot, pathname, res)) return;
  const page = PAGES[pathname];
  if (reads && page !== undefined) {
    // A page path always answers a page, even when it cannot be served: a JSON 404 explains nothing.
    const problem =
      source.webRoot === null
        ? "This server was started without pages (API only)."
        : (source.pagesProblem?.() ?? null);
    sendPageFallback(res, method, pageNotBuilt(page, problem));
    return;
  }
  if (reads && (req.headers.accept ?? "").includes("text/html")) {
    sendPageFallback(res, method, noSuchPage(pathname));
    return;
  }
  sendGatewayError(res, new NotFoundError(ERROR_CODE.NOT_FOUND, { vi: "Không tìm thấy.", en: "Not found." }));
}
