import type { AuditAnswer, AuditQueryParams } from "#domain/audit-contract";
import type { AuditStore } from "#functions/stores/audit-store";
import type { Actor, AuditTrail } from "./audit-trail.ts";

const DEFAULT_LIMIT = 1000;

/** The first instant of a Vietnamese day and the last, as the trail's ISO keys sort. */
function instantsOf(query: AuditQueryParams): { from?: string; to?: string } {
  return {
    ...(query.from === undefined ? {} : { from: new Date(`${query.from}T00:00:00+07:00`).toISOString() }),
    ...(query.to === undefined ? {} : { to: new Date(`${query.to}T23:59:59.999+07:00`).toISOString() }),
  };
}

/**
 * "Who accessed this ID number" or "what did this user access": the trail's lines, newest first.
 * The search itself is a line of the trail (about the person, when one was asked about).
 */
export async function searchAudit(
  deps: { readonly trail: AuditTrail; readonly store: AuditStore },
  actor: Actor,
  query: AuditQueryParams,
): Promise<AuditAnswer> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const range = { ...instantsOf(query), limit: limit + 1 };
  const subject = query.subject ?? null;
  const found =
    subject === null
      ? await deps.store.byUser(query.user ?? "", range)
      : await deps.store.bySubject(deps.trail.hashSubject(subject), range);
  const entries = found.slice(0, limit);
  await deps.trail.record(actor, {
    action: query.format === "csv" ? "export" : "audit-query",
    idNumber: subject,
    outcome: "ok",
    count: entries.length,
  });
  return { by: subject === null ? "user" : "subject", entries, truncated: found.length > limit };
}
