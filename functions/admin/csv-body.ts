import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ERROR_CODE, PayloadTooLargeError, UnsupportedMediaTypeError } from "#domain/errors";

/** Largest import: 2,000 accounts or a province's facilities fit many times over. */
const MAX_CSV_BYTES = 1024 * 1024;

/** Whether the body is CSV text (`text/csv`), as imports send it. */
export function isCsvBody(event: Pick<APIGatewayProxyEventV2, "headers">): boolean {
  const type = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === "content-type",
  )?.[1];
  return /^text\/csv\s*(;|$)/i.test(type ?? "");
}

/** The CSV text of an import body, size-checked. */
export function csvBodyOf(
  event: Pick<APIGatewayProxyEventV2, "body" | "isBase64Encoded" | "headers">,
): string {
  if (!isCsvBody(event)) {
    throw new UnsupportedMediaTypeError(ERROR_CODE.UNSUPPORTED_MEDIA_TYPE, {
      vi: "Tệp nhập phải là CSV (Content-Type: text/csv).",
      en: "An import must be CSV (Content-Type: text/csv).",
    });
  }
  const raw = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  if (bytes.length > MAX_CSV_BYTES) {
    throw new PayloadTooLargeError(ERROR_CODE.PAYLOAD_TOO_LARGE, {
      vi: `Tệp quá lớn (tối đa ${MAX_CSV_BYTES} byte).`,
      en: `The file is too large (at most ${MAX_CSV_BYTES} bytes).`,
    });
  }
  return bytes.toString("utf8");
}
