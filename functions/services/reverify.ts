import { type Clerk, isKioskClerkMissing } from "#domain/clerk";
import type { RecheckSummary } from "#domain/contract";
import { decideCoverage } from "#domain/coverage";
import { keepOwnChecks } from "#domain/own-checks";
import type { Identity } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import type { CheckinRecord } from "#functions/stores/checkin-record";
import type { CheckinStore } from "#functions/stores/checkin-store";
import type { CardChecker } from "./check-in.ts";

/** What one re-check run did (the answer of POST /api/checkins/recheck). */
export type ReverifySummary = RecheckSummary;

function identityOf(record: CheckinRecord): Identity {
  const name = record.lookup?.name === undefined ? record.patient.name : record.lookup.name;
  return {
    idNumber: record.patient.idNumber ?? record.lookup?.idNumber ?? null,
    cardCode: record.lookup?.cardCode ?? null,
    name,
    nameGarbled: name === null,
    birthDate: record.patient.birthDate,
    sex: record.patient.sex,
  };
}

/** The gateway's answer about a pending visit, or null when its facility names no clerk to ask under. */
async function checkUnder(gateway: CardChecker, record: CheckinRecord, day: string, clerk: Clerk | null) {
  try {
    return await gateway.checkCard(identityOf(record), day, { facility: record.facility, clerk });
  } catch (error) {
    if (isKioskClerkMissing(error)) return null;
    throw error;
  }
}

/**
 * Asks the gateway again about pending check-ins and settles those it now answers. Only status
 * counters move, pending down and the new status up, in the same transaction as the visit.
 */
export async function reverifyPending(
  deps: { store: CheckinStore; gateway: CardChecker; now: () => Date },
  options: {
    facility?: string;
    limit: number;
    /**
     * Who asks: the receptionist who pressed "re-check now"; absent for the schedule, which asks
     * under the clerk each facility names for checks no person at the counter makes.
     */
    clerk?: Clerk;
  },
): Promise<ReverifySummary> {
  const keys = await deps.store.listPending(options.limit * 4, options.facility);
  // The store answers only the facility's visits when one is given.
  const wanted = keys;
  let checked = 0;
  let settled = 0;
  // A facility whose circuit is open or that has no gateway account is skipped; the others go on.
  const skipped = new Set<string>();
  for (const key of wanted.slice(0, options.limit)) {
    const record = await deps.store.getCheckin(key.pk, key.sk);
    if (record === null || record.status !== "pending" || skipped.has(record.facility)) continue;
    checked++;
    const now = deps.now();
    const check = await checkUnder(deps.gateway, record, vnDay(now), options.clerk ?? null);
    if (check === null) {
      // The facility names no clerk for the schedule: its visits wait for "re-check now".
      skipped.add(record.facility);
      continue;
    }
    if (check.kind === "unavailable" && (check.reason === "circuit-open" || check.reason === "no-account")) {
      skipped.add(record.facility);
      continue;
    }
    const coverage = decideCoverage(check, record.facility);
    if (coverage.status === "pending") continue;
    if (
      await deps.store.settle(record, {
        status: coverage.status,
        insurance: coverage.insurance === null ? null : keepOwnChecks(coverage.insurance, record.facility),
        at: now.toISOString(),
      })
    ) {
      settled++;
    }
  }
  return {
    checked,
    settled,
    stillPending: checked - settled,
    remaining: wanted.length > options.limit || keys.length === options.limit * 4,
  };
}
