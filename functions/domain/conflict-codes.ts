/**
 * Codes of the 409 answers of a check-in. The server throws them and the pages decide on them,
 * so both take the code from here rather than spelling it.
 */

/** Another request recorded the same visit at that moment: a later attempt gets past it. */
export const CHECKIN_CONFLICT = "CHECKIN_CONFLICT";

/** The Idempotency-Key was already used for a request with other content: retrying cannot help. */
export const IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";
