import type { APIGatewayProxyEventV2 } from "aws-lambda";
import * as z from "zod";
import { IDEMPOTENCY_KEY_PATTERN } from "#domain/contract";
import { BadRequestError, ERROR_CODE, PayloadTooLargeError, UnsupportedMediaTypeError } from "#domain/errors";

/** Largest JSON body any route accepts; a QR payload is far smaller. */
const MAX_BODY_BYTES = 16 * 1024;

/** Lower-cased header lookup (HTTP API already lower-cases, local callers may not). */
function headerOf(event: Pick<APIGatewayProxyEventV2, "headers">, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.join(".") || "(body)";
      return issue.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.join(", ")}`
        : `${path}: ${issue.message}`;
    })
    .join("; ");
}

/** Reads, size-checks and validates a JSON body against one schema. */
export function parseJsonBody<T extends z.ZodType>(
  event: Pick<APIGatewayProxyEventV2, "body" | "isBase64Encoded" | "headers">,
  schema: T,
): z.infer<T> {
  const contentType = headerOf(event, "content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new UnsupportedMediaTypeError(ERROR_CODE.UNSUPPORTED_MEDIA_TYPE, {
      vi: "Nội dung phải là JSON (Content-Type: application/json).",
      en: "The body must be JSON (Content-Type: application/json).",
    });
  }
  const raw = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  if (bytes.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(ERROR_CODE.PAYLOAD_TOO_LARGE, {
      vi: `Nội dung quá lớn (tối đa ${MAX_BODY_BYTES} byte).`,
      en: `The body is too large (at most ${MAX_BODY_BYTES} bytes).`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new BadRequestError(ERROR_CODE.BODY_MALFORMED, {
      vi: "Nội dung không phải JSON hợp lệ.",
      en: "The body is not valid JSON.",
    });
  }
  return parsePart(json, schema, {
    code: ERROR_CODE.BODY_INVALID,
    vi: "Nội dung yêu cầu không hợp lệ",
    en: "The request body is not valid",
  });
}

/** The query of a route that takes none: any parameter (e.g. `facility=`) is refused, never ignored. */
export const noQuerySchema = z.object({}).strict();

/** Validates one part of the request against its schema, refused with that part's code and words. */
function parsePart<T extends z.ZodType>(
  value: unknown,
  schema: T,
  refusal: { readonly code: string; readonly vi: string; readonly en: string },
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = describeIssues(result.error.issues);
    throw new BadRequestError(refusal.code, {
      vi: `${refusal.vi}: ${detail}`,
      en: `${refusal.en}: ${detail}`,
    });
  }
  return result.data;
}

/** Validates the query string against one schema. */
export function parseQuery<T extends z.ZodType>(
  event: Pick<APIGatewayProxyEventV2, "queryStringParameters">,
  schema: T,
): z.infer<T> {
  return parsePart(event.queryStringParameters ?? {}, schema, {
    code: ERROR_CODE.QUERY_INVALID,
    vi: "Tham số truy vấn không hợp lệ",
    en: "The query is not valid",
  });
}

/** The Idempotency-Key header, or null when there is none; a malformed one is refused. */
export function idempotencyKeyOf(event: Pick<APIGatewayProxyEventV2, "headers">): string | null {
  const value = headerOf(event, "idempotency-key");
  if (value === undefined) return null;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new BadRequestError(ERROR_CODE.IDEMPOTENCY_KEY_INVALID, {
      vi: "Idempotency-Key phải gồm 8–128 ký tự chữ, số hoặc . _ : -",
      en: "Idempotency-Key must be 8–128 letters, digits or . _ : -",
    });
  }
  return value;
}

/** Validates the path parameters (`{room}`, `{number}`) against one schema. */
export function parsePath<T extends z.ZodType>(
  event: Pick<APIGatewayProxyEventV2, "pathParameters">,
  schema: T,
): z.infer<T> {
  return parsePart(event.pathParameters ?? {}, schema, {
    code: ERROR_CODE.PATH_INVALID,
    vi: "Đường dẫn không hợp lệ",
    en: "The path is not valid",
  });
}
