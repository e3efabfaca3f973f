import { gzipSync } from "node:zlib";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

const BASE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

/** A JSON answer with the headers every API answer carries. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

/** A text answer such as a CSV export. */
export function textResponse(
  statusCode: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...BASE_HEADERS, "content-type": contentType, ...headers }, body };
}

/** Answers from this size on go gzip-compressed to a client that accepts it. */
export const COMPRESS_FROM_BYTES = 8 * 1024;

/** Whether an Accept-Encoding header admits gzip (`gzip`, `*`, not `gzip;q=0`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  for (const part of (acceptEncoding ?? "").toLowerCase().split(",")) {
    const [name = "", ...params] = part.split(";").map((text) => text.trim());
    if (name !== "gzip" && name !== "*") continue;
    const q = params.find((param) => param.startsWith("q="));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/**
 * The answer gzip-compressed (base64, as API Gateway passes binary bodies) when it is large and
 * the client accepts gzip, else unchanged. A national facility ranking is 6–7 MB of JSON, past
 * Lambda's 6 MB limit on an answer; compressed it is under a megabyte, and faster on a clinic's line.
 */
export function compressForClient(
  response: APIGatewayProxyStructuredResultV2,
  acceptEncoding: string | undefined,
): APIGatewayProxyStructuredResultV2 {
  const body = response.body;
  if (body === undefined || response.isBase64Encoded === true) return response;
  if (Buffer.byteLength(body) < COMPRESS_FROM_BYTES || !acceptsGzip(acceptEncoding)) return response;
  return {
    ...response,
    headers: { ...response.headers, "content-encoding": "gzip", vary: "accept-encoding" },
    body: gzipSync(body, { level: 6 }).toString("base64"),
    isBase64Encoded: true,
  };
}
