/**
 * Sends waiting XML0s to the gateway, one pass at a time: the same code runs on a local timer and
 * behind a queue in AWS. Each visit's XML0 is built and signed when it is sent, with its own
 * check-in time; a receipt is recorded once, a gateway failure leaves the visit waiting with a
 * growing pause, and a refusal that retrying cannot mend is kept with the gateway's message. An
 * account the gateway refuses stops only its own facility, which the sender names until the
 * password is changed.
 */
import pMap from "p-map";
import { TiepdonError } from "#domain/errors";
import { buildXml0, Xml0Error, type Xml0Visit } from "#domain/xml0";
import { type GatewaySession, xml0Request } from "./gateway-calls.ts";
import type { SigningCertificate } from "./signing-certificate.ts";
import { postXml0, takeSession, type Xml0Outcome } from "./xml0-client.ts";
import { signXml0 } from "./xml0-signature.ts";

/** Where a visit's XML0 stands. */
export type Xml0State =
  | {
      readonly status: "waiting";
      readonly attempts: number;
      /** Not sent again before this instant (ms since the epoch). */
      readonly nextAttemptAt: number;
      /** Why the last attempt did not go through, for the reception list; null before the first. */
      readonly lastProblem: string | null;
    }
  | { readonly status: "sent"; readonly transactionId: string | null; readonly receivedAt: string | null }
  | { readonly status: "refused"; readonly code: string; readonly message: string | null };

/** A visit whose XML0 is due. */
export interface DueXml0 {
  readonly visit: Xml0Visit;
  readonly attempts: number;
}

/** The store of XML0 states: what is due, and each outcome. */
export interface Xml0Outbox {
  due(nowMs: number, limit: number): Promise<DueXml0[]>;
  record(facilityCode: string, visitKey: string, state: Xml0State): Promise<void>;
}

/** What the sender needs of a facility: its gateway account and its signing certificate. */
export interface FacilityCredentials {
  readonly username: string;
  readonly password: string;
  readonly certificate: Pick<SigningCertificate, "privateKeyPem" | "certificatePem">;
}

export interface Xml0SenderOptions {
  readonly baseUrl: string;
  readonly outbox: Xml0Outbox;
  /** The facility's credentials, or null when it has none registered (its XML0s wait). */
  readonly credentialsOf: (facilityCode: string) => Promise<FacilityCredentials | null>;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly timeoutMs?: number;
  /** How many XML0s one pass takes at most, and how many travel at once. */
  readonly batchSize?: number;
  readonly concurrency?: number;
}

/** A facility whose XML0s are held back, and why. */
interface BlockedFacility {
  readonly facilityCode: string;
  readonly reason: "account-refused" | "no-credentials";
  readonly code: string | null;
  readonly until: number;
}

interface PassSummary {
  readonly sent: number;
  readonly refused: number;
  readonly waiting: number;
}

export interface Xml0Sender {
  /** Sends what is due now; never throws for a gateway problem. */
  runOnce(): Promise<PassSummary>;
  /** Facilities held back now (a refused account, no credentials), for the admin and dashboard. */
  blockedFacilities(): BlockedFacility[];
}

const FIRST_PAUSE_MS = 30_000;
const LONGEST_PAUSE_MS = 10 * 60_000;
/** How long a refused account holds its facility back before the sender tries it again. */
const ACCOUNT_HOLD_MS = 15 * 60_000;

/** The pause before attempt `attempts + 1`: 30 s doubling to 10 min. */
function pauseAfter(attempts: number): number {
  return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.max(0, attempts - 1));
}

/** Token pairs per account, shared by a pass's sends; a refused or failed sign-in is not kept. */
function makeSessionCache(doFetch: typeof fetch, baseUrl: string, timeoutMs: number) {
  const sessions = new Map<string, Promise<GatewaySession | { refused: string } | null>>();
  return (credentials: FacilityCredentials, fresh: boolean) => {
    const key = `${credentials.username}\n${credentials.password}`;
    const known = sessions.get(key);
    if (known !== undefined && !fresh) return known;
    const taken = takeSession(doFetch, baseUrl, credentials, timeoutMs).then((outcome) => {
      if (outcome.kind === "session") return outcome.session;
      sessions.delete(key);
      return outcome.kind === "refused" ? { refused: outcome.code } : null;
    });
    sessions.set(key, taken);
    return taken;
  };
}

/** Facilities held back: a refused password until it changes or the hold ends, no credentials for a while. */
function makeFacilityHolds(now: () => number) {
  const blocked = new Map<string, BlockedFacility>();
  const refusedPasswords = new Map<string, string>();
  return {
    noCredentials(facilityCode: string): void {
      blocked.set(facilityCode, {
        facilityCode,
        reason: "no-credentials",
        code: null,
        until: now() + ACCOUNT_HOLD_MS,
      });
    },
    refused(facilityCode: string, password: string, code: string): void {
      blocked.set(facilityCode, {
        facilityCode,
        reason: "account-refused",
        code,
        until: now() + ACCOUNT_HOLD_MS,
      });
      refusedPasswords.set(facilityCode, password);
    },
    /** The hold on a facility whose password is still the refused one, else null (a changed password is tried at once). */
    heldFor(facilityCode: string, password: string): BlockedFacility | null {
      const hold = blocked.get(facilityCode);
      const held =
        hold?.reason === "account-refused" &&
        hold.until > now() &&
        refusedPasswords.get(facilityCode) === password;
      return held ? hold : null;
    },
    release(facilityCode: string): void {
      blocked.delete(facilityCode);
      refusedPasswords.delete(facilityCode);
    },
    current(): BlockedFacility[] {
      const at = now();
      return [...blocked.values()].filter((hold) => hold.until > at);
    },
  };
}

function waitingState(nowMs: number, attempts: number, problem: string): Xml0State {
  return { status: "waiting", attempts, nextAttemptAt: nowMs + pauseAfter(attempts), lastProblem: problem };
}

/** The state an outcome of the gateway leaves the visit in. */
function stateOf(outcome: Xml0Outcome, attempts: number, nowMs: number): Xml0State {
  switch (outcome.kind) {
    case "accepted":
      return { status: "sent", transactionId: outcome.transactionId, receivedAt: outcome.receivedAt };
    case "refused":
      return outcome.retryable
        ? waitingState(nowMs, attempts, `gateway ${outcome.code}`)
        : { status: "refused", code: outcome.code, message: outcome.message };
    case "session-expired":
      return waitingState(nowMs, attempts, "session refused");
    case "unavailable":
      return waitingState(
        nowMs,
        attempts,
        outcome.status === null ? "gateway unreachable" : `gateway HTTP ${outcome.status}`,
      );
  }
}

/** The signed message, or the local refusal of a visit no XML0 can carry (never retried). */
function signedXml0(visit: Xml0Visit, credentials: FacilityCredentials): string | Xml0State {
  try {
    return signXml0(buildXml0([visit]), credentials.certificate);
  } catch (error: unknown) {
    if (!(error instanceof TiepdonError)) throw error;
    // The field at fault is named, so the receptionist knows what to correct.
    const field = error instanceof Xml0Error && error.field !== null ? ` (${error.field})` : "";
    return { status: "refused", code: error.code, message: `${error.messages.vi}${field}` };
  }
}

/** Builds the sender; one per process, so tokens are cached per account across passes. */
export function makeXml0Sender(options: Xml0SenderOptions): Xml0Sender {
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => Date.now());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const session = makeSessionCache(doFetch, options.baseUrl, timeoutMs);
  const holds = makeFacilityHolds(now);
  const waiting = (attempts: number, problem: string) => waitingState(now(), attempts, problem);

  /** Posts a signed XML0 with the facility's session; an expired pair earns one new pair and one more try. */
  async function post(
    facility: string,
    credentials: FacilityCredentials,
    signed: string,
    attempts: number,
    pass: { unreachable: boolean },
  ): Promise<Xml0State> {
    for (const fresh of [false, true]) {
      const pair = await session(credentials, fresh);
      if (pair === null) {
        pass.unreachable = true;
        return waiting(attempts, "gateway unreachable");
      }
      if ("refused" in pair) {
        holds.refused(facility, credentials.password, pair.refused);
        return waiting(attempts, `account refused (${pair.refused})`);
      }
      holds.release(facility);
      const outcome = await postXml0(
        doFetch,
        xml0Request(options.baseUrl, pair, facility, signed),
        timeoutMs,
      );
      if (outcome.kind === "unavailable") pass.unreachable = true;
      if (outcome.kind !== "session-expired" || fresh) return stateOf(outcome, attempts, now());
    }
    return waiting(attempts, "session refused");
  }

  async function send(due: DueXml0, pass: { unreachable: boolean }): Promise<Xml0State> {
    const { visit } = due;
    const facility = visit.facilityCode;
    const attempts = due.attempts + 1;
    // Once the gateway fails to answer, the rest of the pass waits instead of piling on.
    if (pass.unreachable) return waiting(attempts, "gateway unreachable");
    const credentials = await options.credentialsOf(facility);
    if (credentials === null) {
      holds.noCredentials(facility);
      return waiting(due.attempts, "no gateway account or certificate");
    }
    const hold = holds.heldFor(facility, credentials.password);
    if (hold !== null) return waiting(due.attempts, `account refused (${hold.code ?? "?"})`);
    const signed = signedXml0(visit, credentials);
    if (typeof signed !== "string") return signed;
    return post(facility, credentials, signed, attempts, pass);
  }

  return {
    async runOnce() {
      const due = await options.outbox.due(now(), options.batchSize ?? 100);
      const pass = { unreachable: false };
      const states = await pMap(
        due,
        async (item) => {
          const state = await send(item, pass);
          await options.outbox.record(item.visit.facilityCode, item.visit.visitKey, state);
          return state;
        },
        { concurrency: options.concurrency ?? 4 },
      );
      const count = (status: Xml0State["status"]) => states.filter((state) => state.status === status).length;
      return { sent: count("sent"), refused: count("refused"), waiting: count("waiting") };
    },
    blockedFacilities: () => holds.current(),
  };
}
