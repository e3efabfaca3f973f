/**
 * The national morning peak, in simulation: a Monday morning of the 12,851 facilities (06:00 to
 * 11:00, 80 % of a day's visits between 6:30 and 10:30) replayed against the local system,
 * sampled and compressed in time (peak-plan.ts), with double scans, retries with the same
 * Idempotency-Key and yesterday's offline check-ins synced as clinics open. It reports the
 * check-ins stored, lost and doubled (the log against the plan, the counters against the log),
 * and, from every DynamoDB request the server sent (peak-server.ts), the busiest partition keys
 * scaled back to real time as a share of DynamoDB's per-partition limits.
 *
 * Run: npm run bench:peak [-- --quick]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ScanCommand as RawScanCommand } from "@aws-sdk/client-dynamodb";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import pMap from "p-map";
import { z } from "zod";
import { addDays, vnDay } from "#domain/vn-time";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { type DynamoLocal, startDynamoLocal } from "#infra/local/dynamo-local";
import { nationalDataSet } from "#infra/local/seed/national-history";
import type { TableNames } from "#infra/local/table-definitions";
import { PROJECT_ROOT } from "#infra/project-root";
import { type FigureRow, formatTable, ms, pct, quantile, row, verdictOf } from "./support/figures.ts";
import { formatLoad, machineFacts, node24 } from "./support/machine.ts";
import { itemBytes, type PartitionUse } from "./support/partition-units.ts";
import { type PeakOptions, type PeakPlan, type PeakSend, planPeak } from "./support/peak-plan.ts";
import type { RecordedUse } from "./support/peak-server.ts";

/** DynamoDB's limits per partition, per second. */
export const PARTITION_LIMITS = { write: 1_000, read: 3_000 } as const;
/** The budget: the busiest partition at the peak uses at most half its limit (room for a day twice as busy). */
export const PEAK_BUDGET_SHARE = 0.5;
/** Real seconds over which a partition's rate is averaged: the roll-up's five-minute schedule. */
const WINDOW_SECONDS = 300;
/** Requests in flight at most; beyond it the replay falls behind its schedule (and says so). */
const MAX_IN_FLIGHT = 256;
/** How far behind its schedule the replay may fall before its rates understate the peak. */
const LAG_BUDGET_SHARE = 0.05;
/** Tries of a request that got no answer or a 5xx, as the page's outbox retries. */
const RESEND_ATTEMPTS = 6;

const FULL: PeakOptions = {
  sample: 0.012,
  busySample: 0.08,
  busyCount: 3,
  replaySeconds: 180,
  doubleScans: 0.03,
  retries: 0.02,
  late: 0.02,
};
const QUICK: PeakOptions = { ...FULL, sample: 0.0008, busySample: 0.008, replaySeconds: 15 };

/** A partition's busiest five minutes, in real time. */
export interface HotPartition {
  readonly table: string;
  readonly key: string;
  readonly what: string;
  readonly writePerSecond: number;
  readonly readPerSecond: number;
  /** Of its limit: the larger of writes ÷ 1,000 and reads ÷ 3,000. */
  readonly share: number;
  /** Requests recorded on it (before scaling). */
  readonly requests: number;
}

export interface PeakResult {
  readonly quick: boolean;
  readonly options: PeakOptions;
  readonly compression: number;
  readonly realWindowVisits: number;
  readonly dayVisits: number;
  readonly peakRealPerSecond: number;
  readonly sent: number;
  readonly visits: number;
  readonly statuses: Record<string, number>;
  readonly stored: number;
  readonly lost: number;
  readonly doubled: number;
  readonly stray: number;
  readonly unanswered: number;
  readonly countersEqualLog: boolean;
  readonly replaySeconds: number;
  readonly lagMs: number;
  /** Requests sent again after no answer or a 5xx. */
  readonly resent: number;
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly requests: number;
  readonly hottest: HotPartition[];
  readonly named: HotPartition[];
  readonly concurrency: number;
  /** What the morning left in the tables, by kind of item: how many and their mean size (bytes, as DynamoDB bills storage: + 100 per item). */
  readonly storedSizes: Record<string, { readonly items: number; readonly meanBytes: number }>;
}

const readySchema = z.object({
  type: z.literal("ready"),
  url: z.string(),
  tables: z.record(z.string(), z.string()),
});
const replySchema = z.object({ id: z.number(), recorded: z.array(z.unknown()).optional() });

interface PeakServer {
  readonly url: string;
  readonly tables: TableNames;
  ask(message: Record<string, unknown>): Promise<z.infer<typeof replySchema>>;
  stop(): Promise<void>;
}

async function startPeakServer(
  endpoint: string,
  rollupEveryMs: number,
  national: boolean,
): Promise<PeakServer> {
  const child: ChildProcess = spawn(
    node24(),
    ["--import", "tsx", join(PROJECT_ROOT, "test/bench/support/peak-server.ts")],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        BENCH_DYNAMO_ENDPOINT: endpoint,
        BENCH_TABLE_PREFIX: "peak-",
        BENCH_ROLLUP_MS: String(rollupEveryMs),
        BENCH_NATIONAL_FACILITIES: national ? "1" : "0",
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
  const pending = new Map<
    number,
    { resolve: (reply: z.infer<typeof replySchema>) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  const ready = new Promise<z.infer<typeof readySchema>>((resolve, reject) => {
    child.on("message", (message: unknown) => {
      const isReady = readySchema.safeParse(message);
      if (isReady.success) return resolve(isReady.data);
      const reply = replySchema.parse(message);
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
    });
    child.once("exit", (code) => {
      const error = new Error(`peak server exited (${code}):\n${stderr}`);
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
    });
  });
  try {
    const info = await ready;
    const ask = (message: Record<string, unknown>) =>
      new Promise<z.infer<typeof replySchema>>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, ...message }, (error) => {
          if (error !== null) reject(error);
        });
      });
    return {
      url: info.url,
      tables: info.tables as unknown as TableNames,
      ask,
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

/** The facility a partition belongs to, when its key names one. */
function facilityOf(use: PartitionUse): string | null {
  const fromPk = /^(?:CHK|DUP|QUEUE|SERIES)#(\d{5})(?:#|$)/.exec(use.pk)?.[1];
  if (fromPk !== undefined) return fromPk;
  if (/^\d{5}#/.test(use.pk)) return use.pk.slice(0, 5); // idempotency: facility#key
  if (/^\d{5}$/.test(use.pk)) return use.pk; // facilities table
  if (use.pk.startsWith("DAY#") && use.sk !== null && /^\d{5}$/.test(use.sk)) return use.sk;
  if (use.pk.startsWith("DIRTY#") && use.sk !== null) return use.sk.split("#")[1] ?? null;
  return null;
}

/** A partition key as printed: people's ID numbers and card codes never are. */
function printable(table: string, pk: string, names: TableNames): string {
  if (table === names.registry) return "<a person's registry entry>";
  if (pk.startsWith("DUP#")) return `${pk.split("#").slice(0, 2).join("#")}#<person>#<slice>`;
  if (table === names.idempotency) return `${pk.slice(0, 5)}#<key>`;
  return pk;
}

/** What a partition holds, in words. */
function whatOf(
  table: string,
  pk: string,
  names: TableNames,
  busy: readonly string[],
  today: string,
): string {
  const hospital = busy[0] ?? "";
  if (pk === `QUEUE#${hospital}#${today}`) return "queue numbers of the busiest hospital";
  if (pk === `CHK#${hospital}#${today}`) return "the busiest hospital's day of the log";
  if (pk.startsWith(`DAY#${today}#`)) return "today's counter shard";
  if (pk.startsWith("DAY#")) return "yesterday's counter shard (late check-ins)";
  if (pk.startsWith("REV#")) return "yesterday's revision marker (late check-ins)";
  if (pk.startsWith("DIRTY#")) return "stale-day marker shard";
  if (pk.startsWith("ROLL#")) return "roll-up blocks";
  if (pk.startsWith("QUEUE#")) return "a facility's queue numbers";
  if (pk.startsWith("CHK#")) return "a facility's day of the log";
  if (pk.startsWith("DUP#")) return "a duplicate guard";
  if (table === names.idempotency) return "an Idempotency-Key";
  if (table === names.registry) return "the mock gateway's registry";
  if (table === names.facilities) return "a facility's name";
  return table.replace(/^peak-/, "");
}

/** Every partition's busiest window, scaled to real units a second. */
function hotPartitions(
  recorded: readonly RecordedUse[],
  plan: PeakPlan,
  names: TableNames,
  sample: number,
  today: string,
): HotPartition[] {
  const windowLocalMs = (WINDOW_SECONDS * 1000) / plan.compression;
  const sums = new Map<
    string,
    { table: string; pk: string; windows: Map<number, { r: number; w: number }>; n: number }
  >();
  for (const request of recorded) {
    const window = Math.floor(request.atMs / windowLocalMs);
    for (const use of request.uses) {
      const facility = facilityOf(use);
      // Requests of the check-in path stand for 1/p real ones; the roll-up runs on its real schedule.
      const weight =
        facility !== null
          ? plan.weightOf(facility)
          : use.table === names.registry || use.pk.startsWith("REV#")
            ? 1 / sample
            : 1;
      const id = `${use.table}|${use.pk}`;
      const entry = sums.get(id) ?? { table: use.table, pk: use.pk, windows: new Map(), n: 0 };
      const slot = entry.windows.get(window) ?? { r: 0, w: 0 };
      slot.r += use.read * weight;
      slot.w += use.write * weight;
      entry.windows.set(window, slot);
      entry.n += 1;
      sums.set(id, entry);
    }
  }
  return [...sums.values()]
    .map((entry) => {
      let best = { r: 0, w: 0, share: 0 };
      for (const slot of entry.windows.values()) {
        const r = slot.r / WINDOW_SECONDS;
        const w = slot.w / WINDOW_SECONDS;
        const share = Math.max(w / PARTITION_LIMITS.write, r / PARTITION_LIMITS.read);
        if (share > best.share) best = { r, w, share };
      }
      return {
        table: entry.table.replace(/^peak-/, ""),
        key: printable(entry.table, entry.pk, names),
        what: whatOf(entry.table, entry.pk, names, plan.busy, today),
        writePerSecond: best.w,
        readPerSecond: best.r,
        share: best.share,
        requests: entry.n,
      };
    })
    .sort((a, b) => b.share - a.share);
}

/** Kinds of stored item, from their keys. */
function kindOfItem(table: string, pk: string, names: TableNames): string | null {
  if (table === names.checkins) {
    for (const prefix of ["CHK#", "DUP#", "QUEUE#", "SERIES#"])
      if (pk.startsWith(prefix)) return prefix.slice(0, -1);
    return "checkins:other";
  }
  if (table === names.idempotency) return "IDEMPOTENCY";
  if (table === names.counters) {
    for (const prefix of ["DAY#", "REV#", "DIRTY#", "ROLL#"])
      if (pk.startsWith(prefix)) return prefix.slice(0, -1);
    return "counters:other";
  }
  return null;
}

/** Every item of the check-in tables, counted and sized by kind. */
async function storedSizes(
  client: ReturnType<typeof makeDynamoClients>["client"],
  names: TableNames,
): Promise<Record<string, { items: number; meanBytes: number }>> {
  const sums = new Map<string, { items: number; bytes: number }>();
  for (const table of [names.checkins, names.idempotency, names.counters]) {
    let start: Record<string, never> | undefined;
    do {
      const page = await client.send(new RawScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        const pk = item.pk?.S ?? item.id?.S ?? "";
        const kind = kindOfItem(table, pk, names);
        if (kind === null) continue;
        const entry = sums.get(kind) ?? { items: 0, bytes: 0 };
        entry.items += 1;
        entry.bytes += itemBytes(item as Record<string, unknown>) + 100;
        sums.set(kind, entry);
      }
      start = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start !== undefined);
  }
  return Object.fromEntries(
    [...sums].map(([kind, { items, bytes }]) => [kind, { items, meanBytes: bytes / items }]),
  );
}

/** Sends the plan on its schedule (open loop), each request as the reception page sends it. */
async function replay(
  url: string,
  plan: PeakPlan,
  payloadOf: (send: PeakSend) => { payload: string; idNumber: string },
  tokens: ReadonlyMap<string, string>,
  yesterday: string,
) {
  const results: Array<{ send: PeakSend; status: number; ms: number }> = [];
  let inFlight = 0;
  let lagMs = 0;
  let resent = 0;
  const waiters: Array<() => void> = [];
  const started = performance.now();
  const sendOne = async (send: PeakSend) => {
    const t0 = performance.now();
    const { payload } = payloadOf(send);
    const scannedAt =
      send.lateMinutes === null
        ? undefined
        : `${yesterday}T${String(Math.floor(send.lateMinutes / 60)).padStart(2, "0")}:${String(send.lateMinutes % 60).padStart(2, "0")}:00+07:00`;
    // As the reception page's outbox does: no answer, or a 5xx, is sent again with the same key.
    let status = 0;
    for (let attempt = 0; attempt < RESEND_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        resent++;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
      try {
        const response = await fetch(`${url}/api/checkins`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${tokens.get(send.facility) ?? ""}`,
            "idempotency-key": send.key,
          },
          body: JSON.stringify({
            method: "qr-cccd",
            payload,
            channel: "scanner",
            ...(scannedAt ? { scannedAt } : {}),
          }),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      if (status !== 0 && status < 500) break;
    }
    results.push({ send, status, ms: performance.now() - t0 });
  };
  const all: Promise<void>[] = [];
  for (const send of plan.sends) {
    const wait = send.atMs - (performance.now() - started);
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiters.push(resolve));
    lagMs = Math.max(lagMs, performance.now() - started - send.atMs);
    inFlight++;
    all.push(
      sendOne(send).finally(() => {
        inFlight--;
        waiters.shift()?.();
      }),
    );
  }
  await Promise.all(all);
  return { results, seconds: (performance.now() - started) / 1000, lagMs, resent };
}

/** Runs the simulation against a fresh local system and returns its figures. */
export async function runPeakBench(opts: {
  quick: boolean;
  log?: (line: string) => void;
}): Promise<PeakResult> {
  const log = opts.log ?? (() => undefined);
  const options = opts.quick ? QUICK : FULL;
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "ap-southeast-1";
  const today = vnDay(new Date());
  const yesterday = addDays(today, -1);
  const national = nationalDataSet({ today });
  const people = generatePopulation(10_500, generateFacilities(120)).filter(
    (person) => person.card?.fault === undefined || person.card.fault === null,
  );
  const plan = planPeak(national.facilities, people.length, options);
  let dynamo: DynamoLocal | null = null;
  let server: PeakServer | null = null;
  try {
    dynamo = await startDynamoLocal();
    // The roll-up's five-minute schedule, compressed like the morning (at most once a second here).
    server = await startPeakServer(
      dynamo.endpoint,
      Math.max(1_000, (WINDOW_SECONDS * 1000) / plan.compression),
      !opts.quick,
    );
    const facilities = [...new Set(plan.sends.map((send) => send.facility))];
    log(`peak: ${plan.sends.length} requests for ${facilities.length} facilities, minting their tokens`);
    const tokens = new Map<string, string>();
    const url = server.url;
    await pMap(
      facilities,
      async (facility) => {
        const response = await fetch(`${url}/api/dev/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ role: "receptionist", facility }),
        });
        tokens.set(facility, z.object({ token: z.string() }).parse(await response.json()).token);
      },
      { concurrency: 16 },
    );
    const payloadOf = (send: PeakSend) => {
      const person = people[send.person];
      if (person === undefined) throw new Error(`no person ${send.person}`);
      return { payload: qrOf(person), idNumber: person.idNumber };
    };
    await server.ask({ type: "record", on: true });
    log(`peak: replaying ${plan.sends.length} requests in ${options.replaySeconds} s`);
    const run = await replay(url, plan, payloadOf, tokens, yesterday);
    // Let the last roll-up run end, then take what was recorded.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const taken = await server.ask({ type: "take" });
    await server.ask({ type: "record", on: false });
    const recorded = (taken.recorded ?? []) as RecordedUse[];

    // The log against the plan: each planned visit once.
    const { doc } = makeDynamoClients(dynamo.endpoint);
    const logged = new Map<string, number>();
    let logItems = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({
          TableName: server.tables.checkins,
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) {
        if (!String(item.pk).startsWith("CHK#")) continue;
        logItems++;
        // The guard keys hold a keyed hash; the visit keeps the ID number once, in its patient.
        const patient = item.patient as { idNumber?: unknown } | undefined;
        const id = `${String(item.facility)}|${String(patient?.idNumber)}|${String(item.day)}`;
        logged.set(id, (logged.get(id) ?? 0) + 1);
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    const statuses: Record<string, number> = {};
    const acknowledged = new Set<number>();
    for (const result of run.results) {
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      if (result.status === 200 || result.status === 201) acknowledged.add(result.send.visit);
    }
    const visitsOf = new Map(
      plan.sends.filter((s) => s.kind === "new" || s.kind === "late").map((s) => [s.visit, s]),
    );
    let lost = 0;
    let doubled = 0;
    let unanswered = 0;
    const planned = new Set<string>();
    for (const [visit, send] of visitsOf) {
      const id = `${send.facility}|${payloadOf(send).idNumber}|${send.kind === "late" ? yesterday : today}`;
      planned.add(id);
      const count = logged.get(id) ?? 0;
      if (!acknowledged.has(visit)) unanswered++;
      else if (count === 0) lost++;
      if (count > 1) doubled += count - 1;
    }
    const stray = [...logged.keys()].filter((id) => !planned.has(id)).length;
    const counters = makeCounterStore(doc, {
      countersTable: server.tables.counters,
      counterShards: DEFAULT_COUNTER_SHARDS,
    });
    const { rows } = await counters.readDayCounts([yesterday, today], { consistent: true });
    const counted = rows.reduce((sum, r) => sum + (r.counts.n ?? 0), 0);

    const stored = await storedSizes(makeDynamoClients(dynamo.endpoint).client, server.tables);
    const hot = hotPartitions(recorded, plan, server.tables, options.sample, today);
    const named = [
      "queue numbers of the busiest hospital",
      "the busiest hospital's day of the log",
      "today's counter shard",
      "yesterday's counter shard (late check-ins)",
      "yesterday's revision marker (late check-ins)",
      "stale-day marker shard",
      "roll-up blocks",
    ].flatMap((what) => hot.filter((h) => h.what === what).slice(0, 1));
    // Real arrivals a second in the busiest five minutes, and Little's law for the functions.
    const perWindow = new Map<number, number>();
    for (const send of plan.sends)
      perWindow.set(
        Math.floor((send.realMinutes * 60) / WINDOW_SECONDS),
        (perWindow.get(Math.floor((send.realMinutes * 60) / WINDOW_SECONDS)) ?? 0) +
          plan.weightOf(send.facility),
      );
    const peakRealPerSecond = Math.max(...perWindow.values()) / WINDOW_SECONDS;
    const latencies = run.results.map((r) => r.ms);
    const p50 = quantile(latencies, 0.5);
    return {
      quick: opts.quick,
      options,
      compression: plan.compression,
      realWindowVisits: plan.windowVisits,
      dayVisits: plan.dayVisits,
      peakRealPerSecond,
      sent: plan.sends.length,
      visits: visitsOf.size,
      statuses,
      stored: logItems,
      lost,
      doubled,
      stray,
      unanswered,
      countersEqualLog: counted === logItems,
      replaySeconds: run.seconds,
      lagMs: run.lagMs,
      resent: run.resent,
      latency: { p50, p99: quantile(latencies, 0.99) },
      requests: recorded.length,
      hottest: hot.slice(0, 6),
      named,
      concurrency: peakRealPerSecond * (p50 / 1000),
      storedSizes: stored,
    };
  } finally {
    await server?.stop();
    await dynamo?.stop();
  }
}

const n = (value: number) => Math.round(value).toLocaleString("en-US");
const units = (h: HotPartition) =>
  `${h.writePerSecond.toFixed(h.writePerSecond < 10 ? 2 : 1)} WCU/s, ${h.readPerSecond.toFixed(h.readPerSecond < 10 ? 2 : 1)} RCU/s`;

/** The table rows of the simulation, each beside its budget. */
export function peakRows(result: PeakResult): FigureRow[] {
  const section = "peak";
  const o = result.options;
  const ok2xx = (result.statuses["200"] ?? 0) + (result.statuses["201"] ?? 0);
  const errors = result.sent - ok2xx;
  const rows: FigureRow[] = [
    row(
      section,
      `national Monday 06:00–11:00 replayed in ${o.replaySeconds} s (×${result.compression.toFixed(0)})`,
      `${n(result.sent)} requests for ${n(result.visits)} visits: ${pct(o.sample)} of ${n(result.realWindowVisits)} real check-ins (${pct(o.busySample)} at the ${o.busyCount} busiest hospitals), ${pct(o.late ?? 0)} synced late`,
      {
        sent: result.sent,
        visits: result.visits,
        realWindowVisits: result.realWindowVisits,
        dayVisits: result.dayVisits,
        compression: result.compression,
      },
      {
        baseline: `real peak ${result.peakRealPerSecond.toFixed(1)} check-ins/s nationally (busiest 5 min), ${n(result.dayVisits)} that day`,
      },
    ),
    row(
      section,
      "check-ins stored, lost, doubled",
      `${n(result.stored)} stored, ${result.lost} lost, ${result.doubled} doubled${result.stray > 0 ? `, ${result.stray} unplanned` : ""}`,
      {
        stored: result.stored,
        lost: result.lost,
        doubled: result.doubled,
        stray: result.stray,
        unanswered: result.unanswered,
      },
      {
        baseline: `${n(ok2xx)} answered 2xx (${Object.entries(result.statuses)
          .map(([s, c]) => `${s}×${c}`)
          .join(" ")}); counters ${result.countersEqualLog ? "=" : "≠"} log`,
        budget: "0 lost, 0 doubled, counters = log",
        verdict: verdictOf(
          result.lost === 0 &&
            result.doubled === 0 &&
            result.stray === 0 &&
            result.countersEqualLog &&
            result.unanswered === 0,
        ),
      },
    ),
    row(
      section,
      "replay: latency p50 / p99, behind schedule",
      `${ms(result.latency.p50)} / ${ms(result.latency.p99)}, at most ${ms(result.lagMs)} late`,
      {
        p50: result.latency.p50,
        p99: result.latency.p99,
        lagMs: result.lagMs,
        seconds: result.replaySeconds,
        errors,
      },
      {
        baseline: `${(result.sent / result.replaySeconds).toFixed(0)} requests/s locally; Lambda at the real peak ≈ ${result.concurrency.toFixed(1)} concurrent check-ins (Little's law at this p50)`,
        // A replay that falls behind stretches the morning: the rates below would understate it.
        budget: `≤ ${(LAG_BUDGET_SHARE * 100).toFixed(0)} % of the replay behind schedule`,
        verdict: verdictOf(result.lagMs <= LAG_BUDGET_SHARE * result.options.replaySeconds * 1000),
      },
    ),
  ];
  const size = (kind: string) => result.storedSizes[kind];
  const log = size("CHK");
  rows.push(
    row(
      section,
      "stored per check-in (bytes billed, 100 B overhead each)",
      `log ${n(log?.meanBytes ?? Number.NaN)} B + duplicate guard ${n(size("DUP")?.meanBytes ?? Number.NaN)} B + Idempotency-Key ${n(size("IDEMPOTENCY")?.meanBytes ?? Number.NaN)} B`,
      Object.fromEntries(
        Object.entries(result.storedSizes).flatMap(([kind, value]) => [
          [`${kind}Items`, value.items],
          [`${kind}Bytes`, value.meanBytes],
        ]),
      ),
      {
        baseline: `day counter ${n(size("DAY")?.meanBytes ?? Number.NaN)} B per facility-day; the guard and key expire after 7 days, the log after 400`,
      },
    ),
  );
  for (const h of result.hottest.slice(0, 3))
    rows.push(
      row(
        section,
        `busiest partition: ${h.key} (${h.table})`,
        `${units(h)} = ${pct(h.share)} of its limit`,
        {
          writePerSecond: h.writePerSecond,
          readPerSecond: h.readPerSecond,
          share: h.share,
          requests: h.requests,
        },
        {
          baseline: `${h.what}; ${n(h.requests)} requests recorded`,
          budget: `≤ ${pct(PEAK_BUDGET_SHARE)} of 1,000 WCU / 3,000 RCU`,
          verdict: verdictOf(h.share <= PEAK_BUDGET_SHARE),
        },
      ),
    );
  for (const h of result.named)
    if (!result.hottest.slice(0, 3).includes(h))
      rows.push(
        row(
          section,
          `  ${h.what}`,
          `${units(h)} = ${pct(h.share)}`,
          { writePerSecond: h.writePerSecond, readPerSecond: h.readPerSecond, share: h.share },
          {
            baseline: `${h.key} (${h.table}), ${n(h.requests)} requests recorded`,
          },
        ),
      );
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quick = process.argv.includes("--quick");
  const before = machineFacts();
  const result = await runPeakBench({ quick, log: (line) => console.log(line) });
  console.log("");
  console.log(formatTable(peakRows(result)));
  console.log("");
  console.log(
    "Rates are real-time: each recorded request counts 1/p times (its facility's sampling share), in the partition's busiest 5 minutes.",
  );
  console.log(
    `Load average ${formatLoad(before.loadAverage)} before, ${formatLoad(machineFacts().loadAverage)} after, ${before.nproc} CPUs.`,
  );
  process.exit(0);
}
