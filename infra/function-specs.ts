import { Duration } from "aws-cdk-lib";
import type { TableAccess } from "./constructs/data-tables.ts";
import type { FunctionKey } from "./constructs/tiepdon-function.ts";

/** What one function is, what it may touch and what it calls: the whole of its wiring in one entry. */
export interface FunctionSpec {
  readonly description: string;
  readonly timeout?: Duration;
  /** The tables it uses, each with the least access it needs; each is also named in its environment. */
  readonly tables: TableAccess;
  /** Whether it calls the national gateway (invoke the mock's URL, read the account secret). */
  readonly callsGateway: boolean;
  /** Whether it writes facilities' gateway accounts, sealing their secrets (never opening them). */
  readonly sealsFacilitySecrets?: true;
  /** Whether it reads which facilities' gateway accounts the gateway refused (no secret, no key). */
  readonly readsGatewayRefusals?: true;
  /** Whether it publishes calls to the waiting-room Event API (its grant and endpoint names follow). */
  readonly publishesCalls?: true;
  /** For a scheduled job: what one run does (its schedule, dead-letter queue and alarms follow). */
  readonly schedule?: string;
  /** How often the scheduled job runs, when not the jobs' default. */
  readonly scheduleRate?: Duration;
}

/** The check-in settings schema names all three tables; a function may use only some of them. */
const CHECKIN_NAMES: TableAccess = { checkins: "name-only", counters: "name-only", idempotency: "name-only" };

/** Every deployed function, keyed as the routes table keys its handler. */
export const FUNCTION_SPECS: Record<FunctionKey, FunctionSpec> = {
  checkin: {
    description: "POST /api/checkins: check a patient in",
    tables: {
      checkins: "read-write",
      idempotency: "read-write",
      counters: "update",
      facilities: "read",
      limits: "update",
      audit: "append",
    },
    callsGateway: true,
    // A new ticket tells its room's pages to read their queue again.
    publishesCalls: true,
  },
  lookup: {
    description: "POST /api/lookups: coverage without a check-in",
    // Nothing about the person is stored: a use of the shared limits, and a line of the audit trail;
    // the facilities table only says whether the facility is still active.
    tables: { limits: "update", audit: "append", facilities: "read" },
    callsGateway: true,
  },
  "checkins-list": {
    description: "GET /api/checkins: a facility's check-ins of a day",
    tables: { ...CHECKIN_NAMES, checkins: "read", audit: "append" },
    callsGateway: false,
  },
  recheck: {
    description: "POST /api/checkins/recheck: re-check a facility's pending check-ins",
    tables: {
      ...CHECKIN_NAMES,
      checkins: "read-write",
      counters: "update",
      limits: "update",
      audit: "append",
    },
    callsGateway: true,
  },
  "queue-series": {
    description: "POST /api/checkins/series: an offline queue series for a reception device",
    tables: { ...CHECKIN_NAMES, checkins: "update" },
    callsGateway: false,
  },
  report: {
    description:
      "GET /api/reports/scan-rate, room-waits and gateway-accounts: QR-scan-rate ranking, waits per room, refused gateway accounts",
    timeout: Duration.seconds(20),
    tables: { counters: "read", facilities: "read" },
    callsGateway: false,
    readsGatewayRefusals: true,
  },
  reverify: {
    description: "Scheduled: re-check pending check-ins",
    timeout: Duration.seconds(60),
    schedule: "re-check pending check-ins at the national gateway",
    tables: { ...CHECKIN_NAMES, checkins: "read-write", counters: "update" },
    callsGateway: true,
  },
  "xml0-send": {
    description: "On each new visit's XML0 record and on a schedule: send the waiting XML0s to the gateway",
    timeout: Duration.seconds(60),
    schedule: "send the waiting XML0 check-in messages to the gateway",
    // Retries fall due from 30 s on; new records start a pass of their own through the table's stream.
    scheduleRate: Duration.minutes(1),
    // Reads what is due and the visits, and changes only the XML0 records' state.
    tables: { checkins: "read-update" },
    callsGateway: true,
  },
  rollup: {
    description: "Scheduled: roll the day counters up into report blocks",
    timeout: Duration.seconds(60),
    schedule: "roll the day counters up into report blocks",
    tables: { counters: "read-write" },
    callsGateway: false,
  },
  audit: {
    description: "GET /api/audit: who accessed a person's data, or what a user accessed",
    // Reads the trail and appends its own searches to it.
    tables: { audit: "read-append" },
    callsGateway: false,
  },
  "outbox-notice": {
    description: "POST /api/outbox/notices: a device reports an offline check-in it will never send",
    // Only appends a line naming no person.
    tables: { audit: "append" },
    callsGateway: false,
  },
  "subject-admin": {
    description: "POST /api/admin/subjects/search and /erase: a data subject's request",
    timeout: Duration.seconds(30),
    // Finds and deletes a person's visits, guards and remembered answers; reads the trail and appends to it.
    tables: {
      ...CHECKIN_NAMES,
      checkins: "read-write",
      idempotency: "read-write",
      facilities: "read",
      audit: "read-append",
    },
    callsGateway: false,
  },
  "gateway-mock": {
    description: "Mock national insurance gateway",
    // UpdateItem: the mock appends each card check to the card's check history (dsLichSuKT2018).
    tables: { registry: "read-update" },
    callsGateway: false,
  },
  "rooms-list": {
    description: "GET /api/rooms: the facility's exam rooms and who waits for each",
    tables: { checkins: "read" },
    callsGateway: false,
  },
  "room-write": {
    description: "POST /api/rooms: create, change, open or close a room",
    tables: { checkins: "read-write" },
    callsGateway: false,
  },
  "room-queue": {
    description: "GET /api/rooms/{room}/queue: one room's queue of the day",
    tables: { checkins: "read" },
    callsGateway: false,
  },
  "room-call": {
    description: "POST /api/rooms/{room}/calls: call the room's next patient and count the wait",
    tables: { checkins: "read-write", counters: "update" },
    callsGateway: false,
    publishesCalls: true,
  },
  "ticket-action": {
    description: "POST /api/rooms/{room}/tickets/{number}: recall, skip, bring back, done",
    tables: { checkins: "read-write" },
    callsGateway: false,
    publishesCalls: true,
  },
  "ticket-marks": {
    description: "POST /api/rooms/{room}/tickets/{number}/marks: reception marks or unmarks priority",
    tables: { checkins: "read-write" },
    callsGateway: false,
    publishesCalls: true,
  },
  "calls-list": {
    description: "GET /api/calls: the facility's calls of the day for its screens",
    tables: { checkins: "read" },
    callsGateway: false,
  },
  "pre-token": {
    description: "Cognito pre-token generation: admin and health-department tokens need TOTP set up",
    tables: {},
    callsGateway: false,
  },
  admin: {
    description: "/api/admin/*: facilities and staff accounts of the administrator's province",
    // Reads and writes the facility list, appends each change to the audit trail; accounts are in Cognito.
    tables: { facilities: "read-write", audit: "append" },
    callsGateway: false,
  },
  "room-admin": {
    description: "/api/admin/facilities/{code}/rooms: an administrator's work on a facility's exam rooms",
    // Its own function so the one holding Cognito's admin rights never touches the visits' table.
    tables: { checkins: "read-write", facilities: "read", audit: "append" },
    callsGateway: false,
  },
  "gateway-admin": {
    description: "/api/admin/*/gateway*: an administrator sets a facility's gateway account and certificate",
    // Its own function: the only one that seals facility secrets (KMS Encrypt); it never opens them.
    tables: { facilities: "read", audit: "append" },
    callsGateway: false,
    sealsFacilitySecrets: true,
  },
};
