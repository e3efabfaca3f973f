/**
 * The local stand-in of AppSync Events for calls: a WebSocket at /event/realtime that speaks the
 * same protocol subset the pages speak to AppSync Events in AWS (connection_init, subscribe,
 * data, ka, unsubscribe), fed in-process by the local call publisher. The token is checked as the
 * API's JWT check does, and a subscription to another facility's channel is refused, as the
 * channel namespace's subscribe handler refuses it in AWS.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import {
  AUTH_PROTOCOL_PREFIX,
  CALL_LISTENER_ROLES,
  type ClientEventMessage,
  clientEventMessageSchema,
  EVENT_SOCKET_PATH,
  EVENT_SOCKET_PROTOCOL,
  type EventAuthorization,
  eventAuthorizationSchema,
  facilityOfChannel,
  type ServerEventMessage,
} from "#domain/call-channel";
import { localCallHub } from "#functions/realtime/local-call-hub";
import { isLoopbackHostHeader } from "./loopback.ts";

/** The claims of a token the API's JWT check would let through, or null. */
type VerifyToken = (token: string) => Promise<Record<string, unknown> | null>;

export interface CallSocketOptions {
  readonly verify: VerifyToken;
  /** Between keep-alives (AppSync Events sends one a minute). */
  readonly keepAliveMs?: number;
  /** The silence after which a client counts the link as dead, told in connection_ack. */
  readonly connectionTimeoutMs?: number;
}

/** Subscriptions one socket may hold: a screen needs one; the cap keeps a runaway client bounded. */
const MAX_SUBSCRIPTIONS = 10;
/** The largest message a client may send (a subscribe with its token is about 2 KB). */
const MAX_MESSAGE_BYTES = 16 * 1024;

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" ? value.replace(/^\[|\]$/g, "").split(/[\s,]+/) : [];
}

/**
 * Whether verified claims may listen to a facility's calls: a display, room or reception account of
 * that same facility.
 */
function mayListen(claims: Record<string, unknown>, facility: string): boolean {
  return (
    groupsOf(claims["cognito:groups"]).some((group) => CALL_LISTENER_ROLES.includes(group)) &&
    claims["custom:facility"] === facility
  );
}

/** The authorization carried in the `header-<base64url JSON>` subprotocol, or null. */
function authorizationOf(req: IncomingMessage): EventAuthorization | null {
  const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((part) => part.trim());
  if (!offered.includes(EVENT_SOCKET_PROTOCOL)) return null;
  const header = offered.find((part) => part.startsWith(AUTH_PROTOCOL_PREFIX));
  if (header === undefined) return null;
  try {
    const json: unknown = JSON.parse(
      Buffer.from(header.slice(AUTH_PROTOCOL_PREFIX.length), "base64url").toString("utf8"),
    );
    const parsed = eventAuthorizationSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The token of an authorization: Cognito sends the bare JWT; a `Bearer ` prefix is accepted too. */
const tokenOf = (authorization: EventAuthorization) => authorization.Authorization.replace(/^Bearer\s+/i, "");

function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404): void {
  const text = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

const unauthorized = (id: string, message: string): ServerEventMessage => ({
  type: "subscribe_error",
  id,
  errors: [{ errorType: "UnauthorizedException", message }],
});

/** Serves one accepted socket until it closes; every subscription goes with it. */
function serveSocket(ws: WebSocket, connection: EventAuthorization, options: CallSocketOptions): void {
  const subscriptions = new Map<string, () => void>();
  const send = (message: ServerEventMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const keepAlive = setInterval(() => send({ type: "ka" }), options.keepAliveMs ?? 60_000);
  keepAlive.unref();

  const subscribe = async (message: Extract<ClientEventMessage, { type: "subscribe" }>) => {
    if (subscriptions.has(message.id) || subscriptions.size >= MAX_SUBSCRIPTIONS) {
      send({ type: "subscribe_error", id: message.id, errors: [{ errorType: "BadRequestException" }] });
      return;
    }
    const claims = await options.verify(tokenOf(message.authorization ?? connection));
    const facility = facilityOfChannel(message.channel);
    if (claims === null) {
      send(unauthorized(message.id, "The token is not valid."));
      return;
    }
    if (facility === null || !mayListen(claims, facility)) {
      send(unauthorized(message.id, "A screen may only subscribe to its own facility's calls."));
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    subscriptions.set(
      message.id,
      localCallHub.subscribe(facility, (call) =>
        send({ type: "data", id: message.id, event: JSON.stringify(call) }),
      ),
    );
    send({ type: "subscribe_success", id: message.id });
  };

  const receive = async (message: ClientEventMessage) => {
    switch (message.type) {
      case "connection_init":
        send({ type: "connection_ack", connectionTimeoutMs: options.connectionTimeoutMs ?? 300_000 });
        return;
      case "subscribe":
        await subscribe(message);
        return;
      case "unsubscribe": {
        const stop = subscriptions.get(message.id);
        if (stop === undefined) {
          send({
            type: "unsubscribe_error",
            id: message.id,
            errors: [{ errorType: "UnknownOperationError" }],
          });
          return;
        }
        stop();
        subscriptions.delete(message.id);
        send({ type: "unsubscribe_success", id: message.id });
        return;
      }
      case "publish":
        // Only the functions publish (IAM in AWS); a screen never does.
        send(unauthorizedPublish(message.id));
        return;
    }
  };

  ws.on("message", (data, isBinary) => {
    let parsed: ReturnType<typeof clientEventMessageSchema.safeParse> | null = null;
    try {
      parsed = isBinary ? null : clientEventMessageSchema.safeParse(JSON.parse(String(data)));
    } catch {
      parsed = null;
    }
    if (parsed === null || !parsed.success) {
      send({ type: "error", errors: [{ errorType: "UnsupportedOperation" }] });
      return;
    }
    void receive(parsed.data);
  });
  ws.on("close", () => {
    clearInterval(keepAlive);
    for (const stop of subscriptions.values()) stop();
    subscriptions.clear();
  });
}

const unauthorizedPublish = (id: string): ServerEventMessage => ({
  type: "publish_error",
  id,
  errors: [{ errorType: "UnauthorizedException", message: "Screens may not publish." }],
});

/**
 * Answers WebSocket upgrades at /event/realtime on the local server. A socket without a valid
 * token in its subprotocol is refused before it opens (401), as is a host that is not loopback.
 */
export function attachCallSocket(server: Server, options: CallSocketOptions): { close(): void } {
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(EVENT_SOCKET_PROTOCOL) ? EVENT_SOCKET_PROTOCOL : false),
  });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname !== EVENT_SOCKET_PATH) return refuseUpgrade(socket, 404);
    if (!isLoopbackHostHeader(req.headers.host)) return refuseUpgrade(socket, 403);
    const authorization = authorizationOf(req);
    if (authorization === null) return refuseUpgrade(socket, 401);
    options
      .verify(tokenOf(authorization))
      .then((claims) => {
        if (claims === null) return refuseUpgrade(socket, 401);
        sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, authorization, options));
      })
      .catch(() => socket.destroy());
  };
  server.on("upgrade", upgrade);
  return {
    close: () => {
      server.off("upgrade", upgrade);
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
