/**
 * The mock national gateway as an HTTP API (API Gateway HTTP API v2 events): token, card check
 * and, when enabled, the fault-control route. Routes match by path suffix, because locally the
 * mock is mounted under /gateway and in AWS it sits behind a function URL.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { z } from "zod";
import { isoFromSlashed } from "#domain/date-text";
import { compareNames } from "#domain/names";
import { vnDay } from "#domain/vn-time";
import {
  cardCheckRequestSchema,
  GATEWAY_PATHS,
  type GatewayAnswerBody,
  tokenRequestSchema,
} from "#functions/registry/gateway-schema";
import type { Clerk } from "./clerks.ts";
import { type GatewayFaults, gatewayFaults, gatewayFaultsChangeSchema, setGatewayFaults } from "./faults.ts";
import { answerCardQuery, blankAnswer } from "./gateway-rules.ts";
import { makeTokenIssuer } from "./gateway-tokens.ts";
import { keyOfCardQuery, type RegistryPerson } from "./registry-person.ts";

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
  readonly findByKey: (key: string) => Promise<RegistryPerson | null>;
  readonly username: string;
  readonly password: string;
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
const BIRTH_FIELD = /^(\d{2}\/\d{2}\/\d{4}|\d{4})?$/;

function json(statusCode: number, body: unknown): GatewayResult {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}

function bodyOf(event: GatewayEvent): unknown {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Behind an IAM-authorised function URL, SigV4 owns Authorization and the gateway token moves to this header. */
const FORWARDED_AUTHORIZATION = "x-gateway-authorization";

function bearerOf(event: GatewayEvent): string | null {
  const headers = Object.entries(event.headers ?? {});
  const header = (name: string) => headers.find(([key]) => key.toLowerCase() === name)?.[1];
  const value = header(FORWARDED_AUTHORIZATION) ?? header("authorization");
  return /^Bearer\s+(\S+)$/i.exec(value ?? "")?.[1] ?? null;
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

/** Builds the gateway; the handler wraps it, tests call it with hand-made events. */
export function makeGatewayApp(deps: GatewayDeps): (event: GatewayEvent) => Promise<GatewayResult> {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const tokens = makeTokenIssuer({
    username: deps.username,
    password: deps.password,
    ttlSeconds: deps.tokenTtlSeconds,
  });
  const clerkById = new Map(deps.clerks.map((clerk) => [clerk.id, clerk]));

  function takeToken(event: GatewayEvent): GatewayResult {
    const request = parseWith(tokenRequestSchema, bodyOf(event));
    if (request === null) return json(400, { maKetQua: "205", ghiChu: "Sai định dạng tham số." });
    if (request.username !== deps.username || request.password !== deps.password) {
      return json(401, { maKetQua: "401", ghiChu: "Sai tên đăng nhập hoặc mật khẩu." });
    }
    const issued = tokens.issue(now());
    return json(200, {
      maKetQua: "200",
      access_token: issued.token,
      token_type: "Bearer",
      expires_in: issued.expiresIn,
    });
  }

  /** The answer code the clerk fields earn before the card is even looked at, or null when fine. */
  function clerkProblem(name: string | undefined, id: string | undefined): string | null {
    const clerk = clerkById.get(id?.trim() ?? "");
    if (clerk === undefined) return "054";
    return name === undefined || compareNames(name, clerk.name) !== "same" ? "055" : null;
  }

  async function checkCard(
    event: GatewayEvent,
  ): Promise<{ status: number; answer: GatewayAnswerBody; fault: string | null }> {
    const token = bearerOf(event);
    if (token === null || !tokens.verify(token, now())) {
      return { status: 401, answer: blankAnswer("401"), fault: null };
    }
    const request = parseWith(cardCheckRequestSchema, bodyOf(event));
    const maThe = request?.maThe.trim().toUpperCase() ?? "";
    const key = keyOfCardQuery(maThe);
    if (
      request === null ||
      key === null ||
      !BIRTH_FIELD.test(request.ngaySinh.trim()) ||
      request.hoTen.length > 200
    ) {
      return { status: 200, answer: blankAnswer("205"), fault: null };
    }
    const birth = request.ngaySinh.trim();
    if (birth.includes("/") && isoFromSlashed(birth) === null)
      return { status: 200, answer: blankAnswer("205"), fault: null };
    const clerkCode = clerkProblem(request.hoTenCb, request.cccdCb);
    if (clerkCode !== null) return { status: 200, answer: blankAnswer(clerkCode), fault: null };

    const faults = gatewayFaults();
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (random() < faults.timeoutRate) await sleep(deps.slowMs);
    if (random() < faults.errorRate) return { status: 500, answer: blankAnswer("500"), fault: "error-rate" };

    let person = await deps.findByKey(key);
    // A typed card code that is not on file may still share its social-insurance number with one (051–053).
    if (person === null && key.startsWith("CARD#")) person = await deps.findByKey(`BHXH#${maThe.slice(-10)}`);
    const outcome = answerCardQuery(
      person,
      { maThe, hoTen: request.hoTen, ngaySinh: birth },
      vnDay(new Date(now())),
    );
    if (outcome.fault === "timeout") await sleep(deps.slowMs);
    return { status: 200, answer: outcome.answer, fault: outcome.fault };
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
      const result = takeToken(event);
      return report("token", result, null, null);
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
