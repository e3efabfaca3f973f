/** fetch for the API: bearer token, zod-checked answers, bilingual errors, polite retries. */
import type * as z from "zod";
import { type Bilingual, ERROR_CODE } from "#domain/errors";
import { errorBodySchema } from "./schemas.ts";

/** An API or network failure, with the message to show in either language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: Bilingual;
  constructor(status: number, code: string, messages: Bilingual) {
    super(messages.en);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.messages = messages;
  }
}

export interface ApiRequest {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly token: string | null;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra attempts after a network failure, a 429 or a 503; only for requests safe to repeat. */
  readonly retries?: number;
  /** An attempt with no answer by then is a network failure (a connection that hangs, not refuses). */
  readonly timeoutMs?: number;
}

const NETWORK: Bilingual = {
  vi: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
  en: "The server could not be reached. Check the network and try again.",
};
const BAD_ANSWER: Bilingual = {
  vi: "Máy chủ trả lời không đúng định dạng.",
  en: "The server's answer was not in the expected form.",
};
/** Longest wait the page accepts from Retry-After before giving up and telling the user. */
const MAX_RETRY_WAIT_MS = 8_000;

let onUnauthorized: ((token: string | null) => void) | null = null;

/** Registers what to do when the API says the sign-in is no longer valid (drop the session). */
export function whenUnauthorized(handler: (token: string | null) => void): void {
  onUnauthorized = handler;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(response: Response, attempt: number): number {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500 * 2 ** attempt;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) {
    return new ApiError(response.status, `HTTP_${response.status}`, {
      vi: `Lỗi máy chủ (${response.status}).`,
      en: `Server error (${response.status}).`,
    });
  }
  const { code, message, messageEn } = parsed.data.error;
  return new ApiError(response.status, code, { vi: message, en: messageEn ?? message });
}

/** Sends the request and returns the raw response once it is a success; throws ApiError otherwise. */
export async function requestApi(request: ApiRequest): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  if (request.token !== null) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const retries = request.retries ?? 0;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(request.path, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        ...(request.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(request.timeoutMs) }),
      });
    } catch {
      if (attempt < retries) {
        await sleep(500 * 2 ** attempt);
        continue;
      }
      throw new ApiError(0, ERROR_CODE.NETWORK, NETWORK);
    }
    if (response.ok) return response;
    const wait = retryAfterMs(response, attempt);
    if (
      (response.status === 429 || response.status === 503) &&
      attempt < retries &&
      wait <= MAX_RETRY_WAIT_MS
    ) {
      await sleep(wait);
      continue;
    }
    const error = await errorOf(response);
    if (response.status === 401) onUnauthorized?.(request.token);
    throw error;
  }
}

/** Sends the request and checks the JSON answer against its schema. */
export async function requestJson<T>(request: ApiRequest, schema: z.ZodType<T>): Promise<T> {
  const response = await requestApi(request);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status, ERROR_CODE.BAD_ANSWER, BAD_ANSWER);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, ERROR_CODE.BAD_ANSWER, BAD_ANSWER);
  return parsed.data;
}

/** The bilingual message of anything caught around an API call. */
export function messagesOf(error: unknown): Bilingual {
  if (error instanceof ApiError) return error.messages;
  return { vi: "Đã có lỗi không mong muốn.", en: "Something unexpected went wrong." };
}
