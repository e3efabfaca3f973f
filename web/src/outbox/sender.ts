/**
 * Delivers the outbox: one sender per browser (a Web Lock), items in scan order, each with its
 * own Idempotency-Key and scan time on every attempt. A lost answer or a page closed mid-send is
 * harmless: the next attempt carries the same key and the server answers the first visit.
 */
import { checkinAnswerSchema, errorBodySchema } from "#domain/contract";
import { ERROR_CODE } from "#domain/errors";
import type { FacilityKeys } from "#web/outbox-seal/seal-crypto";
import { itemsOf, keepLastSync, type OutboxDb, updateItem } from "./outbox-db.ts";
import type { Delivered, OutboxItem, Problem } from "./outbox-records.ts";
import { MAX_RETRY_MS, outcomeOf, retryAfterSecondsOf, retryDelayMs } from "./send-outcome.ts";

/** The lock every tab of this browser asks for before it sends. */
const SENDER_LOCK = "tiepdon-outbox-sender";

/** A request that has no answer by then is taken as lost, and retried with the same key. */
const ATTEMPT_TIMEOUT_MS = 15_000;

export interface SenderDeps {
  readonly db: OutboxDb;
  /** The signed-in facility's keys: only its items are read, opened and sent. */
  readonly keys: FacilityKeys;
  /** The current ID token, or null when the sign-in is over. */
  token(): string | null;
  /** A fresh token after a 401 (a refresh), or null when the receptionist must sign in again. */
  renew(): Promise<string | null>;
  readonly now: () => number;
  readonly random: () => number;
  /** Told which item is on its way (null when none), for the list on screen. */
  readonly onSending: (key: string | null) => void;
  /** Told after each item whose state changed. */
  readonly onChange: () => void;
}

export interface PassResult {
  /**
   * drained: nothing left to send; wait: the first waiting item backs off until `until`;
   * sign-in: nothing more is sent until the receptionist signs in again.
   */
  readonly kind: "drained" | "wait" | "sign-in";
  readonly until: number | null;
  readonly delivered: readonly Delivered[];
  /** Whether the server answered the last attempt (null: nothing was sent). */
  readonly reached: boolean | null;
}

interface Attempt {
  readonly status: number;
  readonly code: string | null;
  readonly problem: Problem | null;
  readonly retryAfterSeconds: number | null;
  readonly delivered: Delivered | null;
}

const NETWORK_PROBLEM: Problem = {
  status: 0,
  code: ERROR_CODE.NETWORK,
  vi: "Không kết nối được máy chủ.",
  en: "The server could not be reached.",
};

async function attempt(item: OutboxItem, token: string): Promise<Attempt> {
  const body = {
    ...item.request,
    scannedAt: item.scannedAt,
    ...(item.offlineQueue === null ? {} : { offlineQueue: item.offlineQueue }),
  };
  let response: Response;
  try {
    response = await fetch("/api/checkins", {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "idempotency-key": item.key,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
  } catch {
    return { status: 0, code: null, problem: NETWORK_PROBLEM, retryAfterSeconds: null, delivered: null };
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  const retryAfterSeconds = retryAfterSecondsOf(response.headers.get("retry-after"));
  if (response.ok) {
    const answer = checkinAnswerSchema.safeParse(json);
    const delivered: Delivered | null = answer.success
      ? {
          checkinId: answer.data.checkinId,
          queueNumber: answer.data.queueNumber,
          queueSeries: answer.data.queueSeries,
          status: answer.data.status,
          duplicate: answer.data.duplicate,
          timeFlag: answer.data.timeFlag,
        }
      : null;
    return { status: response.status, code: null, problem: null, retryAfterSeconds, delivered };
  }
  const error = errorBodySchema.safeParse(json);
  const problem: Problem = error.success
    ? {
        status: response.status,
        code: error.data.error.code,
        vi: error.data.error.message,
        en: error.data.error.messageEn,
      }
    : {
        status: response.status,
        code: `HTTP_${response.status}`,
        vi: `Lỗi máy chủ (${response.status}).`,
        en: `Server error (${response.status}).`,
      };
  return { status: response.status, code: problem.code, problem, retryAfterSeconds, delivered: null };
}

/** One delivery pass under the browser-wide lock: sends due items in scan order until one must wait. */
export async function sendPass(deps: SenderDeps): Promise<PassResult> {
  return await navigator.locks.request(SENDER_LOCK, () => sendUnderLock(deps));
}

async function sendUnderLock(deps: SenderDeps): Promise<PassResult> {
  const delivered: Delivered[] = [];
  let reached: boolean | null = null;
  const end = (kind: PassResult["kind"], until: number | null = null): PassResult => ({
    kind,
    until,
    delivered,
    reached,
  });
  // Read inside the lock: another tab may have delivered some of these a moment ago.
  const items = (await itemsOf(deps.db, deps.keys)).filter((item) => item.state === "waiting");
  try {
    for (const item of items) {
      // Delivered, or not opened (altered): an item that cannot be opened is never sent.
      if (item.request === null) continue;
      // A wait longer than any back-off means the clock was set back: the item is due.
      const wait = item.nextAttemptAt - deps.now();
      if (wait > 0 && wait <= MAX_RETRY_MS * 1.25) return end("wait", item.nextAttemptAt);
      let token = deps.token();
      if (token === null) {
        token = await deps.renew();
        if (token === null) return end("sign-in");
      }
      deps.onSending(item.key);
      let result = await attempt(item, token);
      reached = result.status !== 0;
      if (result.status === 401) {
        // The sign-in ran out during the outage: refresh it and send the same item with the same key.
        const renewed = await deps.renew();
        if (renewed === null) return end("sign-in");
        result = await attempt(item, renewed);
        if (result.status === 401) return end("sign-in");
      }
      const outcome = outcomeOf(result.status, result.code, result.retryAfterSeconds);
      const at = deps.now();
      if (outcome.kind === "done") {
        await updateItem(deps.db, item.key, (current) => ({
          ...current,
          state: "done",
          sealed: null,
          attempts: current.attempts + 1,
          lastAttemptAt: at,
          problem: null,
          delivered: result.delivered,
          deliveredAt: at,
        }));
        await keepLastSync(deps.db, deps.keys.facility, at);
        if (result.delivered !== null) delivered.push(result.delivered);
        deps.onChange();
        continue;
      }
      if (outcome.kind === "attention") {
        await updateItem(deps.db, item.key, (current) => ({
          ...current,
          state: "attention",
          attempts: current.attempts + 1,
          lastAttemptAt: at,
          problem: result.problem,
          attentionSince: current.attentionSince ?? at,
        }));
        deps.onChange();
        continue;
      }
      const until =
        at +
        retryDelayMs(item.attempts + 1, outcome.kind === "retry" ? outcome.retryAfterMs : null, deps.random);
      await updateItem(deps.db, item.key, (current) => ({
        ...current,
        attempts: current.attempts + 1,
        lastAttemptAt: at,
        nextAttemptAt: until,
        problem: result.problem,
      }));
      deps.onChange();
      return end("wait", until);
    }
    return end("drained");
  } finally {
    deps.onSending(null);
  }
}
