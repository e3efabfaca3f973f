/**
 * A screen's link to its facility's calls: the real-time stream for calls as they happen and
 * GET /api/calls for what was missed, again after every cut. Where there is no stream, the
 * catch-up alone runs every few seconds.
 */
import { type Call, callMessageSchema, callsAnswerSchema } from "#domain/room-contract";
import { requestJson } from "#web/api/client";

export type StreamState = "connecting" | "live" | "reconnecting";

export interface CallStreamOptions {
  readonly facility: string;
  readonly token: string;
  /** The newest call id the screen already holds (to catch up from). */
  readonly lastCallId: () => string | null;
  readonly onCalls: (calls: readonly Call[], live: boolean) => void;
  readonly onState: (state: StreamState) => void;
}

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;
/** Without a stream, how often the screen asks for new calls. */
const POLL_MS = 3_000;
/** A stream silent for longer than this (the server beats every 15 s) is dead. */
const SILENCE_MS = 40_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

async function catchUp(options: CallStreamOptions): Promise<void> {
  const since = options.lastCallId();
  const query = new URLSearchParams({ facility: options.facility, ...(since === null ? {} : { since }) });
  const answer = await requestJson(
    { method: "GET", path: `/api/calls?${query.toString()}`, token: options.token, timeoutMs: 8_000 },
    callsAnswerSchema,
  );
  options.onCalls(answer.calls, false);
}

/** Reads server-sent events until the stream ends, is silent too long, or the screen stops. */
async function readStream(
  response: Response,
  options: CallStreamOptions,
  signal: AbortSignal,
): Promise<void> {
  const reader = response.body?.getReader();
  if (reader === undefined) return;
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const silence = new Promise<"silent">((resolve) => setTimeout(() => resolve("silent"), SILENCE_MS));
    const chunk = await Promise.race([reader.read(), silence]);
    if (chunk === "silent" || chunk.done || signal.aborted) {
      await reader.cancel().catch(() => undefined);
      return;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split("\n")) {
        if (!line.startsWith("data: ")) continue;
        try {
          const message = callMessageSchema.parse(JSON.parse(line.slice(6)));
          if (message.facility === options.facility) options.onCalls([message.call], true);
        } catch {
          // A malformed message is dropped; the next catch-up brings the call anyway.
        }
      }
    }
  }
}

/** Keeps the screen linked until the answer is called. */
export function openCallStream(options: CallStreamOptions): () => void {
  const stop = new AbortController();
  const run = async () => {
    let wait = RETRY_MIN_MS;
    while (!stop.signal.aborted) {
      options.onState("connecting");
      try {
        const response = await fetch(`/api/calls/stream?facility=${encodeURIComponent(options.facility)}`, {
          headers: { authorization: `Bearer ${options.token}`, accept: "text/event-stream" },
          signal: stop.signal,
        });
        if (response.ok) {
          // The stream is open before the catch-up, so nothing falls between the two.
          await catchUp(options);
          options.onState("live");
          wait = RETRY_MIN_MS;
          await readStream(response, options, stop.signal);
        } else {
          await catchUp(options);
          await sleep(POLL_MS, stop.signal);
          continue;
        }
      } catch {
        // A network cut or a server restart: try again, a little later each time.
      }
      if (stop.signal.aborted) return;
      options.onState("reconnecting");
      await sleep(wait, stop.signal);
      wait = Math.min(RETRY_MAX_MS, wait * 2);
    }
  };
  void run();
  return () => stop.abort();
}
