/**
 * The mock gateway's card check: the caller's token, the request's fields and the clerk before
 * the card, then the configured faults, the registry read and the card's check history.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { compareNames } from "#domain/names";
import { vnDay, vnTimestamp } from "#domain/vn-time";
import {
  cardCheckQuerySchema,
  cardCheckRequestSchema,
  type GatewayAnswerBody,
  type PastCheckBody,
} from "#functions/gateway/gateway-schema";
import type { Clerk } from "./clerks.ts";
import { gatewayFaults } from "./faults.ts";
import type { GatewayLedger } from "./gateway-ledger.ts";
import { bodyOf, parseWith, queryOf } from "./gateway-request.ts";
import { answerCardQuery, blankAnswer, isBirthField } from "./gateway-rules.ts";
import type { TokenIssuer } from "./gateway-tokens.ts";
import { keyOfCardQuery, type MockPerson } from "./mock-person.ts";

/** The check history an answer lists at most. */
const PAST_CHECKS_SHOWN = 20;

/** A card check's answer, its HTTP status and the fault it played, if any. */
export interface CardChecked {
  readonly status: number;
  readonly answer: GatewayAnswerBody;
  readonly fault: string | null;
}

/** What the card check reads, writes and waits on. */
export interface CardCheckDeps {
  readonly findByKey: (key: string) => Promise<MockPerson | null>;
  readonly recordCheck: (socialInsuranceNumber: string, check: PastCheckBody) => Promise<PastCheckBody[]>;
  readonly clerks: readonly Clerk[];
  readonly tokens: TokenIssuer;
  /** Locked accounts are refused; every authenticated check is noted with its clerk. */
  readonly ledger: GatewayLedger;
  readonly slowMs: number;
  readonly now: () => number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
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

const refusal = (code: string): CardChecked => ({ status: 200, answer: blankAnswer(code), fault: null });

/** Builds the card check of the mock gateway. */
export function makeCardCheck(deps: CardCheckDeps): (event: APIGatewayProxyEventV2) => Promise<CardChecked> {
  const clerkById = new Map(deps.clerks.map((clerk) => [clerk.id, clerk]));

  /** The answer code the clerk fields earn before the card is even looked at, or null when fine. */
  function clerkProblem(name: string | undefined, id: string | undefined): string | null {
    const clerk = clerkById.get(id?.trim() ?? "");
    if (clerk === undefined) return "054";
    return name === undefined || compareNames(name, clerk.name) !== "same" ? "055" : null;
  }

  /** The faults the mock is set to play: latency, a late answer, or a 500 (returned). */
  async function playFaults(): Promise<CardChecked | null> {
    const faults = gatewayFaults();
    if (faults.latencyMs > 0) await deps.sleep(faults.latencyMs);
    if (deps.random() < faults.timeoutRate) await deps.sleep(deps.slowMs);
    if (deps.random() < faults.errorRate)
      return { status: 500, answer: blankAnswer("500"), fault: "error-rate" };
    return null;
  }

  return async (event) => {
    const credentials = parseWith(cardCheckQuerySchema, queryOf(event));
    if (
      credentials === null ||
      deps.ledger.isLocked(credentials.username) ||
      !deps.tokens.verify({ ...credentials, password: credentials.password.toUpperCase() }, deps.now())
    )
      return refusal("401");
    const request = parseWith(cardCheckRequestSchema, bodyOf(event));
    deps.ledger.noteCheck({
      username: credentials.username,
      hoTenCb: request?.hoTenCb ?? "",
      cccdCb: request?.cccdCb ?? "",
    });
    const maThe = request?.maThe.trim().toUpperCase() ?? "";
    const key = keyOfCardQuery(maThe);
    const birth = request?.ngaySinh.trim() ?? "";
    if (request === null || key === null || !isBirthField(birth) || request.hoTen.length > 200) {
      return refusal("205");
    }
    const clerkCode = clerkProblem(request.hoTenCb, request.cccdCb);
    if (clerkCode !== null) return refusal(clerkCode);
    const failed = await playFaults();
    if (failed !== null) return failed;

    let person = await deps.findByKey(key);
    // A typed card code that is not on file may still share its social-insurance number with one (051–053).
    if (person === null && key.startsWith("CARD#")) person = await deps.findByKey(`BHXH#${maThe.slice(-10)}`);
    const at = deps.now();
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
    if (outcome.fault === "timeout") await deps.sleep(deps.slowMs);
    return { status: 200, answer, fault: outcome.fault };
  };
}
