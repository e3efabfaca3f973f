/** The date spellings of the ID-card QR (ddmmyyyy) and of the BHYT world (dd/mm/yyyy), to and from ISO. */
import { isIsoDate } from "./vn-time.ts";

function isoOf(day: string, month: string, year: string): string | null {
  const iso = `${year}-${month}-${day}`;
  return isIsoDate(iso) ? iso : null;
}

/** "15031990" → "1990-03-15"; null unless it is a real calendar date. */
export function isoFromCompact(text: string): string | null {
  const match = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  return match?.[1] === undefined || match[2] === undefined || match[3] === undefined
    ? null
    : isoOf(match[1], match[2], match[3]);
}

/** "15/03/1990" → "1990-03-15"; null unless it is a real calendar date. */
export function isoFromSlashed(text: string): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return match?.[1] === undefined || match[2] === undefined || match[3] === undefined
    ? null
    : isoOf(match[1], match[2], match[3]);
}

/** "1990-03-15" → "15031990". */
export function compactFromIso(iso: string): string {
  return `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
}

/** "1990-03-15" → "15/03/1990". */
export function slashedFromIso(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The gateway's yyyyMMddHHmm (Vietnamese time) → "2026-10-14T08:10:00+07:00"; null unless it is a real time. */
export function vnTimestampFromGateway(text: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  if (match === null) return null;
  const [, year = "", month = "", day = "", hour = "", minute = ""] = match;
  if (isoOf(day, month, year) === null || Number(hour) > 23 || Number(minute) > 59) return null;
  return `${year}-${month}-${day}T${hour}:${minute}:00+07:00`;
}
