/**
 * The mock national gateway as an HTTP API (API Gateway HTTP API v2 events): token, card check
 * and, when enabled, the fault-control route. Routes match by path suffix, because locally the
 * mock is mounted under /gateway and in AWS it sits behind a function URL. It speaks the real
 * gateway's protocol and nothing looser: the account and both tokens in the query string, bodies
 * as JSON or form-urlencoded, every answer field present.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ERROR_CODE } from "#domain/errors";
import { vnTimestamp } from "#domain/vn-time";
import type { GatewayAccount } from "#functions/config/gateway-account";
import { GATEWAY_PATHS, type PastCheckBody, tokenRequestSchema } from "#functions/gateway/gateway-schema";
import { passwordDigest } from "#functions/gateway/password-digest";
import { makeCardCheck } from "./card-check.ts";
import type { Clerk } from "./clerks.ts";
import { type GatewayFaults, gatewayFaults, gatewayFaultsChangeSchema, setGatewayFaults } from "./faults.ts";
import { accountLockSchema, type GatewayLedger, makeGatewayLedger } from "./gateway-ledger.ts";
import { gatewayNote } from "./gateway-notes.ts";
import { bodyOf, parseWith } from "./gateway-request.ts";
import { blankAnswer } from "./gateway-rules.ts";
import { makeTokenIssuer, type TokenIssuer } from "./gateway-tokens.ts";
import type { MockPerson } from "./mock-person.ts";

export type GatewayEvent = APIGatewayProxyEventV2;
export type GatewayResult = APIGatewayProxyStructuredResultV2;

/** Facts about one call, for the log: never names, ID numbers, addresses or birth dates. */
export interface GatewayFacts {
  readonly route: string;
  readonly status: number;
  readonly resultCode: string | null;
  readonly fault: string | null;
}

export interface GatewayDeps {
  /** One read of the registry table per card check. */
  readonly findByKey: (key: string) => Promise<MockPerson | null>;
  /**
   * Adds a check to the card's check history (by social-insurance number) and answers the
   * checks made before it, newest first.
   */
  readonly recordCheck: (socialInsuranceNumber: string, check: PastCheckBody) => Promise<PastCheckBody[]>;
  /** The accounts allowed to take tokens. */
  readonly accounts: readonly GatewayAccount[];
  readonly tokenTtlSeconds: number;
  /** How long an answer that must come too late sleeps. */
  readonly slowMs: number;
  /** Whether …/_faults exists (local runs only). */
  readonly faultControl: boolean;
  readonly clerks: readonly Clerk[];
  /** Locked accounts and the checks' clerks; a fresh one when absent. */
  readonly ledger?: GatewayLedger;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onAnswer?: (facts: GatewayFacts) => void;
}

const FAULTS_SUFFIX = "/_faults";
const CHECKS_SUFFIX = "/_checks";
const ACCOUNTS_SUFFIX = "/_accounts";

function json(statusCode: number, body: unknown): GatewayResult {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}

/** The token route: an account's username and password for an access and an ID token. */
function takeToken(
  event: GatewayEvent,
  tokens: TokenIssuer,
  ledger: GatewayLedger,
  nowMs: number,
): { result: GatewayResult; code: string } {
  const refused = (code: string) => ({
    result: json(200, { maKetQua: code, ghiChu: gatewayNote(code), APIKey: null }),
    code,
  });
  const request = parseWith(tokenRequestSchema, bodyOf(event));
  if (request === null) return refused("205");
  const account = tokens.accountOf(request.username, request.password.toUpperCase());
  if (account === null || ledger.isLocked(account.username)) return refused("401");
  const pair = tokens.issue(account, nowMs);
  const APIKey = {
    access_token: pair.accessToken,
    id_token: pair.idToken,
    token_type: "Bearer",
    username: account.username,
    expires_in: vnTimestamp(new Date(pair.expiresAtMs)),
  };
  return { result: json(200, { maKetQua: "200", APIKey }), code: "200" };
}

/** The fault-control route (local runs only): read or change the faults the mock plays. */
function faultControl(event: GatewayEvent): GatewayResult {
  if (event.requestContext.http.method.toUpperCase() === "GET") return json(200, gatewayFaults());
  const change = parseWith(gatewayFaultsChangeSchema, bodyOf(event));
  if (change === null) {
    return json(400, {
      error: {
        code: ERROR_CODE.BODY_INVALID,
        message: "Expected {latencyMs, errorRate, timeoutRate} within their ranges.",
      },
    });
  }
  const updated: GatewayFaults = setGatewayFaults(
    Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)),
  );
  return json(200, updated);
}

/** The local control of accounts: lock or unlock one (PUT …/_accounts). */
function accountControl(event: GatewayEvent, ledger: GatewayLedger): GatewayResult {
  const change = parseWith(accountLockSchema, bodyOf(event));
  if (change === null) {
    return json(400, {
      error: { code: ERROR_CODE.BODY_INVALID, message: "Expected {username, locked}." },
    });
  }
  return json(200, { locked: ledger.setLocked(change.username, change.locked) });
}

/** Builds the gateway; the handler wraps it, tests call it with hand-made events. */
export function makeGatewayApp(deps: GatewayDeps): (event: GatewayEvent) => Promise<GatewayResult> {
  // Read the clock at each call, not a reference to the Date.now of start-up.
  const now = deps.now ?? (() => Date.now());
  // The gateway knows each password only as its MD5 digest, which token/take and every call carry.
  const tokens = makeTokenIssuer(
    deps.accounts.map((account) => ({
      username: account.username,
      password: passwordDigest(account.password),
    })),
    deps.tokenTtlSeconds,
  );
  const ledger = deps.ledger ?? makeGatewayLedger();
  const checkCard = makeCardCheck({
    findByKey: deps.findByKey,
    recordCheck: deps.recordCheck,
    clerks: deps.clerks,
    tokens,
    ledger,
    slowMs: deps.slowMs,
    now,
    random: deps.random ?? Math.random,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  });

  return async (event) => {
    const path = (event.rawPath ?? event.requestContext.http.path).replace(/\/+$/, "");
    const method = event.requestContext.http.method.toUpperCase();
    const report = (
      route: string,
      result: GatewayResult,
      resultCode: string | null,
      fault: string | null,
    ) => {
      deps.onAnswer?.({ route, status: result.statusCode ?? 200, resultCode, fault });
      return result;
    };
    if (method === "POST" && path.endsWith(GATEWAY_PATHS.token)) {
      const taken = takeToken(event, tokens, ledger, now());
      return report("token", taken.result, taken.code, null);
    }
    if (method === "POST" && path.endsWith(GATEWAY_PATHS.cardCheck)) {
      try {
        const checked = await checkCard(event);
        return report(
          "card-check",
          json(checked.status, checked.answer),
          String(checked.answer.maKetQua),
          checked.fault,
        );
      } catch {
        return report("card-check", json(500, blankAnswer("500")), "500", "exception");
      }
    }
    if (deps.faultControl && (method === "GET" || method === "PUT") && path.endsWith(FAULTS_SUFFIX)) {
      return report("faults", faultControl(event), null, null);
    }
    if (deps.faultControl && method === "GET" && path.endsWith(CHECKS_SUFFIX)) {
      return report("checks", json(200, { checks: ledger.checks() }), null, null);
    }
    if (deps.faultControl && method === "PUT" && path.endsWith(ACCOUNTS_SUFFIX)) {
      return report("accounts", accountControl(event, ledger), null, null);
    }
    return report("unknown", json(404, { maKetQua: "404", ghiChu: "Không tìm thấy chức năng." }), null, null);
  };
}
