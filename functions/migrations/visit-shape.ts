/**
 * What a visit, a duplicate guard and a remembered answer stored before the minimised shape look
 * like now: the ID number held once, keys by the keyed hash, the subject index filled, the lookup
 * block only while pending, no other facility's account, no second copy of the patient.
 */
import * as z from "zod";
import { checkinAnswerSchema, type Insurance, patientSchema } from "#domain/contract";
import { keepOwnChecks } from "#domain/own-checks";
import { vnDay } from "#domain/vn-time";
import type { SubjectHasher } from "#functions/privacy/subject-hash";
import { checkinPartition } from "#functions/stores/checkin-keys";
import type { CheckinRecord } from "#functions/stores/checkin-record";

/** The attributes of a visit to set and to remove; empty when it already has the new shape. */
export interface VisitChange {
  readonly set: Readonly<Record<string, unknown>>;
  readonly remove: readonly string[];
}

const PLAIN_ID_KEY = /^ID#(\d{12})$/;
const PLAIN_CARD_KEY = /^BHXH#([A-Za-z0-9]{10})$/;

/** The person's part of the guard keys by the keyed hash, as check-ins now write it; others unchanged. */
export function hashedPersonKey(personKey: string, hash: SubjectHasher): string {
  const id = PLAIN_ID_KEY.exec(personKey)?.[1];
  if (id !== undefined) return `ID#${hash(id)}`;
  if (PLAIN_CARD_KEY.test(personKey)) return `BHXH#${hash(personKey)}`;
  return personKey;
}

function sameInsurance(a: Insurance | null, b: Insurance | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The changes that bring one stored visit to the new shape. */
export function visitChange(visit: CheckinRecord, hash: SubjectHasher): VisitChange {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  const idNumber = visit.patient.idNumber ?? visit.lookup?.idNumber ?? null;
  if (idNumber !== null && visit.subjectKey !== hash(idNumber)) set.subjectKey = hash(idNumber);
  const personKey = hashedPersonKey(visit.personKey, hash);
  if (personKey !== visit.personKey) set.personKey = personKey;
  const lookup = visit.lookup;
  if (lookup !== undefined) {
    if (visit.status !== "pending") remove.push("lookup");
    else if (lookup.idNumber !== undefined || lookup.name !== undefined)
      set.lookup = { cardCode: lookup.cardCode };
  }
  const insurance = visit.insurance === null ? null : keepOwnChecks(visit.insurance, visit.facility);
  if (!sameInsurance(insurance, visit.insurance)) set.insurance = insurance;
  return { set, remove };
}

/** A guard's key with the person by the keyed hash, or null when it already is. */
export function guardPkOf(pk: string, hash: SubjectHasher): string | null {
  const match = /^DUP#([^#]+)#(.+)#(-?\d+)$/.exec(pk);
  if (match === null) return null;
  const [, facility, personKey, slice] = match;
  if (facility === undefined || personKey === undefined || slice === undefined) return null;
  const hashed = hashedPersonKey(personKey, hash);
  return hashed === personKey ? null : `DUP#${facility}#${hashed}#${slice}`;
}

const rememberedSchema = checkinAnswerSchema.extend({ patient: patientSchema.optional() });

/**
 * A remembered answer brought to the new shape: the answer without the patient, and where its
 * visit is (the answer's time has whole seconds, the visit's key milliseconds: the second is a
 * prefix of the key).
 */
export interface RememberedChange {
  readonly answer: string;
  readonly facility: string;
  readonly visit: { readonly pk: string; readonly skPrefix: string; readonly checkinId: string };
}

/** The new shape of a remembered answer, or null when it has it already (or is not a check-in's). */
export function rememberedChange(item: {
  readonly answer: string;
  readonly visit?: unknown;
}): RememberedChange | null {
  const parsed = rememberedSchema.safeParse(safeJson(item.answer));
  if (!parsed.success) return null;
  const { patient, ...answer } = parsed.data;
  const insurance = answer.insurance === null ? null : keepOwnChecks(answer.insurance, answer.facility);
  if (patient === undefined && item.visit !== undefined && sameInsurance(insurance, answer.insurance))
    return null;
  const at = new Date(Date.parse(answer.checkedInAt));
  return {
    answer: JSON.stringify({ ...answer, insurance }),
    facility: answer.facility,
    visit: {
      pk: checkinPartition(answer.facility, vnDay(at)),
      skPrefix: at.toISOString().slice(0, 19),
      checkinId: answer.checkinId,
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The schema of a remembered answer's item as the migration reads it. */
export const rememberedItemSchema = z.object({
  id: z.string(),
  answer: z.string(),
  visit: z.object({ pk: z.string(), sk: z.string() }).optional(),
});
