import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { makeDynamoClients } from "#functions/config/aws-clients";
import type { MockPerson } from "#functions/gateway-mock/mock-person";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type DynamoLocal, findFreePort, startDynamoLocal } from "#infra/local/dynamo-local";
import { tableNames } from "#infra/local/table-definitions";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { type AppProcess, startAppProcess } from "./app-process.ts";

export interface FaultsUnderLoadOptions {
  /** First-time check-ins to make (each a different person). */
  readonly checkins: number;
  readonly concurrency: number;
  /** Facilities the check-ins spread over. */
  readonly facilities: number;
  /** The app's seed: "small" holds 300 people, "full" 10,500 (no demo check-ins either way). */
  readonly seed: "small" | "full";
  /** Every n-th admitted patient is scanned again at once with a new key (a double scan). */
  readonly rescanEvery: number;
  /**
   * How DynamoDB Local is killed. SIGKILL shows the emulator's own limit: it acknowledges writes
   * some milliseconds before they reach its disk, so a SIGKILL can drop the last acknowledged ones
   * (real DynamoDB acknowledges only durable writes). SIGTERM drops connections just the same but
   * lets it finish writing, so what is measured is the app, not the emulator.
   */
  readonly dbSignal: "SIGTERM" | "SIGKILL";
  readonly log: (line: string) => void;
}

/** What the run saw and what the database held afterwards. */
export interface LoadReport {
  readonly dbSignal: string;
  readonly checkins: number;
  readonly rescans: number;
  readonly requests: number;
  readonly acknowledged: number;
  readonly errorsByKind: Record<string, number>;
  readonly gaveUp: number;
  /** Check-ins answered 2xx that the log does not hold. */
  readonly lost: number;
  /** Visits held more than once: the same check-in id twice, or the same person twice at a facility. */
  readonly doubleCounted: number;
  /** Visits in the log that no client was ever told about. */
  readonly unacknowledgedStored: number;
  /** Retries of one Idempotency-Key that got a different check-in than the first answer. */
  readonly replayMismatches: number;
  /** Rescans not answered as a duplicate of the first visit. */
  readonly rescanMismatches: number;
  readonly queueNumberReuses: number;
  readonly counterMismatches: readonly string[];
  readonly pendingAfterLoad: number;
  readonly pendingAfterRecheck: number;
  readonly fiveXxWithoutRetryAfter: number;
  readonly unexpected: readonly string[];
  readonly recovery: {
    readonly dbDownMs: number;
    readonly dbRestartToFirst2xxMs: number;
    readonly appDownMs: number;
    readonly appRestartToFirst2xxMs: number;
  };
  readonly durations: { readonly loadMs: number; readonly recheckMs: number; readonly totalMs: number };
}

interface Answer {
  readonly checkinId: string;
  readonly facility: string;
  readonly duplicate: boolean;
  readonly status: string;
  readonly checkedInAt: string;
}

interface Job {
  readonly person: MockPerson;
  readonly facility: string;
  readonly caller: "receptionist" | "kiosk";
  readonly method: "qr-cccd" | "qr-vneid" | "manual-id" | "bhyt-card";
  readonly payload: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Gateway fault settings the flapper cycles through: errors, timeouts, slow answers, and calm. */
const GATEWAY_WEATHER = [
  { latencyMs: 0, errorRate: 0.5, timeoutRate: 0 },
  { latencyMs: 0, errorRate: 0, timeoutRate: 0.3 },
  { latencyMs: 600, errorRate: 0, timeoutRate: 0 },
  { latencyMs: 0, errorRate: 0, timeoutRate: 0 },
  { latencyMs: 200, errorRate: 0.2, timeoutRate: 0.1 },
  { latencyMs: 0, errorRate: 0, timeoutRate: 0 },
] as const;
const CALM = { latencyMs: 0, errorRate: 0, timeoutRate: 0 };

function jobsFor(options: FaultsUnderLoadOptions, facilityCodes: readonly string[]): Job[] {
  // The named fixtures the gateway always fails for can never be settled; they are not part of the load.
  const alwaysFailing = new Set(
    fixtures.people.filter((p) => ["101", "timeout"].includes(p.expectedResultCode)).map((p) => p.idNumber),
  );
  const seeded = options.seed === "full" ? 10_500 : 300;
  // People beyond the seed are unknown to the registry: the gateway answers, the visit is not covered.
  const people = generatePopulation(
    Math.max(seeded, options.checkins + alwaysFailing.size),
    generateFacilities(120),
  )
    .filter((person) => !alwaysFailing.has(person.idNumber))
    .slice(0, options.checkins);
  return people.map((person, i): Job => {
    const facility = facilityCodes[i % facilityCodes.length] ?? "01001";
    const caller = i % 3 === 2 ? "kiosk" : "receptionist";
    const slot = i % 10;
    if (slot === 9 && person.card !== null)
      return { person, facility, caller, method: "bhyt-card", payload: person.card.cardCode };
    if (slot === 7 || slot === 8)
      return { person, facility, caller, method: "manual-id", payload: person.idNumber };
    return { person, facility, caller, method: slot === 6 ? "qr-vneid" : "qr-cccd", payload: qrOf(person) };
  });
}

/**
 * Check-ins under load while everything around them fails: the gateway flaps, DynamoDB Local is
 * killed and restarted once, the app process is killed and restarted once. Clients retry like the
 * page does (same Idempotency-Key on 429, 503 and network errors). Then every pending visit is
 * re-checked and the log, the counters and the answers are compared.
 */
export async function runFaultsUnderLoad(options: FaultsUnderLoadOptions): Promise<LoadReport> {
  const log = options.log;
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "tiepdon-faults-"));
  const dynamoDir = join(dir, "dynamodb");
  const tablePrefix = `soak${randomBytes(3).toString("hex")}-`;
  const names = tableNames(tablePrefix);
  let dynamo: DynamoLocal | null = null;
  let app: AppProcess | null = null;
  let flapping = false;
  let flapper: Promise<void> = Promise.resolve();
  try {
    dynamo = await startDynamoLocal({ dataDir: dynamoDir });
    const dynamoPort = dynamo.port;
    const appPort = await findFreePort();
    const startApp = () =>
      startAppProcess({
        port: appPort,
        dataDir: join(dir, "app"),
        dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
        tablePrefix,
        seed: options.seed,
      });
    app = await startApp();
    const base = app.url;
    log(
      `faults under load: app pid ${app.pid} at ${base}, DynamoDB Local pid ${dynamo.pid} (disk, ${dynamoDir})`,
    );

    const facilityCodes = generateFacilities(120)
      .slice(0, options.facilities)
      .map((f) => f.code);
    const tokens = new Map<string, string>();
    for (const facility of facilityCodes) {
      for (const role of ["receptionist", "kiosk"] as const) {
        const res = await fetch(`${base}/api/dev/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ role, facility }),
        });
        tokens.set(`${role}#${facility}`, ((await res.json()) as { token: string }).token);
      }
    }
    const jobs = jobsFor(options, facilityCodes);

    // Everything the clients saw.
    let requests = 0;
    let gaveUp = 0;
    let fiveXxWithoutRetryAfter = 0;
    const errorsByKind: Record<string, number> = {};
    const unexpected: string[] = [];
    const successTimes: number[] = [];
    const answersByKey = new Map<string, string[]>();
    const acknowledged: Answer[] = [];
    const ackTimes = new Map<string, string>();
    let rescans = 0;
    let rescanMismatches = 0;
    const countError = (kind: string) => {
      errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
    };

    /** Sends one request until it is answered, retrying like the page: same key, Retry-After or backoff. */
    const send = async (
      path: string,
      token: string,
      body: unknown,
      key: string | null,
    ): Promise<{ status: number; json: unknown } | null> => {
      const deadline = Date.now() + 180_000;
      for (let attempt = 0; ; attempt++) {
        if (Date.now() > deadline) {
          gaveUp++;
          return null;
        }
        requests++;
        const backoff = Math.min(1000, 100 * 2 ** attempt) * (0.5 + Math.random());
        let response: Response;
        let text: string;
        try {
          response = await fetch(`${base}${path}`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { "content-type": "application/json" }),
              ...(key === null ? {} : { "idempotency-key": key }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: AbortSignal.timeout(15_000),
          });
          text = await response.text();
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause;
          const name = error instanceof Error ? error.name : "";
          countError(name === "TimeoutError" ? "client timeout" : `network ${cause?.code ?? name}`);
          await sleep(backoff);
          continue;
        }
        if (response.ok) {
          successTimes.push(Date.now());
          return { status: response.status, json: JSON.parse(text) as unknown };
        }
        const retryAfter = Number(response.headers.get("retry-after"));
        const hasRetryAfter = Number.isFinite(retryAfter) && retryAfter > 0;
        if (response.status >= 500 && !hasRetryAfter) {
          fiveXxWithoutRetryAfter++;
          countError(`${response.status} without Retry-After`);
          unexpected.push(`${path} ${response.status}: ${text.slice(0, 200)}`);
          await sleep(backoff);
          continue;
        }
        if (response.status === 429 || response.status === 503) {
          countError(String(response.status));
          await sleep(hasRetryAfter ? retryAfter * 1000 : backoff);
          continue;
        }
        countError(String(response.status));
        unexpected.push(`${path} ${response.status}: ${text.slice(0, 200)}`);
        return { status: response.status, json: null };
      }
    };

    // The chaos: gateway weather all along, the database and the app each killed once.
    let done = 0;
    const recovery = { dbKilledAt: 0, dbReadyAt: 0, appKilledAt: 0, appReadyAt: 0 };
    flapping = true;
    flapper = (async () => {
      for (let i = 0; flapping; i++) {
        const weather = GATEWAY_WEATHER[i % GATEWAY_WEATHER.length] ?? CALM;
        await fetch(`${base}/gateway/_faults`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(weather),
          signal: AbortSignal.timeout(2000),
        }).catch(() => undefined);
        await sleep(700);
      }
    })();
    const until = async (condition: () => boolean) => {
      while (!condition()) await sleep(20);
    };
    const chaos = (async () => {
      await until(() => done >= options.checkins * 0.25);
      const db = dynamo;
      if (db === null) throw new Error("no database");
      recovery.dbKilledAt = Date.now();
      process.kill(db.pid, options.dbSignal);
      await db.stop();
      log(`faults under load: DynamoDB Local killed (${options.dbSignal}) after ${done} check-ins`);
      await sleep(2000);
      dynamo = await startDynamoLocal({ dataDir: dynamoDir, port: dynamoPort });
      recovery.dbReadyAt = Date.now();
      log(
        `faults under load: DynamoDB Local back (pid ${dynamo.pid}) after ${recovery.dbReadyAt - recovery.dbKilledAt} ms`,
      );

      await until(() => done >= options.checkins * 0.6);
      const running = app;
      if (running === null) throw new Error("no app");
      recovery.appKilledAt = Date.now();
      await running.kill();
      log(`faults under load: app process ${running.pid} killed (SIGKILL) after ${done} check-ins`);
      app = await startApp();
      recovery.appReadyAt = Date.now();
      log(
        `faults under load: app back (pid ${app.pid}) after ${recovery.appReadyAt - recovery.appKilledAt} ms`,
      );
    })();

    const loadStarted = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const index = next++;
        const job = jobs[index];
        if (job === undefined) continue;
        const key = randomUUID();
        const token = tokens.get(`${job.caller}#${job.facility}`) ?? "";
        const body = { method: job.method, payload: job.payload };
        const result = await send("/api/checkins", token, body, key);
        done++;
        if (result === null || result.status >= 300) continue;
        const answer = result.json as Answer;
        acknowledged.push(answer);
        ackTimes.set(answer.checkinId, `answered ${result.status} at ${Date.now()}`);
        answersByKey.set(key, [...(answersByKey.get(key) ?? []), answer.checkinId]);
        if (index % options.rescanEvery === 0) {
          // A double scan: the same card again at once, as a new request with a new key.
          rescans++;
          const again = await send("/api/checkins", token, body, randomUUID());
          const rescan = again?.json as Answer | undefined;
          if (again?.status !== 200 || rescan?.checkinId !== answer.checkinId || rescan.duplicate !== true)
            rescanMismatches++;
        }
        // Every tenth answer is asked for again with the same key, as after a lost answer.
        if (index % 10 === 5) {
          const replay = await send("/api/checkins", token, body, key);
          const again = replay?.json as Answer | undefined;
          if (again !== undefined) answersByKey.set(key, [...(answersByKey.get(key) ?? []), again.checkinId]);
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await chaos;
    const loadMs = Date.now() - loadStarted;
    flapping = false;
    await flapper;
    await fetch(`${base}/gateway/_faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(CALM),
    });

    // Re-check until nothing is pending (the breaker may stay open for a while after the weather).
    // DynamoDB Local takes any credentials; the SDK still wants some.
    process.env.AWS_ACCESS_KEY_ID ??= "local";
    process.env.AWS_SECRET_ACCESS_KEY ??= "local";
    process.env.AWS_REGION ??= "ap-southeast-1";
    const { doc } = makeDynamoClients(`http://127.0.0.1:${dynamoPort}`);
    const countPending = async () => {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: names.checkins,
            IndexName: "pending",
            KeyConditionExpression: "pendingKey = :p",
            ExpressionAttributeValues: { ":p": "PENDING" },
            ExclusiveStartKey: start,
          }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return count;
    };
    const pendingAfterLoad = await countPending();
    const recheckStarted = Date.now();
    let pendingAfterRecheck = pendingAfterLoad;
    for (let round = 0; round < 120 && pendingAfterRecheck > 0; round++) {
      await Promise.all(
        facilityCodes.map((facility) =>
          send("/api/checkins/recheck", tokens.get(`receptionist#${facility}`) ?? "", undefined, null),
        ),
      );
      pendingAfterRecheck = await countPending();
      if (pendingAfterRecheck > 0) await sleep(1000);
    }
    const recheckMs = Date.now() - recheckStarted;
    // What the database holds, against what the clients were told.
    const days = new Set(acknowledged.map((answer) => answer.checkedInAt.slice(0, 10)));
    const stored: Array<Record<string, unknown>> = [];
    const counterMismatches: string[] = [];
    let queueNumberReuses = 0;
    for (const facility of facilityCodes) {
      for (const day of days) {
        const items = await readLog(doc, names, facility, day);
        stored.push(...items);
        const counter = nonZero(await readCounter(doc, names, facility, day));
        const sorted = (counts: Record<string, number>) => JSON.stringify(Object.entries(counts).sort());
        if (sorted(counter) !== sorted(tally(items)))
          counterMismatches.push(
            `${facility} ${day}: counter ${JSON.stringify(counter)} log ${JSON.stringify(tally(items))}`,
          );
        queueNumberReuses += items.length - new Set(items.map((item) => item.queueNumber)).size;
      }
    }
    const storedById = new Map<string, number>();
    const storedByPerson = new Map<string, number>();
    for (const item of stored) {
      storedById.set(String(item.checkinId), (storedById.get(String(item.checkinId)) ?? 0) + 1);
      const person = `${String(item.facility)}#${String(item.personKey)}`;
      storedByPerson.set(person, (storedByPerson.get(person) ?? 0) + 1);
    }
    const acknowledgedIds = new Set(acknowledged.map((answer) => answer.checkinId));
    const lostIds = [...acknowledgedIds].filter((id) => !storedById.has(id));
    const lost = lostIds.length;
    for (const id of lostIds) {
      const answer = acknowledged.find((a) => a.checkinId === id);
      log(
        `lost check-in ${id} at ${answer?.facility} (${answer?.status}), ${ackTimes.get(id)}; DynamoDB killed at ${recovery.dbKilledAt}, app killed at ${recovery.appKilledAt}`,
      );
    }
    const doubleCounted =
      [...storedById.values()].filter((n) => n > 1).length +
      [...storedByPerson.values()].filter((n) => n > 1).length;
    const unacknowledgedStored = [...storedById.keys()].filter((id) => !acknowledgedIds.has(id)).length;
    const replayMismatches = [...answersByKey.values()].filter((ids) => new Set(ids).size > 1).length;
    const firstAfter = (at: number) =>
      (successTimes.filter((t) => t >= at).sort((a, b) => a - b)[0] ?? Number.NaN) - at;

    return {
      dbSignal: options.dbSignal,
      checkins: jobs.length,
      rescans,
      requests,
      acknowledged: acknowledgedIds.size,
      errorsByKind,
      gaveUp,
      lost,
      doubleCounted,
      unacknowledgedStored,
      replayMismatches,
      rescanMismatches,
      queueNumberReuses,
      counterMismatches,
      pendingAfterLoad,
      pendingAfterRecheck,
      fiveXxWithoutRetryAfter,
      unexpected,
      recovery: {
        dbDownMs: recovery.dbReadyAt - recovery.dbKilledAt,
        dbRestartToFirst2xxMs: firstAfter(recovery.dbReadyAt),
        appDownMs: recovery.appReadyAt - recovery.appKilledAt,
        appRestartToFirst2xxMs: firstAfter(recovery.appReadyAt),
      },
      durations: { loadMs, recheckMs, totalMs: Date.now() - started },
    };
  } finally {
    flapping = false;
    await flapper.catch(() => undefined);
    await app?.stop().catch(() => undefined);
    await dynamo?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as the lines the test and `npm run soak` print. */
export function formatReport(report: LoadReport): string {
  const errors = Object.entries(report.errorsByKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `check-ins ${report.checkins} (+ ${report.rescans} double scans), requests sent ${report.requests}, acknowledged ${report.acknowledged}, gave up ${report.gaveUp}`,
    `errors seen by clients (all retried): ${errors || "none"}`,
    `lost ${report.lost}, double-counted ${report.doubleCounted}, stored but never acknowledged ${report.unacknowledgedStored}, replay mismatches ${report.replayMismatches}, double scans not answered as duplicate ${report.rescanMismatches}, queue numbers reused ${report.queueNumberReuses}`,
    `counters ≠ log: ${report.counterMismatches.length}; pending after load ${report.pendingAfterLoad}, after re-check ${report.pendingAfterRecheck}; 5xx without Retry-After ${report.fiveXxWithoutRetryAfter}; unexpected answers ${report.unexpected.length}`,
    `recovery: DynamoDB (${report.dbSignal}) down ${seconds(report.recovery.dbDownMs)}, restart → first 2xx ${seconds(report.recovery.dbRestartToFirst2xxMs)}; app down ${seconds(report.recovery.appDownMs)}, restart → first 2xx ${seconds(report.recovery.appRestartToFirst2xxMs)}`,
    `time: load ${seconds(report.durations.loadMs)} (${Math.round((report.checkins / report.durations.loadMs) * 1000)} check-ins/s), re-check ${seconds(report.durations.recheckMs)}, total ${seconds(report.durations.totalMs)}`,
  ].join("\n");
}
