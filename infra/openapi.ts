/**
 * The HTTP API as an OpenAPI 3.1 document, generated from the contract's own zod schemas (zod's
 * JSON Schema output) and the route table the stack deploys: what hospital systems and provincial
 * portals code against. `npm run openapi` writes it to docs/openapi.json; `npm start` serves it.
 */
import * as z from "zod";
import {
  accountImportAnswerSchema,
  accountListSchema,
  accountsQuerySchema,
  adminFacilitySchema,
  facilityImportAnswerSchema,
  facilityListSchema,
  facilityWriteSchema,
  issuedPasswordSchema,
  newAccountSchema,
  staffAccountSchema,
} from "#domain/admin-contract";
import { auditAnswerSchema, auditQuerySchema } from "#domain/audit-contract";
import {
  checkinAnswerSchema,
  checkinListQuerySchema,
  checkinListSchema,
  checkinRequestSchema,
  errorBodySchema,
  kioskCheckinAnswerSchema,
  lookupAnswerSchema,
  lookupRequestSchema,
  queueSeriesAnswerSchema,
  recheckSummarySchema,
} from "#domain/contract";
import {
  gatewayAccountListSchema,
  gatewayAccountStatusSchema,
  gatewayAccountWriteSchema,
  gatewayCertificateWriteSchema,
  gatewayRefusalQuerySchema,
  gatewayRefusalReportSchema,
  kioskClerkWriteSchema,
} from "#domain/gateway-account-contract";
import { outboxNoticeAnswerSchema, outboxNoticeRequestSchema } from "#domain/outbox-notice";
import { reportQuerySchema, scanRateReportSchema } from "#domain/report-contract";
import {
  adminRoomListSchema,
  callAnswerSchema,
  callsAnswerSchema,
  callsQuerySchema,
  markAnswerSchema,
  markChangeSchema,
  roomListAnswerSchema,
  roomQueueAnswerSchema,
  roomSchema,
  roomWriteSchema,
  ticketActionAnswerSchema,
  ticketActionSchema,
} from "#domain/room-contract";
import { roomWaitQuerySchema, roomWaitReportSchema } from "#domain/room-wait-contract";
import { subjectEraseSchema, subjectExportSchema, subjectRequestSchema } from "#domain/subject-contract";
import { API_ROUTES, type ApiRoute } from "./routes.ts";

/** The schemas of the document, by the name they are referred to by. */
const COMPONENTS = {
  CheckinRequest: { schema: checkinRequestSchema, io: "input" },
  LookupRequest: { schema: lookupRequestSchema, io: "input" },
  CheckinAnswer: { schema: checkinAnswerSchema, io: "output" },
  KioskCheckinAnswer: { schema: kioskCheckinAnswerSchema, io: "output" },
  CheckinList: { schema: checkinListSchema, io: "output" },
  LookupAnswer: { schema: lookupAnswerSchema, io: "output" },
  RecheckSummary: { schema: recheckSummarySchema, io: "output" },
  QueueSeries: { schema: queueSeriesAnswerSchema, io: "output" },
  ScanRateReport: { schema: scanRateReportSchema, io: "output" },
  RoomWaitReport: { schema: roomWaitReportSchema, io: "output" },
  AuditAnswer: { schema: auditAnswerSchema, io: "output" },
  OutboxNotice: { schema: outboxNoticeRequestSchema, io: "input" },
  OutboxNoticeAnswer: { schema: outboxNoticeAnswerSchema, io: "output" },
  SubjectRequest: { schema: subjectRequestSchema, io: "input" },
  SubjectExport: { schema: subjectExportSchema, io: "output" },
  SubjectErase: { schema: subjectEraseSchema, io: "output" },
  RoomWrite: { schema: roomWriteSchema, io: "input" },
  Room: { schema: roomSchema, io: "output" },
  RoomList: { schema: roomListAnswerSchema, io: "output" },
  RoomQueue: { schema: roomQueueAnswerSchema, io: "output" },
  CallAnswer: { schema: callAnswerSchema, io: "output" },
  TicketAction: { schema: ticketActionSchema, io: "input" },
  TicketActionAnswer: { schema: ticketActionAnswerSchema, io: "output" },
  MarkChange: { schema: markChangeSchema, io: "input" },
  MarkAnswer: { schema: markAnswerSchema, io: "output" },
  Calls: { schema: callsAnswerSchema, io: "output" },
  Error: { schema: errorBodySchema, io: "output" },
  Facility: { schema: adminFacilitySchema, io: "output" },
  FacilityList: { schema: facilityListSchema, io: "output" },
  FacilityWrite: { schema: facilityWriteSchema, io: "input" },
  FacilityImportAnswer: { schema: facilityImportAnswerSchema, io: "output" },
  NewAccount: { schema: newAccountSchema, io: "input" },
  StaffAccount: { schema: staffAccountSchema, io: "output" },
  AccountList: { schema: accountListSchema, io: "output" },
  IssuedPassword: { schema: issuedPasswordSchema, io: "output" },
  AccountImportAnswer: { schema: accountImportAnswerSchema, io: "output" },
  AdminRoomList: { schema: adminRoomListSchema, io: "output" },
  GatewayAccountWrite: { schema: gatewayAccountWriteSchema, io: "input" },
  GatewayCertificateWrite: { schema: gatewayCertificateWriteSchema, io: "input" },
  GatewayAccountStatus: { schema: gatewayAccountStatusSchema, io: "output" },
  KioskClerkWrite: { schema: kioskClerkWriteSchema, io: "input" },
  GatewayAccountList: { schema: gatewayAccountListSchema, io: "output" },
  GatewayRefusalReport: { schema: gatewayRefusalReportSchema, io: "output" },
} as const;
type ComponentName = keyof typeof COMPONENTS;

interface Operation {
  readonly summary: string;
  readonly roles: string;
  readonly query?: z.ZodObject;
  readonly body?: ComponentName;
  readonly idempotent?: boolean;
  /** Success statuses and the component each answers (one of several, by the caller's role). */
  readonly answers: Record<string, ComponentName | readonly ComponentName[]>;
  readonly csv?: boolean;
  /** The body is CSV text (an import), alone or beside the JSON body. */
  readonly csvBody?: boolean;
  /** Error statuses of this operation besides the ones every operation may answer. */
  readonly errors?: Record<string, string>;
}

const ROOM_ERRORS = {
  "404": "The facility has no such room or ticket (ROOM_NOT_FOUND, TICKET_NOT_FOUND)",
  "409":
    "The room is closed (ROOM_CLOSED, with its reason), no one is waiting (QUEUE_EMPTY), or the ticket is not in a state for this (TICKET_STATE)",
};

/** What the admin routes answer besides the common errors. */
const ADMIN_ERRORS: Record<string, string> = {
  "404": "No such facility or account",
  "409": "The user name is taken",
  "422": "Bad lines or a rule broken; nothing was written (error.lines lists each line)",
};

const OPERATIONS: Record<string, Operation> = {
  "POST /api/checkins": {
    summary:
      "Check a patient in at the token's facility, with the gateway's answer on coverage and the ticket of the exam room it joins (`room`, else the facility's default)",
    roles: "receptionist, kiosk",
    body: "CheckinRequest",
    idempotent: true,
    // A kiosk gets only what the patient needs; reception the whole answer.
    answers: {
      "201": ["CheckinAnswer", "KioskCheckinAnswer"],
      "200": ["CheckinAnswer", "KioskCheckinAnswer"],
    },
    errors: {
      "403":
        "The room belongs to another facility (ROOM_OTHER_FACILITY), or an administrator deactivated the facility (FACILITY_INACTIVE)",
      "404": "The facility has no such room (ROOM_NOT_FOUND)",
      "409": "The room is closed (ROOM_CLOSED, with its reason)",
    },
  },
  "GET /api/checkins": {
    summary: "The facility's check-ins of a day, newest first, a page at a time",
    roles: "receptionist",
    query: checkinListQuerySchema,
    answers: { "200": "CheckinList" },
  },
  "POST /api/checkins/recheck": {
    summary: "Ask the gateway again about the facility's pending check-ins now",
    roles: "receptionist",
    answers: { "200": "RecheckSummary" },
  },
  "POST /api/checkins/series": {
    summary:
      "Lease the facility's next offline queue series for this reception device (tickets B-01, B-02… offline)",
    roles: "receptionist",
    answers: { "201": "QueueSeries" },
  },
  "POST /api/lookups": {
    summary: "Coverage of a patient without checking them in",
    roles: "receptionist",
    body: "LookupRequest",
    answers: { "200": "LookupAnswer" },
    errors: {
      "403":
        "Signed in, but this role or facility may not do this, or an administrator deactivated the facility (FACILITY_INACTIVE)",
    },
  },
  "GET /api/reports/scan-rate": {
    summary: "The QR-scan-rate ranking of facilities or provinces over a period, as JSON or CSV",
    roles: "health-dept",
    query: reportQuerySchema,
    answers: { "200": "ScanRateReport" },
    csv: true,
  },
  "GET /api/reports/room-waits": {
    summary:
      "One facility's waits from check-in to first call per exam room over a period (calls, median and 90th percentile as minute buckets), as JSON or CSV",
    roles: "health-dept",
    query: roomWaitQuerySchema,
    answers: { "200": "RoomWaitReport" },
    csv: true,
  },
  "GET /api/reports/gateway-accounts": {
    summary:
      "The facilities of the province (or the country) whose gateway account the gateway refused (wrong or locked password): their card checks wait until the administrator enters a working one; never a username or a secret",
    roles: "health-dept",
    query: gatewayRefusalQuerySchema,
    answers: { "200": "GatewayRefusalReport" },
  },
  "GET /api/audit": {
    summary:
      "Who accessed a person's data (subject: their 12-digit ID number) or what a user accessed, newest first, as JSON or CSV; the search is itself audited",
    roles: "admin",
    query: auditQuerySchema,
    answers: { "200": "AuditAnswer" },
    csv: true,
  },
  "POST /api/admin/subjects/search": {
    summary:
      "A data subject's request: everything held about one ID number (in the body, never the URL) at facilities of the administrator's provinces: visits, with the duplicate guard and the remembered answer kept beside each, and the audit lines about the person; audited as an export",
    roles: "admin",
    body: "SubjectRequest",
    answers: { "200": "SubjectExport" },
  },
  "POST /api/admin/subjects/erase": {
    summary:
      "Erases what is held about one ID number within the administrator's provinces (visits, duplicate guards, remembered answers; day counters and reports unchanged); held: false when nothing was held; audited",
    roles: "admin",
    body: "SubjectRequest",
    answers: { "200": "SubjectErase" },
  },
  "POST /api/outbox/notices": {
    summary:
      "A reception device reports an offline check-in it will never send (discarded with a reason, found altered, or dropped after 7 days needing attention); recorded in the audit trail, naming no person",
    roles: "receptionist",
    body: "OutboxNotice",
    answers: { "201": "OutboxNoticeAnswer" },
  },
  "GET /api/rooms": {
    summary:
      "The facility's exam rooms (open or closed, with the exam service XML0 sends) and today's waiting counts",
    roles: "receptionist, kiosk, room",
    answers: { "200": "RoomList" },
  },
  "POST /api/rooms": {
    summary:
      "Create or change one of the facility's rooms, open or close it (the id starts with the facility code)",
    roles: "receptionist",
    body: "RoomWrite",
    answers: { "200": "Room" },
  },
  "GET /api/rooms/{room}/queue": {
    summary: "One room's day: waiting in call order (priority first), called and done, missed",
    roles: "room",
    answers: { "200": "RoomQueue" },
    errors: ROOM_ERRORS,
  },
  "POST /api/rooms/{room}/calls": {
    summary:
      "Call the room's next patient (priority first, then arrival); answers the called visit and its ticket",
    roles: "room",
    answers: { "201": "CallAnswer" },
    errors: ROOM_ERRORS,
  },
  "POST /api/rooms/{room}/tickets/{number}": {
    summary: "Recall a called ticket, skip it to the missed list, bring a missed one back, or finish it",
    roles: "room",
    body: "TicketAction",
    answers: { "200": "TicketActionAnswer" },
    errors: ROOM_ERRORS,
  },
  "POST /api/rooms/{room}/tickets/{number}/marks": {
    summary:
      "Add a priority mark reception taps (pregnant, disability, merit, emergency) to a waiting ticket, or remove any mark; the ticket moves in the queue",
    roles: "receptionist",
    body: "MarkChange",
    answers: { "200": "MarkAnswer" },
    errors: {
      "404": "The facility has no such room or ticket (ROOM_NOT_FOUND, TICKET_NOT_FOUND)",
      "409": "The ticket was already called (TICKET_NOT_WAITING)",
    },
  },
  "GET /api/calls": {
    summary:
      "The facility's calls of the day after `since`, for a waiting-room screen catching up (numbers and rooms only)",
    roles: "kiosk (display), room, receptionist",
    query: callsQuerySchema,
    answers: { "200": "Calls" },
  },
  "GET /api/admin/facilities": {
    summary: "The facilities of the administrator's province (all for a national one), active or not",
    roles: "admin",
    answers: { "200": "FacilityList" },
  },
  "POST /api/admin/facilities/import": {
    summary:
      "Import facilities from CSV (maCSKCB, name, province, level, address); any bad line refuses the whole file (422 with error.lines: line, code, messages)",
    roles: "admin",
    csvBody: true,
    answers: { "200": "FacilityImportAnswer" },
    errors: ADMIN_ERRORS,
  },
  "PUT /api/admin/facilities/{code}": {
    summary:
      "Add a facility of the province, change its name, level or address, or deactivate it (active: false)",
    roles: "admin",
    body: "FacilityWrite",
    answers: { "200": "Facility" },
    errors: ADMIN_ERRORS,
  },
  "GET /api/admin/facilities/{code}/rooms": {
    summary: "The exam rooms of a facility of the administrator's province, open or closed, by number",
    roles: "admin",
    answers: { "200": "AdminRoomList" },
    errors: { "403": "The facility is in another province (OUT_OF_SCOPE)", "404": "No such facility" },
  },
  "PUT /api/admin/facilities/{code}/rooms/{room}": {
    summary:
      "Add or change an exam room of the facility: name, number, the exam service XML0 sends (MA_DICH_VU, TEN_DICH_VU), open or closed with a reason",
    roles: "admin",
    body: "RoomWrite",
    answers: { "200": "Room" },
    errors: {
      "403": "The facility is in another province (OUT_OF_SCOPE), or the room id is another facility's",
      "404": "No such facility",
      "409": "Another room of the facility has that number (ROOM_NUMBER_TAKEN)",
    },
  },
  "GET /api/admin/gateway-accounts": {
    summary:
      "The gateway account of every facility of the administrator's province: whether it is set, the username, the certificate's subject and end, and the gateway's last refusal (never a secret)",
    roles: "admin",
    answers: { "200": "GatewayAccountList" },
  },
  "GET /api/admin/facilities/{code}/gateway": {
    summary:
      "A facility's gateway account as far as it may be read: username, certificate subject and end, last refusal",
    roles: "admin",
    answers: { "200": "GatewayAccountStatus" },
    errors: { "403": "The facility is in another province (OUT_OF_SCOPE)", "404": "No such facility" },
  },
  "PUT /api/admin/facilities/{code}/gateway-account": {
    summary:
      "Set the facility's gateway username and password, once one token request shows the gateway takes them (write-only: the password is sealed for the facility and never returned; used within a minute). An unreachable gateway stores it with a GATEWAY_UNREACHABLE warning",
    roles: "admin",
    body: "GatewayAccountWrite",
    answers: { "200": "GatewayAccountStatus" },
    errors: {
      "403": "The facility is in another province (OUT_OF_SCOPE)",
      "404": "No such facility",
      "422": "The gateway refused the username or password (GATEWAY_PASSWORD_REFUSED): nothing is stored",
    },
  },
  "PUT /api/admin/facilities/{code}/gateway-certificate": {
    summary:
      "Upload the facility's signing certificate for XML0: a PKCS#12 file in Base64 and its passphrase (write-only: the key is sealed and never returned)",
    roles: "admin",
    body: "GatewayCertificateWrite",
    answers: { "200": "GatewayAccountStatus" },
    errors: {
      "403": "The facility is in another province (OUT_OF_SCOPE)",
      "404": "No such facility",
      "422":
        "The file cannot sign: CERTIFICATE_NOT_PKCS12, CERTIFICATE_PASSPHRASE_WRONG, CERTIFICATE_INCOMPLETE, CERTIFICATE_EXPIRED or CERTIFICATE_KEY_MISMATCH",
    },
  },
  "PUT /api/admin/facilities/{code}/kiosk-clerk": {
    summary:
      "Name the clerk (full name, 12-digit ID number) under whom the facility's kiosks check cards at the gateway (hoTenCb, cccdCb); used within a minute",
    roles: "admin",
    body: "KioskClerkWrite",
    answers: { "200": "GatewayAccountStatus" },
    errors: { "403": "The facility is in another province (OUT_OF_SCOPE)", "404": "No such facility" },
  },
  "GET /api/admin/accounts": {
    summary:
      "The staff accounts of the administrator's province, optionally of one facility (never a password)",
    roles: "admin",
    query: accountsQuerySchema,
    answers: { "200": "AccountList" },
  },
  "POST /api/admin/accounts": {
    summary:
      "Create one staff account (JSON) or import many (CSV: username, role, facility, province, name, idNumber), all-or-nothing; answers each one-time password once",
    roles: "admin",
    body: "NewAccount",
    csvBody: true,
    answers: { "201": "AccountImportAnswer" },
    errors: ADMIN_ERRORS,
  },
  "POST /api/admin/accounts/{username}/reset-password": {
    summary: "A new one-time password, answered once (null when the pool mails the person a code)",
    roles: "admin",
    answers: { "200": "IssuedPassword" },
    errors: ADMIN_ERRORS,
  },
  "POST /api/admin/accounts/{username}/reset-mfa": {
    summary:
      "Forget the account's TOTP code set-up (a lost phone): an admin or health-department account sets up a new one at its next sign-in",
    roles: "admin",
    answers: { "200": "StaffAccount" },
    errors: ADMIN_ERRORS,
  },
  "POST /api/admin/accounts/{username}/disable": {
    summary: "Disable an account: it can no longer sign in",
    roles: "admin",
    answers: { "200": "StaffAccount" },
    errors: ADMIN_ERRORS,
  },
  "POST /api/admin/accounts/{username}/enable": {
    summary: "Enable a disabled account again",
    roles: "admin",
    answers: { "200": "StaffAccount" },
    errors: ADMIN_ERRORS,
  },
};

type Json = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  });
  return rest;
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

/** Error statuses every operation may answer, in the contract's error body. */
const ERRORS: Record<string, string> = {
  "400": "The request is malformed or its content is invalid (the code says which field and why)",
  "401": "Not signed in, or the sign-in has expired",
  "403": "Signed in, but this role or facility may not do this",
  "413": "The body is too large",
  "415": "The body is not JSON",
  "429": "Too many requests; Retry-After says when to try again",
  "503": "A service the API needs is unavailable; Retry-After says when to try again",
};

function operationOf(route: ApiRoute, operation: Operation): Json {
  const parameters: Json[] = Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    schema: jsonSchemaOf(schema as z.ZodType, "input"),
  }));
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
  }
  if (operation.idempotent === true) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "A retry with the same key is answered with the first answer, never stored twice",
      schema: { type: "string", pattern: "^[A-Za-z0-9._:-]{8,128}$" },
    });
  }
  const responses: Json = {};
  for (const [status, name] of Object.entries(operation.answers)) {
    responses[status] = {
      description: status === "200" && operation.idempotent === true ? "A repeat: the stored answer" : "OK",
      content: {
        "application/json": {
          schema: typeof name === "string" ? ref(name) : { oneOf: name.map((one) => ref(one)) },
        },
        ...(operation.csv === true ? { "text/csv": { schema: { type: "string" } } } : {}),
      },
    };
  }
  for (const [status, description] of Object.entries({ ...ERRORS, ...operation.errors })) {
    responses[status] = { description, content: { "application/json": { schema: ref("Error") } } };
  }
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/\/(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, "")}`,
    summary: operation.summary,
    description: `Roles: ${operation.roles}.`,
    security: [{ bearer: [] }],
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(operation.body === undefined && operation.csvBody !== true
      ? {}
      : {
          requestBody: {
            required: true,
            content: {
              ...(operation.body === undefined
                ? {}
                : { "application/json": { schema: ref(operation.body) } }),
              ...(operation.csvBody === true ? { "text/csv": { schema: { type: "string" } } } : {}),
            },
          },
        }),
    responses,
  };
}

/** The OpenAPI 3.1 document of the API. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of API_ROUTES) {
    const operation = OPERATIONS[`${route.method} ${route.path}`];
    if (operation === undefined) throw new Error(`no OpenAPI operation for ${route.method} ${route.path}`);
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route, operation) };
  }
  const schemas = Object.fromEntries(
    Object.entries(COMPONENTS).map(([name, { schema, io }]) => [name, jsonSchemaOf(schema, io)]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "tiepdon API",
      version: "1",
      description:
        "Clinic check-in with the chip ID card's QR code, health-insurance lookup at the national gateway, and QR-scan-rate reports. Every error answers {error: {code, message, messageEn}} with a stable code.",
    },
    servers: [{ url: "/" }],
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A Cognito ID token (locally: POST /api/dev/token)",
        },
      },
    },
  };
}

/** The document as docs/openapi.json holds it. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
