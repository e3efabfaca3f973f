/** Who a staff account is: the Cognito group names, the token claim and the role the pages show. */

/** The roles that have a page of their own (the administrator's is /admin). */
export const PAGE_ROLES = ["receptionist", "kiosk", "room", "health-dept", "admin"] as const;
export type PageRole = (typeof PAGE_ROLES)[number];

/** Every role an account can hold (today each has a page). */
export const ROLES = [...PAGE_ROLES] as const;
export type Role = (typeof ROLES)[number];
