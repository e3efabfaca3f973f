/** The clerks registered with the mock gateway (hoTenCb / cccdCb): an unknown ID gets 054, a wrong name 055. */

export interface Clerk {
  readonly name: string;
  /** The clerk's own 12-digit ID number. */
  readonly id: string;
}

/**
 * The default clerk, matching the local settings GATEWAY_CLERK_NAME / GATEWAY_CLERK_ID; a
 * deployment that sets other values has them registered too, from the same variables.
 */
export const DEFAULT_CLERK: Clerk = { name: "Nguyễn Thị Tiếp Đón", id: "001190000001" };

/** Clerks the synthetic gateway knows besides the default one. */
export const REGISTERED_CLERKS: readonly Clerk[] = [
  DEFAULT_CLERK,
  { name: "Trần Văn Tiếp Nhận", id: "038085000002" },
  { name: "Lê Thị Thu Ngân", id: "079192000003" },
];
