/** Each `/api/admin/*` route as one small adapter: parse, act within the caller's province, audit, answer. */
import {
  accountPathSchema,
  accountsQuerySchema,
  facilityPathSchema,
  facilityWriteSchema,
  newAccountSchema,
} from "#domain/admin-contract";
import { adminScopeOf } from "#domain/admin-scope";
import type { AuditAction } from "#domain/audit-contract";
import { ForbiddenError } from "#domain/errors";
import { noQuerySchema, parseJsonBody, parsePath, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import type { HttpResult, RouteRequest } from "#functions/http/route";
import type { AccessEvent, Actor } from "#functions/privacy/audit-trail";
import type { AccountAdminDeps } from "./account-admin.ts";
import * as accounts from "./account-admin.ts";
import { csvBodyOf, isCsvBody } from "./csv-body.ts";
import * as facilities from "./facility-admin.ts";

interface Trail {
  record(actor: Actor, event: AccessEvent): Promise<void>;
}

type Action = (request: RouteRequest) => Promise<HttpResult>;

/** The route keys of the admin function and what each does. */
export function adminRoutes(deps: AccountAdminDeps, trail: Trail): Record<string, Action> {
  /** Runs a change and writes who did what: done, or refused by the province rule. */
  const audited = async <T>(
    request: RouteRequest,
    action: AuditAction,
    target: string,
    run: () => Promise<T>,
    subjectOf: (result: T) => string | null = () => null,
  ): Promise<T> => {
    const { principal } = request;
    const actor = { user: principal.sub, role: principal.role, facility: principal.facility };
    try {
      const result = await run();
      await trail.record(actor, { action, idNumber: subjectOf(result), outcome: "ok", target });
      return result;
    } catch (error) {
      if (error instanceof ForbiddenError) {
        await trail.record(actor, { action, idNumber: null, outcome: "refused", code: error.code, target });
      }
      throw error;
    }
  };
  const scopeOf = (request: RouteRequest) => adminScopeOf(request.principal.province);
  const store = deps.facilities;
  const enable =
    (enabled: boolean): Action =>
    async (request) => {
      const { username } = parsePath(request.event, accountPathSchema);
      const account = await audited(
        request,
        "account-admin",
        `account ${username} ${enabled ? "enable" : "disable"}`,
        () => accounts.setEnabled(deps, scopeOf(request), username, enabled),
      );
      return jsonResponse(200, account);
    };

  return {
    "GET /api/admin/facilities": async (request) => {
      parseQuery(request.event, noQuerySchema);
      return jsonResponse(200, { facilities: await facilities.listFacilities(store, scopeOf(request)) });
    },
    "POST /api/admin/facilities/import": async (request) => {
      const csv = csvBodyOf(request.event);
      const imported = await audited(request, "facility-admin", "facilities import", () =>
        facilities.importFacilities(store, scopeOf(request), csv),
      );
      return jsonResponse(200, { imported });
    },
    "PUT /api/admin/facilities/{code}": async (request) => {
      const { code } = parsePath(request.event, facilityPathSchema);
      const change = parseJsonBody(request.event, facilityWriteSchema);
      const facility = await audited(request, "facility-admin", `facility ${code} write`, () =>
        facilities.writeFacility(store, scopeOf(request), code, change),
      );
      return jsonResponse(200, facility);
    },
    "GET /api/admin/accounts": async (request) => {
      const { facility } = parseQuery(request.event, accountsQuerySchema);
      return jsonResponse(200, { accounts: await accounts.listAccounts(deps, scopeOf(request), facility) });
    },
    "POST /api/admin/accounts": async (request) => {
      if (isCsvBody(request.event)) {
        const csv = csvBodyOf(request.event);
        const created = await audited(request, "account-admin", "accounts import", () =>
          accounts.importAccounts(deps, scopeOf(request), csv),
        );
        return jsonResponse(201, {
          accounts: created.map(({ username, oneTimePassword }) => ({ username, oneTimePassword })),
        });
      }
      const input = parseJsonBody(request.event, newAccountSchema);
      const created = await audited(
        request,
        "account-admin",
        `account ${input.username} create`,
        () => accounts.createAccount(deps, scopeOf(request), input),
        (result) => result.draft.idNumber,
      );
      return jsonResponse(201, {
        accounts: [{ username: created.username, oneTimePassword: created.oneTimePassword }],
      });
    },
    "POST /api/admin/accounts/{username}/reset-password": async (request) => {
      const { username } = parsePath(request.event, accountPathSchema);
      const { issued } = await audited(request, "account-admin", `account ${username} reset-password`, () =>
        accounts.resetPassword(deps, scopeOf(request), username),
      );
      return jsonResponse(200, issued);
    },
    "POST /api/admin/accounts/{username}/reset-mfa": async (request) => {
      const { username } = parsePath(request.event, accountPathSchema);
      const account = await audited(request, "account-admin", `account ${username} reset-mfa`, () =>
        accounts.resetMfa(deps, scopeOf(request), username),
      );
      return jsonResponse(200, account);
    },
    "POST /api/admin/accounts/{username}/disable": enable(false),
    "POST /api/admin/accounts/{username}/enable": enable(true),
  };
}
