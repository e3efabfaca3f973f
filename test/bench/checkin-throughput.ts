/**
 * Check-in API throughput and latency against its own DynamoDB floor.
 *
 * Starts an in-memory DynamoDB Local, then `npm start`'s local app (same handlers, same HTTP
 * adapter, rate limits off) in a child process, and drives POST /api/checkins with autocannon at
 * 16 and 64 connections: distinct seeded people over all 120 facilities, every fifth request a
 * repeat (200 duplicate), each with its own Idempotency-Key. The baseline replays, raw with the
 * AWS SDK against the same DynamoDB Local at the same concurrency, the exact DynamoDB requests
 * that real check-ins made (recorded by a middleware on the server's one client, the mock
 * gateway's registry read included), with fresh keys. Every process started is stopped.
 *
 *   npm run bench:checkin [-- --quick] [-- --json <file>] [-- --cpu-prof <dir, for the server's profile>]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { z } from "zod";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { type DynamoLocal, startDynamoLocal } from "#infra/local/dynamo-local";
import type { TableNames } from "#infra/local/table-definitions";
import { PROJECT_ROOT } from "#infra/project-root";
import { type CallLatency, measureCallLatency } from "./call-latency.ts";
import { type CheckinPlan, makeCheckinPlan, type PlannedCheckin } from "./support/checkin-plan.ts";
import type { Capacity, MeterTake, RecordedCommand } from "./support/dynamo-meter.ts";
import { type FigureRow, formatTable, median, ms, pct, row, verdictOf } from "./support/figures.ts";
import { formatLoad, machineFacts, node24 } from "./support/machine.ts";
import { type LoadFigures, type RecordedCheckin, replayCheckins } from "./support/raw-replay.ts";

/** Budgets from the performance issue. */
export const CHECKIN_BUDGETS = { ratio: 0.8, p99AtC16Ms: 250, requestsPerCheckin: 5 } as const;

/** One concurrency level: the API and the raw replay, each the median of its runs. */
export interface CheckinLevel {
  readonly connections: number;
  readonly api: LoadFigures;
  readonly raw: LoadFigures;
  /** api.rps / raw.rps. */
  readonly ratio: number;
  readonly apiRuns: LoadFigures[];
  readonly rawRuns: LoadFigures[];
  /** HTTP statuses of the measured API runs. */
  readonly statuses: Record<string, number>;
  /** CPU milliseconds per check-in of each process (medians over the runs): where a 2-core machine's time goes. */
  readonly cpuMsPerCheckin: { readonly api: ApiCpu; readonly raw: RawCpu };
}

/** CPU ms per check-in in the API runs: autocannon's process, the server, DynamoDB Local. */
export interface ApiCpu {
  readonly client: number;
  readonly server: number;
  readonly dynamo: number;
}
/** CPU ms per replayed check-in: the replaying process and DynamoDB Local. */
export interface RawCpu {
  readonly client: number;
  readonly dynamo: number;
}

export interface CheckinBenchResult {
  readonly quick: boolean;
  readonly setup: string;
  readonly serverStartSeconds: number;
  readonly people: number;
  /** The DynamoDB requests of one check-in, as recorded, e.g. "BatchGetItem(checkins+idempotency) → …". */
  readonly sequence: { readonly fresh: string; readonly repeat: string };
  /** Counted DynamoDB requests: per new check-in and per repeat (recorded), and per request under load. */
  readonly requestsPerCheckin: {
    readonly fresh: number;
    readonly repeat: number;
    readonly underLoad: number;
    /** The same under load, per operation (retries by the SDK would show here). */
    readonly underLoadByOperation: Record<string, number>;
  };
  /** Capacity units DynamoDB Local reported (ReturnConsumedCapacity=TOTAL) per new check-in and per repeat. */
  readonly capacity: { readonly fresh: Capacity; readonly repeat: Capacity };
  readonly levels: CheckinLevel[];
  /** Call to display through the calls socket, measured on the same server after the load. */
  readonly callLatency: CallLatency;
}

const readySchema = z.object({
  type: z.literal("ready"),
  url: z.string(),
  tables: z.record(z.string(), z.string()),
  startSeconds: z.number(),
});
const replySchema = z.object({ id: z.number(), take: z.unknown().optional() });
const takeSchema = z.object({
  checkins: z.number(),
  counts: z.record(z.string(), z.number()),
  recorded: z.array(z.object({ command: z.string(), input: z.record(z.string(), z.unknown()) })),
  capacity: z.object({ read: z.number(), write: z.number() }),
});
const answerSchema = z.object({ checkinId: z.string(), duplicate: z.boolean() }).loose();

interface BenchServer {
  readonly url: string;
  readonly pid: number;
  readonly tables: TableNames;
  readonly startSeconds: number;
  record(on: boolean): Promise<void>;
  take(): Promise<MeterTake & { checkins: number }>;
  stop(): Promise<void>;
}

/** Starts the local app in a Node 24 child process and talks to it over IPC. */
async function startBenchServer(
  endpoint: string,
  seed: "full" | "small",
  profileDir: string | null,
): Promise<BenchServer> {
  const child: ChildProcess = spawn(
    node24(),
    [
      ...(profileDir === null ? [] : ["--cpu-prof", "--cpu-prof-dir", profileDir]),
      "--import",
      "tsx",
      join(PROJECT_ROOT, "test/bench/support/checkin-server.ts"),
    ],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        BENCH_DYNAMO_ENDPOINT: endpoint,
        BENCH_TABLE_PREFIX: "bench-",
        BENCH_SEED: seed,
      },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const pending = new Map<number, (reply: z.infer<typeof replySchema>) => void>();
  let nextId = 0;
  const ready = new Promise<z.infer<typeof readySchema>>((resolve, reject) => {
    child.on("message", (message: unknown) => {
      const isReady = readySchema.safeParse(message);
      if (isReady.success) return resolve(isReady.data);
      const reply = replySchema.parse(message);
      pending.get(reply.id)?.(reply);
      pending.delete(reply.id);
    });
    child.once("exit", (code) => reject(new Error(`bench server exited (${code}) before ready:\n${stderr}`)));
  });
  const failures = new Map<number, (error: Error) => void>();
  child.once("exit", (code) => {
    // A server that died mid-run must fail the run, not leave it waiting for an answer.
    for (const fail of failures.values()) fail(new Error(`bench server exited (${code}):\n${stderr}`));
  });
  const ask = (message: Record<string, unknown>) =>
    new Promise<z.infer<typeof replySchema>>((resolve, reject) => {
      const id = nextId++;
      failures.set(id, reject);
      pending.set(id, (reply) => {
        failures.delete(id);
        resolve(reply);
      });
      child.send({ id, ...message }, (error) => {
        if (error !== null) reject(error);
      });
    });
  try {
    const info = await ready;
    const pid = child.pid;
    if (pid === undefined) throw new Error("bench server has no pid");
    return {
      url: info.url,
      pid,
      tables: info.tables as TableNames,
      startSeconds: info.startSeconds,
      async record(on) {
        await ask({ type: "record", on });
      },
      async take() {
        return takeSchema.parse((await ask({ type: "take" })).take);
      },
      async stop() {
        if (child.connected) await Promise.race([ask({ type: "stop" }).catch(() => undefined), exited]);
        await kill();
      },
    };
  } catch (error) {
    await kill();
    throw error;
  }
}

async function devTokens(url: string, facilities: readonly string[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const facility of facilities) {
    const response = await fetch(`${url}/api/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "receptionist", facility }),
    });
    tokens.set(facility, z.object({ token: z.string() }).parse(await response.json()).token);
  }
  return tokens;
}

function headersFor(checkin: PlannedCheckin, tokens: ReadonlyMap<string, string>): Record<string, string> {
  return {
    "content-type": "application/json",
    authorization: `Bearer ${tokens.get(checkin.facility) ?? ""}`,
    "idempotency-key": checkin.idempotencyKey,
  };
}

const bodyFor = (checkin: PlannedCheckin) => JSON.stringify({ method: "qr-cccd", payload: checkin.payload });

/** One sequential check-in through the API. */
async function checkInOnce(url: string, checkin: PlannedCheckin, tokens: ReadonlyMap<string, string>) {
  const response = await fetch(`${url}/api/checkins`, {
    method: "POST",
    headers: headersFor(checkin, tokens),
    body: bodyFor(checkin),
  });
  const text = await response.text();
  const expected = checkin.repeat ? 200 : 201;
  if (response.status !== expected) throw new Error(`check-in answered ${response.status}: ${text}`);
  return answerSchema.parse(JSON.parse(text));
}

/** Names a recorded request by operation and tables, e.g. "TransactWriteItems(4: checkins×2+counters+idempotency)". */
function describe(command: RecordedCommand, tables: TableNames): string {
  const roleOf = (name: unknown) =>
    (Object.entries(tables).find(([, table]) => table === name)?.[0] ?? String(name)).toString();
  const input = command.input;
  const count = (roles: string[]) => {
    const tally = new Map<string, number>();
    for (const r of roles) tally.set(r, (tally.get(r) ?? 0) + 1);
    return [...tally].map(([r, n]) => (n > 1 ? `${r}×${n}` : r)).join("+");
  };
  if (command.command === "BatchGetItem") {
    const items = z.record(z.string(), z.unknown()).safeParse(input.RequestItems);
    return `BatchGetItem(${items.success ? count(Object.keys(items.data).map(roleOf)) : "?"})`;
  }
  if (command.command === "TransactWriteItems") {
    const items = z
      .array(z.record(z.string(), z.object({ TableName: z.string() })))
      .safeParse(input.TransactItems);
    const roles = items.success
      ? items.data.flatMap((item) => Object.values(item).map((op) => roleOf(op.TableName)))
      : [];
    return `TransactWriteItems(${roles.length}: ${count(roles)})`;
  }
  return `${command.command}(${roleOf(input.TableName)})`;
}

/** Checks people in one by one with the meter recording, and keeps each check-in's DynamoDB requests. */
async function recordCheckins(
  server: BenchServer,
  plan: CheckinPlan,
  tokens: ReadonlyMap<string, string>,
  count: { fresh: number; repeat: number },
) {
  const recorded: Array<RecordedCheckin & { take: MeterTake }> = [];
  await server.record(true);
  try {
    const firsts: PlannedCheckin[] = [];
    for (let i = 0; i < count.fresh + count.repeat; i++) {
      const repeatOf = i >= count.fresh ? firsts[i - count.fresh] : undefined;
      const checkin =
        repeatOf === undefined
          ? plan.fresh()
          : { ...repeatOf, idempotencyKey: `${repeatOf.idempotencyKey}-again`, repeat: true };
      await server.take();
      const answer = await checkInOnce(server.url, checkin, tokens);
      const take = await server.take();
      if (take.checkins !== 1)
        throw new Error(`recorded ${take.checkins} check-ins at once; the server was not idle`);
      if (!checkin.repeat) {
        firsts.push(checkin);
        plan.completed(checkin);
      }
      recorded.push({
        commands: take.recorded,
        repeat: checkin.repeat,
        unique: [checkin.idNumber, answer.checkinId, checkin.idempotencyKey],
        take,
      });
    }
  } finally {
    await server.record(false);
  }
  return recorded;
}

/** Drives the API with autocannon; every request is planned afresh by setupRequest. */
async function apiRun(
  url: string,
  plan: CheckinPlan,
  tokens: ReadonlyMap<string, string>,
  connections: number,
  seconds: number,
): Promise<LoadFigures & { statuses: Record<string, number> }> {
  const inFlight = new WeakMap<object, PlannedCheckin>();
  const started = performance.now();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: "/api/checkins",
        setupRequest: (request, context) => {
          const checkin = plan.next();
          inFlight.set(context, checkin);
          return { ...request, headers: headersFor(checkin, tokens), body: bodyFor(checkin) };
        },
        onResponse: (status, _body, context) => {
          const checkin = inFlight.get(context);
          if (status === 201 && checkin !== undefined) plan.completed(checkin);
        },
      },
    ],
  });
  const elapsed = (performance.now() - started) / 1000;
  const statuses: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {}))
    statuses[status] = stat.count ?? 0;
  const answered = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  return {
    requests: answered,
    seconds: elapsed,
    rps: answered / elapsed,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // autocannon's errors include its timeouts.
    errors: result.non2xx + result.errors,
    statuses,
  };
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Waits until the server has finished what the load left in flight; returns everything it saw meanwhile. */
async function drain(server: BenchServer): Promise<{ counts: Record<string, number>; checkins: number }> {
  const counts: Record<string, number> = {};
  let checkins = 0;
  for (let quiet = 0, round = 0; quiet < 2 && round < 100; round++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const take = await server.take();
    for (const [name, n] of Object.entries(take.counts)) counts[name] = (counts[name] ?? 0) + n;
    checkins += take.checkins;
    quiet = sum(take.counts) === 0 && take.checkins === 0 ? quiet + 1 : 0;
  }
  return { counts, checkins };
}

/** CPU milliseconds a process has used so far, from /proc (Linux); NaN elsewhere. */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime, in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Measures CPU of this process and of the given others over a run, per request. */
function cpuMeter<K extends string>(others: Record<K, number>) {
  const self = process.cpuUsage();
  const before = Object.fromEntries(Object.entries<number>(others).map(([k, pid]) => [k, processCpuMs(pid)]));
  return {
    stop(requests: number): Record<K | "self", number> {
      const used = process.cpuUsage(self);
      const out: Record<string, number> = { self: (used.user + used.system) / 1000 / requests };
      for (const [k, pid] of Object.entries<number>(others))
        out[k] = (processCpuMs(pid) - (before[k] ?? Number.NaN)) / requests;
      return out as Record<K | "self", number>;
    },
  };
}

function medianFigures(runs: readonly LoadFigures[]): LoadFigures {
  const pick = (f: (r: LoadFigures) => number) => median(runs.map(f));
  return {
    requests: pick((r) => r.requests),
    seconds: pick((r) => r.seconds),
    rps: pick((r) => r.rps),
    p50Ms: pick((r) => r.p50Ms),
    p99Ms: pick((r) => r.p99Ms),
    errors: pick((r) => r.errors),
  };
}

/**
 * Runs the check-in benchmark. `quick` seeds the small registry and sends a few hundred requests
 * per level, for smoke tests; the full run alternates three 8-second runs per side and level.
 */
export async function runCheckinBench(opts: {
  quick: boolean;
  log?: (line: string) => void;
  /** Write the server's CPU profile (node --cpu-prof) into this folder. */
  profileDir?: string;
}): Promise<CheckinBenchResult> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.quick ? "small" : "full";
  const levels = [16, 64];
  // Timed runs keep the whole benchmark within its time on a slow or busy machine.
  const seconds = opts.quick ? 3 : 8;
  const runs = opts.quick ? 1 : 3;
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "ap-southeast-1";

  let dynamo: DynamoLocal | null = null;
  let server: BenchServer | null = null;
  const onSignal = () => {
    // Leaving on Ctrl-C: stop what this run started, by pid.
    if (dynamo !== null) process.kill(dynamo.pid, "SIGTERM");
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const raw = { client: null as ReturnType<typeof makeDynamoClients>["client"] | null };
  try {
    dynamo = await startDynamoLocal();
    server = await startBenchServer(dynamo.endpoint, seed, opts.profileDir ?? null);
    log(`server up in ${server.startSeconds.toFixed(1)} s (seeded ${seed})`);
    const plan = makeCheckinPlan(seed);
    const tokens = await devTokens(server.url, plan.facilities);

    // Warm the server (JIT, gateway token, connections) before anything is recorded or timed.
    for (let i = 0; i < 5; i++) await checkInOnce(server.url, plan.next(), tokens).catch(() => undefined);
    await apiRun(server.url, plan, tokens, 16, opts.quick ? 2 : 5);
    await drain(server);

    const recorded = await recordCheckins(
      server,
      plan,
      tokens,
      opts.quick ? { fresh: 6, repeat: 3 } : { fresh: 20, repeat: 6 },
    );
    const fresh = recorded.filter((r) => !r.repeat);
    const repeats = recorded.filter((r) => r.repeat);
    const sequenceOf = (list: typeof recorded) => {
      const shapes = new Set(
        list.map((r) => r.commands.map((c) => describe(c, server?.tables ?? ({} as TableNames))).join(" → ")),
      );
      return [...shapes].join(" | ");
    };
    const perCheckin = (list: typeof recorded, f: (t: MeterTake) => number) =>
      list.length === 0 ? Number.NaN : list.reduce((s, r) => s + f(r.take), 0) / list.length;

    raw.client = makeDynamoClients(dynamo.endpoint).client;
    const replayInput = { client: raw.client, recorded, registryTable: server.tables.registry };
    // The replay's own warm-up: SDK connections and DynamoDB Local's JIT for these requests.
    await replayCheckins({ ...replayInput, connections: 16, seconds: opts.quick ? 2 : 5 });

    const results: CheckinLevel[] = [];
    let loadCheckins = 0;
    let loadDynamoRequests = 0;
    const loadByOperation: Record<string, number> = {};
    const dynamoPid = dynamo.pid;
    const serverPid = server.pid;
    const bench = server;
    for (const connections of levels) {
      const apiRuns: Array<LoadFigures & { statuses: Record<string, number>; cpu: ApiCpu }> = [];
      const rawRuns: Array<LoadFigures & { cpu: RawCpu }> = [];
      // Alternate the two sides so a busy moment on the shared machine does not hit one side only.
      for (let r = 0; r < runs; r++) {
        const rawMeter = cpuMeter({ dynamo: dynamoPid });
        const replay = await replayCheckins({ ...replayInput, connections, seconds });
        const rawCpu = rawMeter.stop(replay.requests);
        rawRuns.push({ ...replay, cpu: { client: rawCpu.self, dynamo: rawCpu.dynamo } });
        await drain(bench);
        const apiMeter = cpuMeter({ dynamo: dynamoPid, server: serverPid });
        const api = await apiRun(bench.url, plan, tokens, connections, seconds);
        const load = await drain(bench);
        const apiCpu = apiMeter.stop(load.checkins);
        loadDynamoRequests += sum(load.counts);
        for (const [name, n] of Object.entries(load.counts))
          loadByOperation[name] = (loadByOperation[name] ?? 0) + n;
        loadCheckins += load.checkins;
        apiRuns.push({ ...api, cpu: { client: apiCpu.self, server: apiCpu.server, dynamo: apiCpu.dynamo } });
        log(
          `c${connections} run ${r + 1}: API ${api.rps.toFixed(0)} req/s, raw ${replay.rps.toFixed(0)} req/s`,
        );
      }
      const statuses: Record<string, number> = {};
      for (const run of apiRuns)
        for (const [status, n] of Object.entries(run.statuses))
          statuses[status] = (statuses[status] ?? 0) + n;
      const api = medianFigures(apiRuns);
      const rawFigures = medianFigures(rawRuns);
      results.push({
        connections,
        api,
        raw: rawFigures,
        ratio: api.rps / rawFigures.rps,
        apiRuns: apiRuns.map(({ statuses: _s, cpu: _c, ...figures }) => figures),
        rawRuns: rawRuns.map(({ cpu: _c, ...figures }) => figures),
        statuses,
        cpuMsPerCheckin: {
          api: {
            client: median(apiRuns.map((r) => r.cpu.client)),
            server: median(apiRuns.map((r) => r.cpu.server)),
            dynamo: median(apiRuns.map((r) => r.cpu.dynamo)),
          },
          raw: {
            client: median(rawRuns.map((r) => r.cpu.client)),
            dynamo: median(rawRuns.map((r) => r.cpu.dynamo)),
          },
        },
      });
    }
    const callFacility = plan.facilities[0];
    if (callFacility === undefined) throw new Error("the plan has no facility");
    const callLatency = await measureCallLatency({
      url: server.url,
      doc: makeDynamoClients(dynamo.endpoint).doc,
      checkinsTable: server.tables.checkins,
      facility: callFacility,
      calls: opts.quick ? 20 : 100,
    });
    log(`call → display: p50 ${ms(callLatency.p50Ms)}, p95 ${ms(callLatency.p95Ms)}`);
    return {
      quick: opts.quick,
      callLatency,
      setup:
        "DynamoDB Local in memory (-inMemory), server = startLocalApp in a Node 24 child process " +
        `(seed ${seed}, no demo history, rate limits off), autocannon and the replay in this process`,
      serverStartSeconds: server.startSeconds,
      people: plan.people,
      sequence: { fresh: sequenceOf(fresh), repeat: sequenceOf(repeats) },
      requestsPerCheckin: {
        fresh: perCheckin(fresh, (t) => sum(t.counts)),
        repeat: perCheckin(repeats, (t) => sum(t.counts)),
        underLoad: loadDynamoRequests / loadCheckins,
        underLoadByOperation: Object.fromEntries(
          Object.entries(loadByOperation).map(([name, n]) => [name, n / loadCheckins]),
        ),
      },
      capacity: {
        fresh: {
          read: perCheckin(fresh, (t) => t.capacity.read),
          write: perCheckin(fresh, (t) => t.capacity.write),
        },
        repeat: {
          read: perCheckin(repeats, (t) => t.capacity.read),
          write: perCheckin(repeats, (t) => t.capacity.write),
        },
      },
      levels: results,
    };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    raw.client?.destroy();
    await server?.stop();
    await dynamo?.stop();
  }
}

/** "BatchGetItem(checkins+idempotency) → GetItem(registry)" → "2: BatchGetItem → GetItem". */
const shortSequence = (sequence: string) =>
  sequence
    .split(" | ")
    .map((shape) => {
      const steps = shape.split(" → ").map((step) => step.replace(/\(.*\)$/, ""));
      return `${steps.length}: ${steps.join(" → ")}`;
    })
    .join(" | ");

const errors = (runs: readonly LoadFigures[]) => runs.reduce((n, r) => n + r.errors, 0);
const total = (runs: readonly LoadFigures[]) => runs.reduce((n, r) => n + r.requests, 0);

/** List prices of AppSync Events: per million operations (publish, delivery, connection) and connection-minutes. */
const APPSYNC_EVENTS_USD = { perMillionOperations: 1.0, perMillionConnectionMinutes: 0.08 };

/**
 * A screen's month on the calls channel: connected 12 hours a day for 30 days, one reconnection an
 * hour (its ID token renewed), one delivery per call of its facility.
 */
export function screenMonthUsd(callsPerDay: number): number {
  const minutes = 12 * 60 * 30;
  const operations = callsPerDay * 30 + 12 * 2 * 30;
  return (
    (minutes * APPSYNC_EVENTS_USD.perMillionConnectionMinutes +
      operations * APPSYNC_EVENTS_USD.perMillionOperations) /
    1e6
  );
}

/** The waiting room's rows: call-to-display latency beside the same run's check-in latency, and a screen's cost. */
function callRows(result: CheckinBenchResult): FigureRow[] {
  const section = "waiting room";
  const calls = result.callLatency;
  const c16 = result.levels.find((level) => level.connections === 16);
  const usd = (callsPerDay: number) => `$${screenMonthUsd(callsPerDay).toFixed(4)}`;
  return [
    row(
      section,
      `call → display p50 / p95 (${calls.calls} calls, socket)`,
      `${ms(calls.p50Ms)} / ${ms(calls.p95Ms)}`,
      {
        p50Ms: calls.p50Ms,
        p95Ms: calls.p95Ms,
        maxMs: calls.maxMs,
        checkinP50Ms: c16?.api.p50Ms ?? Number.NaN,
      },
      {
        baseline: `check-in c16 p50 / p99 in the same run ${ms(c16?.api.p50Ms ?? Number.NaN)} / ${ms(c16?.api.p99Ms ?? Number.NaN)}`,
        budget: "p95 < 2000 ms",
        verdict: verdictOf(calls.p95Ms < 2_000),
      },
    ),
    row(
      section,
      "cost per screen a month (AppSync Events)",
      `commune ${usd(40)} · district ${usd(1_000)} · central ${usd(8_000)}`,
      { commune: screenMonthUsd(40), district: screenMonthUsd(1_000), central: screenMonthUsd(8_000) },
      { baseline: "polling every 1 s instead: $1.30 a screen (HTTP API requests alone)" },
    ),
  ];
}

/** The benchmark's rows for the one table. */
export function checkinRows(result: CheckinBenchResult): FigureRow[] {
  const section = "check-in API";
  const rows: FigureRow[] = [];
  for (const level of result.levels) {
    const c = `c${level.connections}`;
    const cpu = level.cpuMsPerCheckin;
    rows.push(
      row(
        section,
        `${c} throughput`,
        `${level.api.rps.toFixed(0)} req/s`,
        { rps: level.api.rps, rawRps: level.raw.rps, ratio: level.ratio },
        {
          baseline: `raw DynamoDB replay ${level.raw.rps.toFixed(0)} req/s → ratio ${pct(level.ratio)}`,
          budget: `≥ ${pct(CHECKIN_BUDGETS.ratio)} of raw`,
          verdict: verdictOf(level.ratio >= CHECKIN_BUDGETS.ratio),
        },
      ),
      row(
        section,
        `${c} latency p50 / p99`,
        `${ms(level.api.p50Ms)} / ${ms(level.api.p99Ms)}`,
        {
          p50Ms: level.api.p50Ms,
          p99Ms: level.api.p99Ms,
          rawP50Ms: level.raw.p50Ms,
          rawP99Ms: level.raw.p99Ms,
        },
        {
          baseline: `raw ${ms(level.raw.p50Ms)} / ${ms(level.raw.p99Ms)}`,
          ...(level.connections === 16
            ? {
                budget: `p99 < ${CHECKIN_BUDGETS.p99AtC16Ms} ms`,
                verdict: verdictOf(level.api.p99Ms < CHECKIN_BUDGETS.p99AtC16Ms),
              }
            : {}),
        },
      ),
      row(
        section,
        `${c} errors (non-2xx)`,
        `${errors(level.apiRuns)} of ${total(level.apiRuns)}`,
        { errors: errors(level.apiRuns), requests: total(level.apiRuns), rawErrors: errors(level.rawRuns) },
        {
          baseline: `raw ${errors(level.rawRuns)} of ${total(level.rawRuns)} failed; API statuses ${Object.entries(
            level.statuses,
          )
            .map(([s, n]) => `${s}×${n}`)
            .join(" ")}`,
        },
      ),
      row(
        section,
        `${c} CPU ms per check-in`,
        `server ${cpu.api.server.toFixed(1)} + DynamoDB Local ${cpu.api.dynamo.toFixed(1)} + autocannon ${cpu.api.client.toFixed(1)}`,
        {
          server: cpu.api.server,
          dynamo: cpu.api.dynamo,
          client: cpu.api.client,
          rawClient: cpu.raw.client,
          rawDynamo: cpu.raw.dynamo,
        },
        {
          baseline: `raw: SDK client ${cpu.raw.client.toFixed(1)} + DynamoDB Local ${cpu.raw.dynamo.toFixed(1)}`,
        },
      ),
    );
  }
  rows.push(...callRows(result));
  const perCheckin = result.requestsPerCheckin;
  rows.push(
    row(
      section,
      "DynamoDB requests per check-in",
      `${perCheckin.fresh.toFixed(2)} new, ${perCheckin.repeat.toFixed(2)} repeat`,
      { fresh: perCheckin.fresh, repeat: perCheckin.repeat, underLoad: perCheckin.underLoad },
      {
        baseline: `under load ${perCheckin.underLoad.toFixed(2)} per request (80/20 mix): ${Object.entries(
          perCheckin.underLoadByOperation,
        )
          .map(([name, n]) => `${name} ${n.toFixed(2)}`)
          .join(", ")}`,
        budget: `≤ ${CHECKIN_BUDGETS.requestsPerCheckin}, gateway + idempotency in`,
        verdict: verdictOf(perCheckin.fresh <= CHECKIN_BUDGETS.requestsPerCheckin),
      },
    ),
    row(
      section,
      "  new check-in sends",
      shortSequence(result.sequence.fresh),
      {},
      { baseline: "(tables and items: see below the table)" },
    ),
    row(section, "  repeat sends", shortSequence(result.sequence.repeat), {}),
  );
  return rows;
}

/** Notes printed under the table: what exactly one check-in sends. */
export function checkinNotes(result: CheckinBenchResult): string[] {
  return [
    `check-in API: a new check-in sends ${result.sequence.fresh}`,
    `check-in API: a repeat sends ${result.sequence.repeat}`,
  ];
}

function formatDetails(result: CheckinBenchResult): string {
  return [
    ...checkinNotes(result),
    `setup: ${result.setup}; ${result.people} people; server start ${result.serverStartSeconds.toFixed(1)} s`,
    ...result.levels.map(
      (level) =>
        `c${level.connections}: API runs ${level.apiRuns.map((r) => r.rps.toFixed(0)).join(", ")} req/s; raw runs ${level.rawRuns
          .map((r) => r.rps.toFixed(0))
          .join(", ")} req/s`,
    ),
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const jsonAt = args.indexOf("--json");
  const profileAt = args.indexOf("--cpu-prof");
  const profileDir = profileAt >= 0 ? args[profileAt + 1] : undefined;
  const before = machineFacts();
  const result = await runCheckinBench({
    quick,
    log: (line) => console.error(`  … ${line}`),
    ...(profileDir === undefined ? {} : { profileDir }),
  });
  console.log(
    `Check-in API benchmark${quick ? " (quick)" : ""}; load average before ${formatLoad(before.loadAverage)}`,
  );
  console.log(formatTable(checkinRows(result)));
  console.log(formatDetails(result));
  const file = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (file !== undefined) writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
