import { Agent, type IncomingHttpHeaders, request } from "node:http";

/** One request exactly as it goes on the wire: the path is not normalised, the body is raw bytes. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly ms: number;
}

/** Raised when no answer came within the per-request timeout: the server hung. */
export class HangError extends Error {
  override readonly name = "HangError";
}

export interface RawClient {
  send(request: RawRequest): Promise<RawResponse>;
  close(): void;
}

/** A keep-alive HTTP/1.1 client for fuzzing: raw paths and bytes, and a deadline on every request. */
export function makeRawClient(
  baseUrl: string,
  options: { maxSockets: number; timeoutMs: number },
): RawClient {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  return {
    send(raw) {
      const started = performance.now();
      return new Promise<RawResponse>((resolve, reject) => {
        const headers: Record<string, string> = { ...raw.headers };
        if (raw.body !== undefined) headers["content-length"] = String(raw.body.length);
        const req = request(
          { host: base.hostname, port: base.port, method: raw.method, path: raw.path, headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", reject);
            res.on("end", () => {
              clearTimeout(timer);
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                text: Buffer.concat(chunks).toString("utf8"),
                ms: performance.now() - started,
              });
            });
          },
        );
        const timer = setTimeout(() => {
          req.destroy(new HangError(`no answer within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
        req.on("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
        req.end(raw.body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Runs the tasks with at most `limit` in flight and returns their results in order. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The contract's error body: a stable UPPER_SNAKE code and a message in both languages. */
export function errorBodyProblem(status: number, text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `status ${status} body is not JSON: ${text.slice(0, 120)}`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; messageEn?: unknown } } | null)
    ?.error;
  if (typeof error?.code !== "string" || !/^[A-Z][A-Z0-9_]+$/.test(error.code))
    return `status ${status} without a stable error code: ${text.slice(0, 160)}`;
  if (typeof error.message !== "string" || error.message.trim() === "")
    return `status ${status} ${error.code} without message`;
  if (typeof error.messageEn !== "string" || error.messageEn.trim() === "")
    return `status ${status} ${error.code} without messageEn`;
  return null;
}
