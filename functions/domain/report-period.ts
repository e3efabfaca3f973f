/** The period a scan-rate report covers, from the query's optional dates. */
import { BadRequestError, ERROR_CODE } from "./errors.ts";
import type { Period } from "./scan-rate.ts";
import { addDays, daysBetween, isIsoDate } from "./vn-time.ts";

/** Longest period a report may cover, in days (a leap year). */
export const MAX_PERIOD_DAYS = 366;

/** Length of the default period ending today, in days. */
const DEFAULT_PERIOD_DAYS = 30;

const periodError = (code: string, vi: string, en: string) => new BadRequestError(code, { vi, en });

/**
 * The period of a report from the optional query dates: `to` defaults to today (Vietnam), `from`
 * to 29 days before `to`; `from` ≤ `to` and at most 366 days, else a 400.
 */
export function resolvePeriod(
  input: { from?: string | undefined; to?: string | undefined },
  today: string,
): Period {
  for (const value of [input.from, input.to]) {
    if (value !== undefined && !isIsoDate(value)) {
      throw periodError(
        ERROR_CODE.PERIOD_INVALID,
        `Ngày "${value}" không hợp lệ, cần dạng YYYY-MM-DD.`,
        `"${value}" is not a date YYYY-MM-DD.`,
      );
    }
  }
  const to = input.to ?? today;
  const from = input.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) {
    throw periodError(
      ERROR_CODE.PERIOD_INVALID,
      `Ngày bắt đầu (${from}) phải trước hoặc bằng ngày kết thúc (${to}).`,
      `The start date (${from}) must not be after the end date (${to}).`,
    );
  }
  const days = daysBetween(from, to).length;
  if (days > MAX_PERIOD_DAYS) {
    throw periodError(
      ERROR_CODE.PERIOD_TOO_LONG,
      `Khoảng thời gian tối đa ${MAX_PERIOD_DAYS} ngày; khoảng đã chọn có ${days} ngày.`,
      `A report covers at most ${MAX_PERIOD_DAYS} days; the period asked for has ${days}.`,
    );
  }
  return { from, to };
}
