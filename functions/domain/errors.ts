/**
 * The error family of tiepdon. Each error carries a stable machine `code` and a message in
 * Vietnamese and English; the HTTP layer maps the class to a status in one place.
 */

/** A message in both languages the product speaks. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

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
    super("RATE_LIMITED", messages);
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
