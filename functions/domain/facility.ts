/** A health facility (cơ sở khám chữa bệnh) that checks patients in. */
export interface Facility {
  /** 5 characters: the 2-digit province number, then 3 (e.g. "38001"). */
  readonly code: string;
  readonly name: string;
  /** Old 3-digit province code (as in ID numbers), e.g. "038". */
  readonly provinceCode: string;
}

/** The shape of a facility code. */
export const FACILITY_CODE_PATTERN = /^\d{5}$/;
