/**
 * Who is served first at reception (Luật Khám bệnh, chữa bệnh 2023, Đ3 k2): the marks the law lists,
 * the two that follow from the birth date, and the one rule that orders a room's queue.
 */
import { ERROR_CODE, InputError } from "./errors.ts";

/** Every priority the law lists; nothing else may be marked. */
export const PRIORITY_MARKS = ["emergency", "under-6", "pregnant", "disability", "aged-75", "merit"] as const;
export type PriorityMark = (typeof PRIORITY_MARKS)[number];

/** The marks a receptionist sets with one tap (the others follow from the birth date). */
const TAPPED_MARKS = [
  "emergency",
  "pregnant",
  "disability",
  "merit",
] as const satisfies readonly PriorityMark[];

/** Children below this age are served first. */
const CHILD_AGE_LIMIT = 6;
/** People of this age or older are served first (80 under the old law). */
const ELDER_AGE = 75;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whole years from a birth date to a day, both YYYY-MM-DD; null when the birth date is not a full
 * date (a year alone cannot say which side of a birthday the visit falls on). A 29 February
 * birthday is reached on 1 March in other years.
 */
export function ageOn(birthDate: string, day: string): number | null {
  const birth = ISO_DAY.exec(birthDate);
  const on = ISO_DAY.exec(day);
  if (birth === null || on === null) return null;
  const years = Number(on[1]) - Number(birth[1]);
  const reached = day.slice(5) >= birthDate.slice(5);
  return reached ? years : years - 1;
}

/** The marks a birth date gives on a visit day (Vietnamese calendar day): under 6, or 75 or older. */
export function ageMarks(birthDate: string | null, visitDay: string): PriorityMark[] {
  if (birthDate === null) return [];
  const age = ageOn(birthDate, visitDay);
  if (age === null || age < 0) return [];
  if (age < CHILD_AGE_LIMIT) return ["under-6"];
  if (age >= ELDER_AGE) return ["aged-75"];
  return [];
}

/** True when any mark is set: the queue knows only "priority or not", never why. */
export function isPriority(marks: readonly PriorityMark[]): boolean {
  return marks.length > 0;
}

/** A mark as sent by a page; a mark the law does not list is refused. */
export function parseMark(text: string): PriorityMark {
  const mark = PRIORITY_MARKS.find((known) => known === text);
  if (mark === undefined) {
    throw new InputError(ERROR_CODE.PRIORITY_MARK_UNKNOWN, {
      vi: `"${text.slice(0, 40)}" không phải đối tượng ưu tiên theo Luật Khám bệnh, chữa bệnh.`,
      en: `"${text.slice(0, 40)}" is not a priority the law on medical examination lists.`,
    });
  }
  return mark;
}

/** A mark reception may set by hand; the ages follow from the birth date and are refused. */
export function tappedMark(mark: PriorityMark): PriorityMark {
  if (TAPPED_MARKS.some((tapped) => tapped === mark)) return mark;
  throw new InputError(ERROR_CODE.PRIORITY_MARK_BY_AGE, {
    vi: "Ưu tiên theo tuổi được ghi tự động từ ngày sinh, không đánh dấu bằng tay.",
    en: "Priority by age is marked from the birth date, not by hand.",
  });
}

/** The marks after adding or removing one, in the law's order, each at most once. */
export function changeMarks(
  marks: readonly PriorityMark[],
  change: { readonly add?: PriorityMark; readonly remove?: PriorityMark },
): PriorityMark[] {
  const next = new Set(marks);
  if (change.add !== undefined) next.add(change.add);
  if (change.remove !== undefined) next.delete(change.remove);
  return PRIORITY_MARKS.filter((mark) => next.has(mark));
}
