import { randomUUID } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { devTokenRequestSchema } from "#domain/dev-token";
import {
  AuthError,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  type TiepdonError,
} from "#domain/errors";
import { errorResponse } from "#functions/http/error-response";
import { pageHeaders } from "#infra/page-headers";
import type { ApiRoute } from "#infra/routes";
import { buildHttpApiEvent, type RawRequest, withJwtClaims } from "./api-event.ts";
import { CALL_STREAM_PATH, mayListen, serveCallStream } from "./call-stream.ts";
import type { DevAuth } from "./dev-auth.ts";
import { isLoopbackHost, isLoopbackHostHeader, NOT_LOOPBACK_REASON } from "./loopback.ts";
import { noSuchPage, type PageFallback, pageNotBuilt, renderPageFallback } from "./page-fallback.ts";
import { makeRouteMatcher } from "./route-match.ts";

/** A Lambda handler as exported by functions/handlers/*. */
export type LambdaHandler = (
  event: never,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

export interface LocalServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly routes: ReadonlyArray<{ route: ApiRoute; handler: LambdaHandler }>;
  /** The mock national gateway, mounted under /gateway with no user authentication. */
  readonly gateway: LambdaHandler | null;
  /** The demo's token minter (`POST /api/dev/token`); null in clinic mode, where that route is 404. */
  readonly auth: DevAuth | null;
  /** The local OpenID provider, mounted under /auth, whose ID tokens the API accepts. */
  readonly openId?: LocalOpenId;
  /** The API's OpenAPI document, answered at GET /api/openapi.json without sign-in. */
  readonly openApi?: unknown;
  /** Built pages (vite output); null serves no pages. */
  readonly webRoot: string | null;
  /** Why the pages may be missing (a failed build), shown on a page that cannot be served. */
  readonly pagesProblem?: () => string | null;
  /** Called before a routed request; may answer instead (rate limits). */
  readonly admit?: (principal: { sub: string; facility: string | null }, route: ApiRoute) => Admission;
}

/** The local OpenID provider as the server mounts it. */
export interface LocalOpenId {
  readonly issuer: string;
  readonly clientId: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The verified claims of a token the HTTP API authorizer would let through, or null. */
  verify(token: string): Promise<Record<string, unknown> | null>;
}

/** Where the pages read how to sign in (in AWS the stack writes this file next to them). */
const RUNTIME_CONFIG_PATH = "/config.json";

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Where the local server answers the API's OpenAPI document. */
const OPENAPI_PATH = "/api/openapi.json";

/** Largest body read into memory; the handlers enforce their own, smaller limit. */
const MAX_READ_BYTES = 1024 * 1024;

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

function fakeContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  vi: string,
  en: string,
  headers = {},
): void {
  sendJson(res, status, { error: { code, message: vi, messageEn: en } }, headers);
}

/** What API Gateway itself answers (no route, no token, throttled), in the contract's error body. */
function sendGatewayError(
  res: ServerResponse,
  error: TiepdonError,
  headers: Record<string, string> = {},
): void {
  const { response } = errorResponse(error);
  writeLambdaResult(res, { ...response, headers: { ...response.headers, ...headers } });
}

const noSuchRoute = () =>
  new NotFoundError("ROUTE_NOT_FOUND", { vi: "Không có đường dẫn này.", en: "No such route." });

function writeLambdaResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | undefined): void {
  if (result === undefined) {
    sendError(res, 500, "INTERNAL", "Đã có lỗi hệ thống.", "Something went wrong.");
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies !== undefined && result.cookies.length > 0) headers["set-cookie"] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? "";
  res.end(result.isBase64Encoded === true ? Buffer.from(body, "base64") : body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_READ_BYTES) return "too-large";
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
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
 * Serves the pages and the API on one port: /api/* requests become API Gateway HTTP API v2
 * events, their Bearer tokens are verified as the JWT authorizer would, and the deployed
 * handlers answer them.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const verifyBearer = async (token: string): Promise<Record<string, unknown> | null> =>
    (await options.openId?.verify(token)) ?? (await options.auth?.verify(token)) ?? null;
  const routeKeys = makeRouteMatcher(
    options.routes.map((entry) => ({ method: entry.route.method, path: entry.route.path, entry })),
  );

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://localhost");
    const pathname = url.pathname;
    if (!isLoopbackHostHeader(req.headers.host)) {
      sendGatewayError(
        res,
        new ForbiddenError("HOST_NOT_LOCAL", {
          vi: "Máy chủ cục bộ chỉ trả lời địa chỉ 127.0.0.1 hoặc localhost.",
          en: "The local server answers only 127.0.0.1 or localhost.",
        }),
      );
      return;
    }
    if (options.openId !== undefined && (pathname === "/auth" || pathname.startsWith("/auth/"))) {
      await options.openId.handle(req, res);
      return;
    }
    if (options.openId !== undefined && pathname === RUNTIME_CONFIG_PATH && method === "GET") {
      sendJson(
        res,
        200,
        { authority: options.openId.issuer, clientId: options.openId.clientId, demo: options.auth !== null },
        { "cache-control": "no-cache" },
      );
      return;
    }
    const body = await readBody(req);
    if (body === "too-large") {
      sendGatewayError(
        res,
        new PayloadTooLargeError("PAYLOAD_TOO_LARGE", {
          vi: "Nội dung quá lớn.",
          en: "The body is too large.",
        }),
        { connection: "close" },
      );
      return;
    }
    const raw: RawRequest = {
      method,
      url: req.url ?? "/",
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
      now: new Date(),
    };

    if (pathname.startsWith("/gateway/") && options.gateway !== null) {
      const event = buildHttpApiEvent(raw, "$default");
      writeLambdaResult(res, await options.gateway(event as never, fakeContext("gateway-mock", 30_000)));
      return;
    }

    if (pathname === OPENAPI_PATH && method === "GET" && options.openApi !== undefined) {
      sendJson(res, 200, options.openApi, { "cache-control": "no-cache" });
      return;
    }

    if (pathname === "/api/dev/token" && options.auth !== null) {
      if (method !== "POST") {
        sendGatewayError(res, noSuchRoute());
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        sendGatewayError(
          res,
          new BadRequestError("BODY_MALFORMED", {
            vi: "Nội dung không phải JSON hợp lệ.",
            en: "The body is not valid JSON.",
          }),
        );
        return;
      }
      const parsed = devTokenRequestSchema.safeParse(json);
      if (!parsed.success) {
        const detail = parsed.error.issues
          .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
          .join("; ");
        sendGatewayError(
          res,
          new BadRequestError("BODY_INVALID", {
            vi: `Yêu cầu không hợp lệ: ${detail}`,
            en: `Invalid request: ${detail}`,
          }),
        );
        return;
      }
      sendJson(res, 200, { token: await options.auth.mint(parsed.data) });
      return;
    }

    if (pathname === CALL_STREAM_PATH && method === "GET") {
      const token = bearerOf(req);
      const claims = token === null ? null : await verifyBearer(token);
      const facility = url.searchParams.get("facility") ?? "";
      if (claims === null) {
        sendGatewayError(
          res,
          new AuthError("UNAUTHENTICATED", {
            vi: "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.",
            en: "Not signed in, or the sign-in has expired.",
          }),
          { "www-authenticate": "Bearer" },
        );
        return;
      }
      if (!mayListen(claims, facility)) {
        sendGatewayError(
          res,
          new ForbiddenError("CALLS_OTHER_FACILITY", {
            vi: "Màn hình chỉ được hiển thị lượt gọi của cơ sở mình.",
            en: "A screen may only show its own facility's calls.",
          }),
        );
        return;
      }
      serveCallStream(req, res, facility);
      return;
    }

    if (pathname.startsWith("/api/")) {
      const matched = routeKeys.match(method, pathname);
      const entry = matched?.entry;
      if (matched === undefined || entry === undefined) {
        // HTTP API answers 404 to any method and path it has no route for.
        sendGatewayError(res, noSuchRoute());
        return;
      }
      const token = bearerOf(req);
      const claims = token === null ? null : await verifyBearer(token);
      if (claims === null) {
        sendGatewayError(
          res,
          new AuthError("UNAUTHENTICATED", {
            vi: "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.",
            en: "Not signed in, or the sign-in has expired.",
          }),
          { "www-authenticate": "Bearer" },
        );
        return;
      }
      if (options.admit !== undefined) {
        const facility = typeof claims["custom:facility"] === "string" ? claims["custom:facility"] : null;
        const admission = options.admit({ sub: String(claims.sub ?? ""), facility }, entry.route);
        if (!admission.ok) {
          sendGatewayError(
            res,
            new RateLimitError(admission.retryAfterSeconds, {
              vi: "Quá nhiều yêu cầu, vui lòng chờ.",
              en: "Too many requests; please wait.",
            }),
          );
          return;
        }
      }
      const built = buildHttpApiEvent(raw, `${entry.route.method} ${entry.route.path}`);
      const event: APIGatewayProxyEventV2 =
        Object.keys(matched.pathParameters).length === 0
          ? built
          : { ...built, pathParameters: matched.pathParameters };
      const result = await entry.handler(
        withJwtClaims(event, claims) as never,
        fakeContext(entry.route.function, 29_000),
      );
      writeLambdaResult(res, result);
      return;
    }

    if (
      (method === "GET" || method === "HEAD") &&
      options.webRoot !== null &&
      serveStatic(options.webRoot, pathname, res)
    ) {
      return;
    }
    const page = PAGES[pathname];
    if ((method === "GET" || method === "HEAD") && page !== undefined) {
      // A page path always answers a page, even when it cannot be served: a JSON 404 explains nothing.
      sendPageFallback(
        res,
        method,
        pageNotBuilt(
          page,
          options.webRoot === null
            ? "This server was started without pages (API only)."
            : (options.pagesProblem?.() ?? null),
        ),
      );
      return;
    }
    if ((method === "GET" || method === "HEAD") && (req.headers.accept ?? "").includes("text/html")) {
      sendPageFallback(res, method, noSuchPage(pathname));
      return;
    }
    sendGatewayError(res, new NotFoundError("NOT_FOUND", { vi: "Không tìm thấy.", en: "Not found." }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Handlers answer their own errors; this only guards the adapter itself.
      if (!res.headersSent) sendError(res, 500, "INTERNAL", "Đã có lỗi hệ thống.", "Something went wrong.");
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host)) throw new Error(`HOST=${host} is refused: ${NOT_LOOPBACK_REASON}`);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
