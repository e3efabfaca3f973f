import type { AuditAction, AuditEntry, AuditOutcome } from "#domain/audit-contract";
import { BadRequestError, InputError, RateLimitError, TiepdonError } from "#domain/errors";
import type { AuditStore } from "#functions/stores/audit-store";
import type { SubjectHasher } from "./subject-hash.ts";

/** Who acted: the verified user, their role and the facility they act for. */
export interface Actor {
  readonly user: string;
  readonly role: string;
  readonly facility: string | null;
}

/** What happened, to whom (the ID number, hashed before it is stored), and how it ended. */
export interface AccessEvent {
  readonly action: AuditAction;
  readonly idNumber: string | null;
  readonly outcome: AuditOutcome;
  readonly code?: string | null;
  readonly count?: number | null;
  /** What an administrator changed; never a password. */
  readonly target?: string;
}

/** The outcome a failed call is recorded with. */
function outcomeOf(error: unknown): { outcome: AuditOutcome; code: string | null } {
  if (error instanceof RateLimitError) return { outcome: "limited", code: error.code };
  if (error instanceof TiepdonError) return { outcome: "refused", code: error.code };
  return { outcome: "failed", code: null };
}

/** Writes the audit trail: each event becomes one appended line naming the person only by a keyed hash. */
export function makeAuditTrail(deps: {
  readonly store: AuditStore;
  readonly hashSubject: SubjectHasher;
  readonly now: () => Date;
}) {
  const lineOf = (actor: Actor, event: AccessEvent): AuditEntry => ({
    at: deps.now().toISOString(),
    user: actor.user,
    role: actor.role,
    facility: actor.facility,
    action: event.action,
    subject: event.idNumber === null ? null : deps.hashSubject(event.idNumber),
    outcome: event.outcome,
    code: event.code ?? null,
    count: event.count ?? null,
    ...(event.target === undefined ? {} : { target: event.target }),
  });

  return {
    hashSubject: deps.hashSubject,
    /** Appends one line; a failure to write it fails the call, so nothing is revealed unrecorded. */
    record(actor: Actor, event: AccessEvent): Promise<void> {
      return deps.store.append(lineOf(actor, event));
    },
    /**
     * Runs a call and records how it ended: its result when it succeeds, the refusal or failure
     * (and rethrows) when it does not. `subjectOf` names the person once the call knows it.
     */
    async around<T>(
      actor: Actor,
      action: AuditAction,
      subjectOf: (result: T | null) => string | null,
      run: () => Promise<T>,
      countOf: (result: T) => number | null = () => null,
    ): Promise<T> {
      let result: T;
      try {
        result = await run();
      } catch (error) {
        // Bad input is answered 4xx and writes nothing, not even a line here.
        if (error instanceof BadRequestError || error instanceof InputError) throw error;
        await deps.store.append(lineOf(actor, { action, idNumber: subjectOf(null), ...outcomeOf(error) }));
        throw error;
      }
      await deps.store.append(
        lineOf(actor, { action, idNumber: subjectOf(result), outcome: "ok", count: countOf(result) }),
      );
      return result;
    },
  };
}

export type AuditTrail = ReturnType<typeof makeAuditTrail>;
