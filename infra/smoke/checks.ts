import { randomUUID } from "node:crypto";
import { checkinAnswerSchema, checkinListSchema, lookupAnswerSchema } from "#domain/contract";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import type { SmokeSignIn } from "./sign-in.ts";

/** One check the smoke test made, with what it saw. */
export interface SmokeCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

export interface SmokeOptions {
  readonly baseUrl: string;
  readonly signIn: SmokeSignIn;
  /** Skip the check-in (a production on the real gateway has no fixture patient): pages, sign-in, list. */
  readonly readOnly: boolean;
  /** Where each check is reported as it finishes. */
  readonly report?: (check: SmokeCheck) => void;
}

/** The fixture patient: a valid card at the fixture facility, known to the mock and the training gateway. */
export const SMOKE_PATIENT = (() => {
  for (const person of fixtures.people) {
    const facility = person.registry?.registeredFacility;
    if (person.expectedResultCode === "000" && facility !== undefined)
      return { idNumber: person.idNumber, qr: person.qr, facility };
  }
  throw new Error("The fixtures hold no patient with a valid card");
})();

class CheckFailed extends Error {
  override readonly name = "CheckFailed";
}

async function call(baseUrl: string, path: string, init: RequestInit = {}) {
  const response = await fetch(new URL(path, baseUrl), { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, type: response.headers.get("content-type") ?? "", text, json };
}

function expectStatus(answer: { status: number; text: string }, allowed: number[], what: string): void {
  if (!allowed.includes(answer.status))
    throw new CheckFailed(`${what} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
}

/**
 * The smoke test: the pages load, a receptionist signs in, the fixture patient is checked in
 * (covered, with a queue number), the same request again is answered from its idempotency record,
 * today's list holds the visit, and a lookup answers; the sign-in's account is removed at the end.
 */
export async function runSmoke(options: SmokeOptions): Promise<SmokeCheck[]> {
  const checks: SmokeCheck[] = [];
  const check = async (name: string, run: () => Promise<string>) => {
    const started = performance.now();
    let result: SmokeCheck;
    try {
      result = { name, ok: true, detail: await run(), ms: performance.now() - started };
    } catch (error: unknown) {
      const detail = error instanceof Error ? error.message : String(error);
      result = { name, ok: false, detail, ms: performance.now() - started };
    }
    checks.push(result);
    options.report?.(result);
    return result.ok;
  };
  const base = options.baseUrl;
  try {
    await check("the reception page loads", async () => {
      const page = await call(base, "/");
      expectStatus(page, [200], "GET /");
      if (!page.type.includes("text/html") || !/<div id="?app/i.test(page.text))
        throw new CheckFailed(`GET / is not the reception page (${page.type})`);
      return `${page.text.length} bytes of HTML`;
    });
    let token = "";
    const signedIn = await check("a receptionist signs in", async () => {
      token = await options.signIn.token();
      return options.signIn.description;
    });
    if (!signedIn) return checks;
    const auth = { authorization: `Bearer ${token}` };
    if (!options.readOnly) {
      const key = `smoke-${randomUUID()}`;
      const post = () =>
        call(base, "/api/checkins", {
          method: "POST",
          headers: { ...auth, "content-type": "application/json", "idempotency-key": key },
          body: JSON.stringify({ method: "qr-cccd", payload: SMOKE_PATIENT.qr, channel: "scanner" }),
        });
      let checkinId = "";
      await check("the fixture patient is checked in and covered", async () => {
        const answer = await post();
        expectStatus(answer, [200, 201], "POST /api/checkins");
        const visit = checkinAnswerSchema.parse(answer.json);
        if (visit.patient.idNumber !== SMOKE_PATIENT.idNumber)
          throw new CheckFailed(`the answer is about another patient (${visit.patient.idNumber ?? "none"})`);
        if (visit.insurance?.covered !== true)
          throw new CheckFailed(
            `coverage was not confirmed (status ${visit.status}, ${visit.insurance?.resultCode ?? "no answer"})`,
          );
        checkinId = visit.checkinId;
        return `queue number ${visit.queueNumber}, ${visit.status}, gateway code ${visit.insurance.resultCode}`;
      });
      await check("the same request again is answered, not stored twice", async () => {
        const again = await post();
        expectStatus(again, [200, 201], "POST /api/checkins (repeated)");
        const visit = checkinAnswerSchema.parse(again.json);
        if (visit.checkinId !== checkinId)
          throw new CheckFailed(`a second visit ${visit.checkinId} was stored`);
        return `same check-in ${checkinId}`;
      });
      await check("today's list shows the visit", async () => {
        const list = await call(base, "/api/checkins?date=today&limit=200", { headers: auth });
        expectStatus(list, [200], "GET /api/checkins");
        const page = checkinListSchema.parse(list.json);
        if (!page.items.some((item) => item.checkinId === checkinId))
          throw new CheckFailed(
            `check-in ${checkinId} is not among the ${page.items.length} of ${page.date}`,
          );
        return `${page.items.length} check-ins on ${page.date}`;
      });
      await check("a coverage lookup answers", async () => {
        const answer = await call(base, "/api/lookups", {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({ method: "qr-cccd", payload: SMOKE_PATIENT.qr }),
        });
        expectStatus(answer, [200], "POST /api/lookups");
        const lookup = lookupAnswerSchema.parse(answer.json);
        return `covered: ${String(lookup.insurance?.covered ?? false)}`;
      });
    } else {
      await check("today's list answers", async () => {
        const list = await call(base, "/api/checkins?date=today&limit=1", { headers: auth });
        expectStatus(list, [200], "GET /api/checkins");
        return `list of ${checkinListSchema.parse(list.json).date}`;
      });
    }
    await check("a request without sign-in is refused", async () => {
      const anonymous = await call(base, "/api/checkins?date=today");
      expectStatus(anonymous, [401, 403], "GET /api/checkins without a token");
      return `${anonymous.status}`;
    });
  } finally {
    await check("the smoke sign-in is cleaned up", async () => {
      await options.signIn.close();
      return "done";
    });
  }
  return checks;
}
