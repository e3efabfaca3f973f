/**
 * What a hospital system sends the gateway, read from an HTTP API v2 event: the query string
 * and a body that is JSON or form-urlencoded, as the content type says. Anything else is no body.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { z } from "zod";

/** The fields of a query string or a form body; a repeated name keeps its first value. */
export type Fields = Readonly<Record<string, string>>;

function fieldsOf(params: URLSearchParams): Fields {
  const fields: Record<string, string> = {};
  for (const [name, value] of params) if (!(name in fields)) fields[name] = value;
  return fields;
}

function header(event: APIGatewayProxyEventV2, name: string): string {
  const found = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1] ?? "";
}

/** The query string's fields (from the raw string, so `+` and percent escapes decode as forms do). */
export function queryOf(event: APIGatewayProxyEventV2): Fields {
  return fieldsOf(new URLSearchParams(event.rawQueryString ?? ""));
}

/**
 * The body's fields: a JSON object, or a form-urlencoded body; undefined when the body is
 * neither (another content type, broken JSON, a JSON value that is not an object).
 */
export function bodyOf(event: APIGatewayProxyEventV2): unknown {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  const type = header(event, "content-type").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/x-www-form-urlencoded") return fieldsOf(new URLSearchParams(raw));
  if (type !== "application/json") return undefined;
  try {
    const json: unknown = JSON.parse(raw);
    return json !== null && typeof json === "object" && !Array.isArray(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

/** The value when it matches the schema, else null (the gateway answers a refusal code, not an error). */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}
