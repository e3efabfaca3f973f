/**
 * A screen's link to its facility's calls, the same code path in AWS and locally: one
 * subscription over AppSync Events' WebSocket protocol for calls as they happen, and
 * GET /api/calls for what was missed, after every (re)connection. The link comes back by itself
 * after a cut, a little later each time; while it is down the catch-up request runs every few
 * seconds instead, and only then.
 */
import { callChannelOf } from "#domain/call-channel";
import { type Call, callsAnswerSchema, channelMessageSchema } from "#domain/room-contract";
import { requestJson } from "#web/api/client";
import { loadCallEndpoint } from "./call-endpoint.ts";
import { type MakeSocket, runSubscription, type SocketEndpoint } from "./event-socket.ts";

export type StreamState = "connecting" | "live" | "reconnecting";

export interface CallStreamOptions {
  readonly facility: string;
  readonly token: string;
  /** The newest call id the screen already holds (to catch up from). */
  readonly lastCallId: () => string | null;
  readonly onCalls: (calls: readonly Call[], live: boolean) => void;
  readonly onState: (state: StreamState) => void;
  /** A room's queue changed (room pages read it again); screens that show only calls leave it out. */
  readonly onQueue?: (room: string) => void;
}

/** What the link is built on: the default is the page's own, tests hand in theirs. */
export interface CallLinkParts {
  readonly endpoint: () => Promise<SocketEndpoint | null>;
  readonly catchUp: (since: string | null) => Promise<readonly Call[]>;
  readonly makeSocket?: MakeSocket;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** While the socket is down, how often the screen asks for new calls. */
  readonly pollMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });

/** Keeps the screen linked through the given parts until the answer is called. */
export function openCallLink(options: CallStreamOptions, parts: CallLinkParts): () => void {
  const stop = new AbortController();
  const signal = stop.signal;
  const retryMin = parts.retryMinMs ?? 1_000;
  const retryMax = parts.retryMaxMs ?? 30_000;
  const poll = parts.pollMs ?? 3_000;
  const catchUp = async () => {
    try {
      const calls = await parts.catchUp(options.lastCallId());
      if (!signal.aborted) options.onCalls(calls, false);
    } catch {
      // Offline or refused: the next (re)connection or poll tries again.
    }
  };
  const subscribe = async (endpoint: SocketEndpoint) => {
    await runSubscription({
      endpoint,
      token: options.token,
      channel: callChannelOf(options.facility),
      signal,
      ...(parts.makeSocket === undefined ? {} : { makeSocket: parts.makeSocket }),
      // Subscribed before the catch-up, so no call falls between the two.
      onSubscribed: () => {
        void catchUp().then(() => {
          if (!signal.aborted) options.onState("live");
        });
      },
      onEvent: (event) => {
        const message = channelMessageSchema.safeParse(event);
        if (!message.success || message.data.facility !== options.facility) return;
        if (message.data.type === "call") options.onCalls([message.data.call], true);
        else options.onQueue?.(message.data.room);
      },
    });
  };
  const run = async () => {
    let wait = retryMin;
    options.onState("connecting");
    while (!signal.aborted) {
      const endpoint = await parts.endpoint().catch(() => null);
      if (endpoint !== null) {
        try {
          await subscribe(endpoint);
          // A link that worked and was cut: the next attempt starts from the shortest wait.
          wait = retryMin;
        } catch {
          // Refused or never set up: back off below.
        }
      }
      if (signal.aborted) return;
      options.onState("reconnecting");
      // Jittered, so the screens of a facility do not all come back in the same instant.
      const retryAt = Date.now() + wait * (0.5 + Math.random() / 2);
      while (!signal.aborted && Date.now() < retryAt) {
        await catchUp();
        await sleep(Math.min(poll, Math.max(0, retryAt - Date.now())), signal);
      }
      wait = Math.min(retryMax, wait * 2);
    }
  };
  void run();
  return () => stop.abort();
}

/** The page's link: the configured endpoint and GET /api/calls with the screen's token. */
export function openCallStream(options: CallStreamOptions): () => void {
  return openCallLink(options, {
    endpoint: loadCallEndpoint,
    catchUp: async (since) => {
      const query = new URLSearchParams({ facility: options.facility, ...(since === null ? {} : { since }) });
      const answer = await requestJson(
        { method: "GET", path: `/api/calls?${query.toString()}`, token: options.token, timeoutMs: 8_000 },
        callsAnswerSchema,
      );
      return answer.calls;
    },
  });
}
