/**
 * A data subject's request: what is held about one ID number within the administrator's
 * provinces (visits, the duplicate guards and remembered answers kept with them, the audit lines),
 * exported or erased. Both are themselves lines of the audit trail. The day counters are never
 * touched: they count visits and name no one, so the reports stay as they were.
 */
import { type AdminScope, scopeCovers } from "#domain/admin-scope";
import type { Facility } from "#domain/facility";
import type { SubjectErase, SubjectExport } from "#domain/subject-contract";
import type { AuditStore } from "#functions/stores/audit-store";
import type { HeldVisit, SubjectStore } from "#functions/stores/subject-store";
import type { Actor, AuditTrail } from "./audit-trail.ts";

export interface SubjectRequestDeps {
  readonly subjects: SubjectStore;
  readonly audit: AuditStore;
  readonly trail: AuditTrail;
  readonly facilities: { getFacility(code: string): Promise<Facility | null> };
}

/** The person's visits at facilities of the administrator's provinces. */
async function heldWithin(
  deps: SubjectRequestDeps,
  scope: AdminScope,
  idNumber: string,
): Promise<HeldVisit[]> {
  const held = await deps.subjects.find(deps.trail.hashSubject(idNumber));
  if (scope.national) return held;
  const provinces = new Map<string, string | null>();
  for (const code of new Set(held.map(({ visit }) => visit.facility))) {
    provinces.set(code, (await deps.facilities.getFacility(code))?.provinceCode ?? null);
  }
  return held.filter(({ visit }) => {
    const province = provinces.get(visit.facility) ?? null;
    return province !== null && scopeCovers(scope, province);
  });
}

/** Everything held about the person, as JSON to hand over; the export is audited. */
export async function exportSubject(
  deps: SubjectRequestDeps,
  actor: Actor,
  scope: AdminScope,
  idNumber: string,
): Promise<SubjectExport> {
  const held = await heldWithin(deps, scope, idNumber);
  const audit = await deps.audit.bySubject(deps.trail.hashSubject(idNumber), { limit: 5000 });
  await deps.trail.record(actor, {
    action: "export",
    idNumber,
    outcome: held.length === 0 ? "none-held" : "ok",
    count: held.length,
    target: "subject export",
  });
  return {
    held: held.length > 0,
    visits: held.map(({ visit, guard, idempotency }) => ({
      checkinId: visit.checkinId,
      facility: visit.facility,
      method: visit.method,
      status: visit.status,
      checkedInAt: visit.checkedInAt,
      patient: visit.patient,
      insurance: visit.insurance,
      duplicateGuard: guard !== null,
      idempotencyCopy: idempotency?.answer ?? null,
    })),
    audit,
  };
}

/**
 * Erases the person's visits and what was kept with them; an erase of nothing says so. The trail
 * names the request before anything is deleted (`erase-start`, `started`), then how it ended
 * (`erase`: done with its counts, or failed), so an erase stopped halfway is still on it.
 */
export async function eraseSubject(
  deps: SubjectRequestDeps,
  actor: Actor,
  scope: AdminScope,
  idNumber: string,
): Promise<SubjectErase> {
  const held = await heldWithin(deps, scope, idNumber);
  if (held.length === 0) {
    await deps.trail.record(actor, {
      action: "erase",
      idNumber,
      outcome: "none-held",
      count: 0,
      target: "subject erase",
    });
    return {
      held: false,
      visits: 0,
      duplicateGuards: 0,
      idempotencyCopies: 0,
      message: "Không có dữ liệu nào về số định danh này trong phạm vi quản lý của bạn.",
      messageEn: "Nothing is held about this ID number within your provinces.",
    };
  }
  const duplicateGuards = held.filter(({ guard }) => guard !== null).length;
  const idempotencyCopies = held.filter(({ idempotency }) => idempotency !== null).length;
  const counts = `${held.length} visits, ${duplicateGuards} duplicate guards, ${idempotencyCopies} remembered answers`;
  await deps.trail.record(actor, {
    action: "erase-start",
    idNumber,
    outcome: "started",
    count: held.length,
    target: `subject erase of ${counts}`,
  });
  try {
    await deps.subjects.erase(held);
  } catch (error) {
    // The failure the caller sees is the erase's own, even when this line cannot be written either.
    await deps.trail
      .record(actor, {
        action: "erase",
        idNumber,
        outcome: "failed",
        count: held.length,
        target: `subject erase stopped before all of ${counts} were deleted`,
      })
      .catch(() => undefined);
    throw error;
  }
  await deps.trail.record(actor, {
    action: "erase",
    idNumber,
    outcome: "ok",
    count: held.length,
    target: `subject erase: ${counts}`,
  });
  return {
    held: true,
    visits: held.length,
    duplicateGuards,
    idempotencyCopies,
    message: `Đã xoá ${held.length} lượt khám và dữ liệu kèm theo.`,
    messageEn: `Erased ${held.length} visits and what was kept with them.`,
  };
}
