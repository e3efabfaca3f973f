/** The HTTP API's routes: one table shared by the CDK stack and the local server. */

export type FunctionName =
  | "checkin"
  | "lookup"
  | "checkins-list"
  | "recheck"
  | "queue-series"
  | "report"
  | "audit"
  | "outbox-notice"
  | "subject-admin"
  | "rooms-list"
  | "room-write"
  | "room-queue"
  | "room-call"
  | "ticket-action"
  | "ticket-marks"
  | "calls-list"
  | "admin"
  | "room-admin"
  | "gateway-admin";

export interface ApiRoute {
  readonly method: "GET" | "POST" | "PUT";
  readonly path: string;
  readonly function: FunctionName;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: "POST", path: "/api/checkins", function: "checkin" },
  { method: "GET", path: "/api/checkins", function: "checkins-list" },
  { method: "POST", path: "/api/checkins/recheck", function: "recheck" },
  { method: "POST", path: "/api/checkins/series", function: "queue-series" },
  { method: "POST", path: "/api/lookups", function: "lookup" },
  { method: "GET", path: "/api/reports/scan-rate", function: "report" },
  { method: "GET", path: "/api/reports/room-waits", function: "report" },
  { method: "GET", path: "/api/reports/gateway-accounts", function: "report" },
  { method: "GET", path: "/api/audit", function: "audit" },
  { method: "POST", path: "/api/outbox/notices", function: "outbox-notice" },
  { method: "GET", path: "/api/rooms", function: "rooms-list" },
  { method: "POST", path: "/api/rooms", function: "room-write" },
  { method: "GET", path: "/api/rooms/{room}/queue", function: "room-queue" },
  { method: "POST", path: "/api/rooms/{room}/calls", function: "room-call" },
  { method: "POST", path: "/api/rooms/{room}/tickets/{number}", function: "ticket-action" },
  { method: "POST", path: "/api/rooms/{room}/tickets/{number}/marks", function: "ticket-marks" },
  { method: "GET", path: "/api/calls", function: "calls-list" },
  { method: "GET", path: "/api/admin/facilities", function: "admin" },
  { method: "POST", path: "/api/admin/facilities/import", function: "admin" },
  { method: "PUT", path: "/api/admin/facilities/{code}", function: "admin" },
  { method: "GET", path: "/api/admin/facilities/{code}/rooms", function: "room-admin" },
  { method: "PUT", path: "/api/admin/facilities/{code}/rooms/{room}", function: "room-admin" },
  { method: "GET", path: "/api/admin/gateway-accounts", function: "gateway-admin" },
  { method: "GET", path: "/api/admin/facilities/{code}/gateway", function: "gateway-admin" },
  { method: "PUT", path: "/api/admin/facilities/{code}/gateway-account", function: "gateway-admin" },
  { method: "PUT", path: "/api/admin/facilities/{code}/gateway-certificate", function: "gateway-admin" },
  { method: "PUT", path: "/api/admin/facilities/{code}/kiosk-clerk", function: "gateway-admin" },
  { method: "GET", path: "/api/admin/accounts", function: "admin" },
  { method: "POST", path: "/api/admin/accounts", function: "admin" },
  { method: "POST", path: "/api/admin/accounts/{username}/reset-password", function: "admin" },
  { method: "POST", path: "/api/admin/accounts/{username}/reset-mfa", function: "admin" },
  { method: "POST", path: "/api/admin/accounts/{username}/disable", function: "admin" },
  { method: "POST", path: "/api/admin/accounts/{username}/enable", function: "admin" },
  { method: "POST", path: "/api/admin/subjects/search", function: "subject-admin" },
  { method: "POST", path: "/api/admin/subjects/erase", function: "subject-admin" },
];

/** Source file of each function's handler, relative to the project root. */
export const FUNCTION_ENTRIES = {
  checkin: "functions/handlers/checkin.ts",
  lookup: "functions/handlers/lookup.ts",
  "checkins-list": "functions/handlers/checkins-list.ts",
  recheck: "functions/handlers/recheck.ts",
  "queue-series": "functions/handlers/queue-series.ts",
  report: "functions/handlers/report.ts",
  audit: "functions/handlers/audit.ts",
  "outbox-notice": "functions/handlers/outbox-notice.ts",
  "subject-admin": "functions/handlers/subject-admin.ts",
  "rooms-list": "functions/handlers/rooms-list.ts",
  "room-write": "functions/handlers/room-write.ts",
  "room-queue": "functions/handlers/room-queue.ts",
  "room-call": "functions/handlers/room-call.ts",
  "ticket-action": "functions/handlers/ticket-action.ts",
  "ticket-marks": "functions/handlers/ticket-marks.ts",
  "calls-list": "functions/handlers/calls-list.ts",
  admin: "functions/handlers/admin.ts",
  "room-admin": "functions/handlers/room-admin.ts",
  "gateway-admin": "functions/handlers/gateway-admin.ts",
  reverify: "functions/handlers/reverify.ts",
  rollup: "functions/handlers/rollup.ts",
  "xml0-send": "functions/handlers/xml0-send.ts",
  "gateway-mock": "functions/gateway-mock/handler.ts",
  "pre-token": "functions/handlers/pre-token.ts",
} as const;
