/**
 * One subscription over AppSync Events' WebSocket protocol (the local server speaks the same):
 * the socket opens with the authorization in its subprotocol, `connection_init` is answered by
 * `connection_ack` with the longest silence allowed, `subscribe` by `subscribe_success`, then
 * events arrive as `data` and keep-alives as `ka`. A link silent for longer than allowed is dead.
 */
import {
  AUTH_PROTOCOL_PREFIX,
  EVENT_SOCKET_PROTOCOL,
  type EventAuthorization,
  serverEventMessageSchema,
} from "#domain/call-channel";

/** Where the socket is and which host its authorization names. */
export interface SocketEndpoint {
  readonly url: string;
  readonly host: string;
}

/** Builds the socket; tests and other runtimes hand in their own. */
export type MakeSocket = (url: string, protocols: string[]) => WebSocket;

export interface SubscriptionOptions {
  readonly endpoint: SocketEndpoint;
  /** The ID token (Cognito user pool authorization in AWS, the local provider's locally). */
  readonly token: string;
  readonly channel: string;
  readonly signal: AbortSignal;
  /** Called once the subscription is confirmed: from now on no event is missed. */
  readonly onSubscribed: () => void;
  /** Each event, parsed from its JSON text. */
  readonly onEvent: (event: unknown) => void;
  readonly makeSocket?: MakeSocket;
  /** How long to wait for connection_ack and subscribe_success. */
  readonly answerTimeoutMs?: number;
}

/** The server refused the subscription (a token of another facility, or none that is valid). */
class SubscriptionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubscriptionRefusedError";
  }
}

/** The authorization subprotocol: `header-` and the base64url of its JSON. */
export function authProtocolOf(authorization: EventAuthorization): string {
  const bytes = new TextEncoder().encode(JSON.stringify(authorization));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64url = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${AUTH_PROTOCOL_PREFIX}${base64url}`;
}

let nextId = 0;

/**
 * Runs one subscription until the link ends. Resolves when a confirmed subscription ends (a cut,
 * a silence, or the signal); rejects when it could not be set up.
 */
export function runSubscription(options: SubscriptionOptions): Promise<void> {
  const authorization: EventAuthorization = { host: options.endpoint.host, Authorization: options.token };
  const make: MakeSocket = options.makeSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  nextId += 1;
  const id = `calls-${Date.now().toString(36)}-${nextId}`;
  return new Promise<void>((resolve, reject) => {
    if (options.signal.aborted) {
      resolve();
      return;
    }
    const socket = make(options.endpoint.url, [EVENT_SOCKET_PROTOCOL, authProtocolOf(authorization)]);
    let subscribed = false;
    let done = false;
    let silenceMs = options.answerTimeoutMs ?? 10_000;
    let serverSilenceMs = silenceMs;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const send = (message: object) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    };
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(watchdog);
      options.signal.removeEventListener("abort", stop);
      try {
        if (subscribed) send({ type: "unsubscribe", id });
        socket.close(1000);
      } catch {
        // Already closing.
      }
      if (error === undefined || subscribed) resolve();
      else reject(error);
    };
    const stop = () => finish();
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => finish(new Error("the channel went silent")), silenceMs);
    };
    options.signal.addEventListener("abort", stop);
    socket.onopen = () => {
      send({ type: "connection_init" });
      arm();
    };
    socket.onclose = () => finish(new Error("the channel closed"));
    socket.onmessage = (raw: MessageEvent) => {
      let parsed: ReturnType<typeof serverEventMessageSchema.safeParse>;
      try {
        parsed = serverEventMessageSchema.safeParse(JSON.parse(String(raw.data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const message = parsed.data;
      arm();
      switch (message.type) {
        case "connection_ack":
          // Until subscribed the answer timeout holds; then the server's own silence limit.
          serverSilenceMs = message.connectionTimeoutMs;
          send({ type: "subscribe", id, channel: options.channel, authorization });
          return;
        case "subscribe_success":
          if (message.id !== id) return;
          subscribed = true;
          silenceMs = serverSilenceMs;
          arm();
          options.onSubscribed();
          return;
        case "subscribe_error":
          finish(new SubscriptionRefusedError(message.errors?.[0]?.message ?? "subscription refused"));
          return;
        case "data": {
          if (message.id !== id) return;
          for (const text of Array.isArray(message.event) ? message.event : [message.event]) {
            try {
              options.onEvent(JSON.parse(text));
            } catch {
              // A malformed event is dropped; the next catch-up brings the call anyway.
            }
          }
          return;
        }
        case "connection_error":
        case "error":
          finish(new Error(message.errors?.[0]?.errorType ?? "channel error"));
          return;
        default:
          return;
      }
    };
  });
}
