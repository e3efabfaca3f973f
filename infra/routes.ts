/** The HTTP API's routes: one table shared by the CDK stack and the local server. */

export type FunctionName =
  | "checkin"
  | "lookup"
  | "checkins-list"
  | "recheck"
  | "queue-series"
  | "report"
  | "audit";

export interface ApiRoute {
  readonly method: "GET" | "POST";
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
  { method: "GET", path: "/api/audit", function: "audit" },
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
  reverify: "functions/handlers/reverify.ts",
  rollup: "functions/handlers/rollup.ts",
  "gateway-mock": "functions/gateway-mock/handler.ts",
} as const;
