/**
 * The mock national gateway as an HTTP API (API Gateway HTTP API v2 events): token, card check
 * and, when enabled, the fault-control route. Routes match by path suffix, because locally the
 * mock is mounted under /gateway and in AWS it sits behind a function URL. It speaks the real
 * gateway's protocol and nothing looser: the account and both tokens in the query string, bodies
 * as JSON or form-urlencoded, every answer field present.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { z } from "zod";
import { compareNames } from "#domain/names";
import { vnDay, vnTimestamp } from "#domain/vn-time";
import type { GatewayAccount } from "#functions/config/gateway-account";
import {
  cardCheckQuerySchema,
  cardCheckRequestSchema,
  GATEWAY_PATHS,
  type GatewayAnswerBody,
  type PastCheckBody,
  tokenRequestSchema,
} from "#functions/gateway/gateway-schema";
import { passwordDigest } from "#functions/gateway/password-digest";
import type { Clerk } from "./clerks.ts";
import { type GatewayFaults, gatewayFaults, gatewayFaultsChangeSchema, setGatewayFaults } from "./faults.ts";
import { gatewayNote } from "./gateway-notes.ts";
import { bodyOf, queryOf } from "./gateway-request.ts";
import { answerCardQuery, blankAnswer, isBirthField } from "./gateway-rules.ts";
import { makeTokenIssuer } from "./gateway-tokens.ts";
import { keyOfCardQuery, type MockPerson } from "./mock-person.ts";

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
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onAnswer?: (facts: GatewayFacts) => void;
}

const FAULTS_SUFFIX = "/_faults";
/** The check history an answer lists at most. */
const PAST_CHECKS_SHOWN = 20;

function json(statusCode: number, body: unknown): GatewayResult {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

/** 202611250803 for 2026-11-25 08:03 in Vietnam. */
function gatewayMinute(nowMs: number): string {
  return vnTimestamp(new Date(nowMs)).slice(0, 16).replace(/\D/g, "");
}

function newestFirst(checks: readonly PastCheckBody[]): PastCheckBody[] {
  return [...checks]
    .sort((a, b) => (b.thoiGianKT ?? "").localeCompare(a.thoiGianKT ?? ""))
    .slice(0, PAST_CHECKS_SHOWN);
}

/** Builds the gateway; the handler wraps it, tests call it with hand-made events. */
export function makeGatewayApp(deps: GatewayDeps): (event: GatewayEvent) => Promise<GatewayResult> {
  // Read the clock at each call, not a reference to the Date.now of start-up.
  const now = deps.now ?? (() => Date.now());
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // The gateway knows each password only as its MD5 digest, which token/take and every call carry.
  const tokens = makeTokenIssuer(
    deps.accounts.map((account) => ({
      username: account.username,
      password: passwordDigest(account.password),
    })),
    deps.tokenTtlSeconds,
  );
  const clerkById = new Map(deps.clerks.map((clerk) => [clerk.id, clerk]));

  function takeToken(event: GatewayEvent): { result: GatewayResult; code: string } {
    const refused = (code: string) => ({
      result: json(200, { maKetQua: code, ghiChu: gatewayNote(code), APIKey: null }),
      code,
    });
    const request = parseWith(tokenRequestSchema, bodyOf(event));
    if (request === null) return refused("205");
    const account = tokens.accountOf(request.username, request.password.toUpperCase());
    if (account === null) return refused("401");
    const pair = tokens.issue(account, now());
    const APIKey = {
      access_token: pair.accessToken,
      id_token: pair.idToken,
      token_type: "Bearer",
      username: account.username,
      expires_in: vnTimestamp(new Date(pair.expiresAtMs)),
    };
    return { result: json(200, { maKetQua: "200", APIKey }), code: "200" };
  }

  /** The answer code the clerk fields earn before the card is even looked at, or null when fine. */
  function clerkProblem(name: string | undefined, id: string | undefined): string | null {
    const clerk = clerkById.get(id?.trim() ?? "");
    if (clerk === undefined) return "054";
    return name === undefined || compareNames(name, clerk.name) !== "same" ? "055" : null;
  }

  type Checked = { status: number; answer: GatewayAnswerBody; fault: string | null };
  const refusal = (code: string): Checked => ({ status: 200, answer: blankAnswer(code), fault: null });

  async function checkCard(event: GatewayEvent): Promise<Checked> {
    const credentials = parseWith(cardCheckQuerySchema, queryOf(event));
    if (
      credentials === null ||
      !tokens.verify({ ...credentials, password: credentials.password.toUpperCase() }, now())
    )
      return refusal("401");
    const request = parseWith(cardCheckRequestSchema, bodyOf(event));
    const maThe = request?.maThe.trim().toUpperCase() ?? "";
    const key = keyOfCardQuery(maThe);
    const birth = request?.ngaySinh.trim() ?? "";
    if (request === null || key === null || !isBirthField(birth) || request.hoTen.length > 200) {
      return refusal("205");
    }
    const clerkCode = clerkProblem(request.hoTenCb, request.cccdCb);
    if (clerkCode !== null) return refusal(clerkCode);

    const faults = gatewayFaults();
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (random() < faults.timeoutRate) await sleep(deps.slowMs);
    if (random() < faults.errorRate) return { status: 500, answer: blankAnswer("500"), fault: "error-rate" };

    let person = await deps.findByKey(key);
    // A typed card code that is not on file may still share its social-insurance number with one (051–053).
    if (person === null && key.startsWith("CARD#")) person = await deps.findByKey(`BHXH#${maThe.slice(-10)}`);
    const at = now();
    const outcome = answerCardQuery(
      person,
      { maThe, hoTen: request.hoTen, ngaySinh: birth },
      vnDay(new Date(at)),
    );
    const answer = outcome.answer;
    const number = answer.maSoBHXH;
    if (number !== null) {
      const past = await deps.recordCheck(number, {
        userKT: credentials.username,
        thoiGianKT: gatewayMinute(at),
        thongBao: answer.ghiChu,
        maLoi: answer.maKetQua,
      });
      answer.dsLichSuKT2018 = newestFirst([...past, ...answer.dsLichSuKT2018]);
    }
    if (outcome.fault === "timeout") await sleep(deps.slowMs);
    return { status: 200, answer, fault: outcome.fault };
  }

  function faultControl(event: GatewayEvent): GatewayResult {
    if (event.requestContext.http.method.toUpperCase() === "GET") return json(200, gatewayFaults());
    const change = parseWith(gatewayFaultsChangeSchema, bodyOf(event));
    if (change === null) {
      return json(400, {
        error: {
          code: "BODY_INVALID",
          message: "Expected {latencyMs, errorRate, timeoutRate} within their ranges.",
        },
      });
    }
    const updated: GatewayFaults = setGatewayFaults(
      Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)),
    );
    return json(200, updated);
  }

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
      const taken = takeToken(event);
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
    return report("unknown", json(404, { maKetQua: "404", ghiChu: "Không tìm thấy chức năng." }), null, null);
  };
}
