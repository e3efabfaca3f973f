import type { Clerk } from "#domain/clerk";
import type { LookupAnswer } from "#domain/contract";
import { decideCoverage } from "#domain/coverage";
import { keepOwnChecks } from "#domain/own-checks";
import { parsePayload } from "#domain/payload";
import type { Method } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import type { CardChecker } from "./check-in.ts";

/** Asks the gateway about a patient without checking them in: nothing is stored or counted. */
export async function lookUp(
  deps: {
    gateway: CardChecker;
    now: () => Date;
    /** Called once the payload is valid and before the gateway is asked: the limits (throws 429). */
    admit?: () => Promise<void>;
  },
  command: { facility: string; method: Method; payload: string; clerk?: Clerk | null },
): Promise<{ answer: LookupAnswer; facts: { resultCode: string | null; gatewayMs: number } }> {
  const today = vnDay(deps.now());
  const parsed = parsePayload(command.method, command.payload, today);
  if (!parsed.ok) throw parsed.error;
  const identity = parsed.value.identity;
  await deps.admit?.();
  const check = await deps.gateway.checkCard(identity, today, {
    facility: command.facility,
    clerk: command.clerk ?? null,
  });
  const coverage = decideCoverage(check, command.facility);
  return {
    answer: {
      method: command.method,
      status: coverage.status,
      patient: {
        idNumber: identity.idNumber,
        name: coverage.patientFromRegistry.name ?? identity.name,
        birthDate: identity.birthDate ?? coverage.patientFromRegistry.birthDate ?? null,
        sex: identity.sex ?? coverage.patientFromRegistry.sex ?? null,
      },
      // Where else the person's card was checked is not this facility's to see.
      insurance: coverage.insurance === null ? null : keepOwnChecks(coverage.insurance, command.facility),
    },
    facts: { resultCode: coverage.insurance?.resultCode ?? null, gatewayMs: check.latencyMs },
  };
}
