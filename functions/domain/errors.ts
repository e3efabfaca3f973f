/**
 * The error family of tiepdon. Each error carries a stable machine `code` and a message in
 * Vietnamese and English; the HTTP layer maps the class to a status in one place.
 */

/** A message in both languages the product speaks. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

/**
 * The stable machine code of every error the API answers or the pages report themselves. The
 * server throws and the pages match on these constants, never on a spelled string; the codes of
 * a refused payload are in error-catalog.ts with their messages.
 */
export const ERROR_CODE = {
  // Requests the HTTP layer refuses before a use case runs.
  BODY_INVALID: "BODY_INVALID",
  BODY_MALFORMED: "BODY_MALFORMED",
  CURSOR_INVALID: "CURSOR_INVALID",
  IDEMPOTENCY_KEY_INVALID: "IDEMPOTENCY_KEY_INVALID",
  NOT_FOUND: "NOT_FOUND",
  PATH_INVALID: "PATH_INVALID",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  QUERY_INVALID: "QUERY_INVALID",
  RATE_LIMITED: "RATE_LIMITED",
  ROUTE_NOT_FOUND: "ROUTE_NOT_FOUND",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  // Sign-in and permissions.
  CALLS_OTHER_FACILITY: "CALLS_OTHER_FACILITY",
  CLERK_IDENTITY_MISSING: "CLERK_IDENTITY_MISSING",
  DEVICE_ACCOUNT_REQUIRED: "DEVICE_ACCOUNT_REQUIRED",
  FACILITY_INACTIVE: "FACILITY_INACTIVE",
  FACILITY_MISSING: "FACILITY_MISSING",
  HOST_NOT_LOCAL: "HOST_NOT_LOCAL",
  ID_TOKEN_REQUIRED: "ID_TOKEN_REQUIRED",
  KIOSK_CLERK_MISSING: "KIOSK_CLERK_MISSING",
  PROVINCE_FORBIDDEN: "PROVINCE_FORBIDDEN",
  PROVINCE_MISSING: "PROVINCE_MISSING",
  ROLE_FORBIDDEN: "ROLE_FORBIDDEN",
  ROLE_MISSING: "ROLE_MISSING",
  ROOM_OTHER_FACILITY: "ROOM_OTHER_FACILITY",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  // Check-ins: another request recorded the same visit at that moment (a later attempt gets
  // past it), or the Idempotency-Key was used for other content (retrying cannot help).
  CHECKIN_CONFLICT: "CHECKIN_CONFLICT",
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  PRIORITY_MARK_BY_AGE: "PRIORITY_MARK_BY_AGE",
  PRIORITY_MARK_UNKNOWN: "PRIORITY_MARK_UNKNOWN",
  // Queues, rooms and calls.
  CALL_CONTENDED: "CALL_CONTENDED",
  QUEUE_EMPTY: "QUEUE_EMPTY",
  QUEUE_SERIES_EXHAUSTED: "QUEUE_SERIES_EXHAUSTED",
  ROOM_CLOSED: "ROOM_CLOSED",
  ROOM_ID_MISMATCH: "ROOM_ID_MISMATCH",
  ROOM_NOT_FOUND: "ROOM_NOT_FOUND",
  ROOM_NUMBER_TAKEN: "ROOM_NUMBER_TAKEN",
  TICKET_NOT_FOUND: "TICKET_NOT_FOUND",
  TICKET_NOT_WAITING: "TICKET_NOT_WAITING",
  TICKET_STATE: "TICKET_STATE",
  // Reports.
  PERIOD_INVALID: "PERIOD_INVALID",
  PERIOD_TOO_LONG: "PERIOD_TOO_LONG",
  PROVINCE_UNKNOWN: "PROVINCE_UNKNOWN",
  // Gateway accounts, certificates and XML0 files.
  CERTIFICATE_EXPIRED: "CERTIFICATE_EXPIRED",
  CERTIFICATE_INCOMPLETE: "CERTIFICATE_INCOMPLETE",
  CERTIFICATE_KEY_MISMATCH: "CERTIFICATE_KEY_MISMATCH",
  CERTIFICATE_NOT_PKCS12: "CERTIFICATE_NOT_PKCS12",
  CERTIFICATE_PASSPHRASE_WRONG: "CERTIFICATE_PASSPHRASE_WRONG",
  GATEWAY_PASSWORD_REFUSED: "GATEWAY_PASSWORD_REFUSED",
  GATEWAY_SECRET_INVALID: "GATEWAY_SECRET_INVALID",
  GATEWAY_UNREACHABLE: "GATEWAY_UNREACHABLE",
  GATEWAY_SECRET_UNREADABLE: "GATEWAY_SECRET_UNREADABLE",
  SUBJECT_KEY_INVALID: "SUBJECT_KEY_INVALID",
  XML0_EMERGENCY: "XML0_EMERGENCY",
  XML0_EMPTY: "XML0_EMPTY",
  XML0_FIELD_INVALID: "XML0_FIELD_INVALID",
  XML0_SIGNATURE_INVALID: "XML0_SIGNATURE_INVALID",
  XML0_SIGNATURE_PLACE: "XML0_SIGNATURE_PLACE",
  // Administration: facilities and staff accounts.
  ACCOUNT_EXISTS: "ACCOUNT_EXISTS",
  ACCOUNT_NOT_FOUND: "ACCOUNT_NOT_FOUND",
  FACILITY_NOT_FOUND: "FACILITY_NOT_FOUND",
  IMPORT_REJECTED: "IMPORT_REJECTED",
  OUT_OF_SCOPE: "OUT_OF_SCOPE",
  // Faults on our side.
  INTERNAL: "INTERNAL",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  // What the pages report themselves when no answer, or no readable answer, came back.
  BAD_ANSWER: "BAD_ANSWER",
  NETWORK: "NETWORK",
} as const;

interface ErrorOptions {
  readonly cause?: unknown;
}

/** Base class: never thrown directly. */
export abstract class TiepdonError extends Error {
  readonly code: string;
  readonly messages: Bilingual;

  constructor(code: string, messages: Bilingual, options: ErrorOptions = {}) {
    super(messages.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.messages = messages;
  }
}

/** The request is well formed but its content breaks a rule (a bad QR, an unknown province…). */
export class InputError extends TiepdonError {}

/** The request itself is malformed: bad JSON, wrong types, unknown fields, bad query values. */
export class BadRequestError extends TiepdonError {}

/** No credentials, or credentials that do not verify. */
export class AuthError extends TiepdonError {}

/** Valid credentials that do not allow this action or this facility/province. */
export class ForbiddenError extends TiepdonError {}

/** No such route or resource. */
export class NotFoundError extends TiepdonError {}

/** The request clashes with what is stored (a reused Idempotency-Key, a write race). */
export class ConflictError extends TiepdonError {}

/** The body is over the size limit. */
export class PayloadTooLargeError extends TiepdonError {}

/** The body is not JSON. */
export class UnsupportedMediaTypeError extends TiepdonError {}

/** Too many requests; `retryAfterSeconds` goes into the Retry-After header. */
export class RateLimitError extends TiepdonError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, messages: Bilingual) {
    super(ERROR_CODE.RATE_LIMITED, messages);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (the database) is unavailable; the client should retry after a pause. */
export class UnavailableError extends TiepdonError {
  readonly retryAfterSeconds: number;
  constructor(code: string, messages: Bilingual, retryAfterSeconds: number, options: ErrorOptions = {}) {
    super(code, messages, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
