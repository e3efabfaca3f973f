import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { EVENT_SOCKET_PATH } from "#domain/call-channel";
import { ERROR_CODE, ForbiddenError, PayloadTooLargeError } from "#domain/errors";
import type { RawRequest } from "./api-event.ts";
import { buildHttpApiEvent } from "./api-event.ts";
import {
  type ApiOptions,
  answerDevToken,
  type LambdaHandler,
  makeApiRouter,
  type VerifyBearer,
} from "./api-routes.ts";
import { attachCallSocket } from "./call-socket.ts";
import type { DevAuth } from "./dev-auth.ts";
import {
  fakeContext,
  readBody,
  sendGatewayError,
  sendInternalError,
  sendJson,
  writeLambdaResult,
} from "./http-replies.ts";
import { isLoopbackHost, isLoopbackHostHeader, NOT_LOOPBACK_REASON } from "./loopback.ts";
import { type PageSource, servePages } from "./static-pages.ts";

export type { LambdaHandler } from "./api-routes.ts";

export interface LocalServerOptions extends ApiOptions, PageSource {
  readonly port: number;
  readonly host?: string;
  /** The mock national gateway, mounted under /gateway with no user authentication. */
  readonly gateway: LambdaHandler | null;
  /** The demo's token minter (`POST /api/dev/token`); null in clinic mode, where that route is 404. */
  readonly auth: DevAuth | null;
  /** The local OpenID provider, mounted under /auth, whose ID tokens the API accepts. */
  readonly openId?: LocalOpenId;
  /** The API's OpenAPI document, answered at GET /api/openapi.json without sign-in. */
  readonly openApi?: unknown;
}

/** The local OpenID provider as the server mounts it. */
export interface LocalOpenId {
  readonly issuer: string;
  readonly clientId: string;
  /** The client of the unattended devices (kiosk, waiting-room screen). */
  readonly deviceClientId: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The verified claims of a token the HTTP API authorizer would let through, or null. */
  verify(token: string): Promise<Record<string, unknown> | null>;
}

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Where the pages read how to sign in (in AWS the stack writes this file next to them). */
const RUNTIME_CONFIG_PATH = "/config.json";

/** Where the local server answers the API's OpenAPI document. */
const OPENAPI_PATH = "/api/openapi.json";

const hostNotLocal = () =>
  new ForbiddenError(ERROR_CODE.HOST_NOT_LOCAL, {
    vi: "Máy chủ cục bộ chỉ trả lời địa chỉ 127.0.0.1 hoặc localhost.",
    en: "The local server answers only 127.0.0.1 or localhost.",
  });

const tooLarge = () =>
  new PayloadTooLargeError(ERROR_CODE.PAYLOAD_TOO_LARGE, {
    vi: "Nội dung quá lớn.",
    en: "The body is too large.",
  });

/** Routes a request to the part of the local server that answers it, in the order AWS would. */
function makeRequestHandler(options: LocalServerOptions, verifyBearer: VerifyBearer) {
  const routeApi = makeApiRouter(options, verifyBearer);

  /** What is answered before the body is read: the host check, sign-in and the pages' sign-in settings. */
  const answeredBeforeBody = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    pathname: string,
  ) => {
    if (!isLoopbackHostHeader(req.headers.host)) {
      sendGatewayError(res, hostNotLocal());
      return true;
    }
    const openId = options.openId;
    if (openId === undefined) return false;
    if (pathname === "/auth" || pathname.startsWith("/auth/")) {
      await openId.handle(req, res);
      return true;
    }
    if (pathname !== RUNTIME_CONFIG_PATH || method !== "GET") return false;
    const config = {
      authority: openId.issuer,
      clientId: openId.clientId,
      deviceClientId: openId.deviceClientId,
      demo: options.auth !== null,
      // The calls' socket on this same server, as AppSync Events' endpoint is given in AWS.
      callsUrl: `ws://${req.headers.host ?? "127.0.0.1"}${EVENT_SOCKET_PATH}`,
      callsHost: req.headers.host ?? "127.0.0.1",
    };
    sendJson(res, 200, config, { "cache-control": "no-cache" });
    return true;
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? "GET").toUpperCase();
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (await answeredBeforeBody(req, res, method, pathname)) return;
    const body = await readBody(req);
    if (body === "too-large") {
      sendGatewayError(res, tooLarge(), { connection: "close" });
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
    } else if (pathname === OPENAPI_PATH && method === "GET" && options.openApi !== undefined) {
      sendJson(res, 200, options.openApi, { "cache-control": "no-cache" });
    } else if (pathname === "/api/dev/token" && options.auth !== null) {
      await answerDevToken(res, method, body, options.auth);
    } else if (pathname.startsWith("/api/")) {
      await routeApi(req, res, raw, pathname);
    } else {
      servePages(req, res, options);
    }
  };
}

/**
 * Serves the pages and the API on one port: /api/* requests become API Gateway HTTP API v2
 * events, their Bearer tokens are verified as the JWT authorizer would, and the deployed
 * handlers answer them; calls go out over the AppSync Events-style socket at /event/realtime.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const verifyBearer: VerifyBearer = async (token) =>
    (await options.openId?.verify(token)) ?? (await options.auth?.verify(token)) ?? null;
  const handle = makeRequestHandler(options, verifyBearer);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Handlers answer their own errors; this only guards the adapter itself.
      if (!res.headersSent) sendInternalError(res);
      else res.destroy();
    });
  });
  const callSocket = attachCallSocket(server, { verify: verifyBearer });
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
        callSocket.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
