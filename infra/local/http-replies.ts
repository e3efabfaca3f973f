import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { ERROR_CODE, NotFoundError, type TiepdonError } from "#domain/errors";
import { errorResponse } from "#functions/http/error-response";

/** Largest body read into memory; the handlers enforce their own, smaller limit. */
const MAX_READ_BYTES = 1024 * 1024;

/** The Lambda context a deployed handler would get, for a local call with the given time limit. */
export function fakeContext(functionName: string, timeoutMs: number): Context {
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

/** Answers a JSON body that no cache keeps. */
export function sendJson(
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

/** The 500 the adapter answers when it fails itself, in the contract's error body. */
export function sendInternalError(res: ServerResponse): void {
  sendJson(res, 500, {
    error: { code: ERROR_CODE.INTERNAL, message: "Đã có lỗi hệ thống.", messageEn: "Something went wrong." },
  });
}

/** What API Gateway itself answers (no route, no token, throttled), in the contract's error body. */
export function sendGatewayError(
  res: ServerResponse,
  error: TiepdonError,
  headers: Record<string, string> = {},
): void {
  const { response } = errorResponse(error);
  writeLambdaResult(res, { ...response, headers: { ...response.headers, ...headers } });
}

/** The 404 HTTP API answers to any method and path it has no route for. */
export const noSuchRoute = () =>
  new NotFoundError(ERROR_CODE.ROUTE_NOT_FOUND, { vi: "Không có đường dẫn này.", en: "No such route." });

/** Writes a handler's result as API Gateway would. */
export function writeLambdaResult(
  res: ServerResponse,
  result: APIGatewayProxyStructuredResultV2 | undefined,
): void {
  if (result === undefined) {
    sendInternalError(res);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies !== undefined && result.cookies.length > 0) headers["set-cookie"] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? "";
  res.end(result.isBase64Encoded === true ? Buffer.from(body, "base64") : body);
}

/** The request body, or "too-large" past the adapter's read limit. */
export async function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
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

/** The token of an `Authorization: Bearer` header, or null. */
export function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}
