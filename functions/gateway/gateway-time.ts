/** The date-times the gateway writes (its token's expires_in), read as instants. */

const VN_OFFSET = "+07:00";

/**
 * An expires_in date-time as milliseconds since the epoch, or null. ISO 8601 with an offset is
 * taken as written; without one, and in the dd/MM/yyyy HH:mm[:ss] spelling of Vietnamese
 * systems, the time is Vietnam's (UTC+7).
 */
export function parseGatewayDateTime(text: string): number | null {
  const value = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value,
  );
  const vn = /^(\d{2})\/(\d{2})\/(\d{4})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(value);
  let written: string | null = null;
  if (iso?.[1] !== undefined && iso[2] !== undefined) {
    const fraction = iso[2].replace(/(\.\d{3})\d+$/, "$1");
    const offset = (iso[3] ?? VN_OFFSET).replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
    written = `${iso[1]}T${fraction}${offset}`;
  } else if (vn?.[1] !== undefined && vn[2] !== undefined && vn[3] !== undefined && vn[4] !== undefined) {
    written = `${vn[3]}-${vn[2]}-${vn[1]}T${vn[4]}${VN_OFFSET}`;
  }
  if (written === null) return null;
  const at = Date.parse(written);
  return Number.isNaN(at) ? null : at;
}
