import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import type { RecordedCommand } from "./dynamo-meter.ts";
import { quantile } from "./figures.ts";

/** A check-in's recorded DynamoDB requests and the values in them that identify that check-in. */
export interface RecordedCheckin {
  readonly commands: readonly RecordedCommand[];
  readonly repeat: boolean;
  /** Strings to replace with fresh ones on every replay (ID number, check-in id, Idempotency-Key). */
  readonly unique: readonly string[];
}

/** What one load run measured. */
export interface LoadFigures {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers other than 2xx (API) or failed requests (replay), timeouts included. */
  readonly errors: number;
  /** Why requests failed, by error name. */
  readonly errorKinds?: Record<string, number>;
}

// The recorded inputs are the marshalled ones the SDK sent, so each goes back into its own command.
const SENDERS: Record<string, (client: DynamoDBClient, input: unknown) => Promise<unknown>> = {
  BatchGetItem: (c, i) => c.send(new BatchGetItemCommand(i as BatchGetItemCommandInput)),
  GetItem: (c, i) => c.send(new GetItemCommand(i as GetItemCommandInput)),
  PutItem: (c, i) => c.send(new PutItemCommand(i as PutItemCommandInput)),
  Query: (c, i) => c.send(new QueryCommand(i as QueryCommandInput)),
  TransactWriteItems: (c, i) => c.send(new TransactWriteItemsCommand(i as TransactWriteItemsCommandInput)),
  UpdateItem: (c, i) => c.send(new UpdateItemCommand(i as UpdateItemCommandInput)),
};

/** Counts fresh values across runs, so no two replays in a process share a key. */
let serial = 0;
const stamp = Date.now().toString(36);

interface Template {
  readonly repeat: boolean;
  readonly steps: ReadonlyArray<{ command: string; text: string; fresh: boolean }>;
  readonly unique: readonly string[];
}

/** The sort key of an audit line a PutItem appends (an attribute_not_exists put on the audit table), else null. */
function auditKeyOf(command: string, input: Record<string, unknown>): string | null {
  if (command !== "PutItem" || typeof input.TableName !== "string" || !input.TableName.endsWith("audit"))
    return null;
  const item = input.Item;
  if (typeof item !== "object" || item === null || !("sk" in item)) return null;
  const sk: unknown = item.sk;
  if (typeof sk === "string") return sk;
  return typeof sk === "object" && sk !== null && "S" in sk && typeof sk.S === "string" ? sk.S : null;
}

/**
 * Replays recorded check-ins raw with the AWS SDK, `connections` at a time for `seconds`, in
 * the API run's mix (every fifth a repeat). Each new check-in gets fresh keys (its ID number,
 * check-in id and Idempotency-Key replaced by unused ones of the same length), so its
 * conditional writes succeed as the real ones did; the registry reads stay on real people.
 */
export async function replayCheckins(input: {
  client: DynamoDBClient;
  recorded: readonly RecordedCheckin[];
  registryTable: string;
  connections: number;
  seconds: number;
}): Promise<LoadFigures> {
  const templates: Template[] = input.recorded.map((checkin) => {
    // Every call appends an audit line under a key of its own, a repeat's too: each replay needs a new one.
    const auditKeys = checkin.commands.flatMap((c) => {
      const key = auditKeyOf(c.command, c.input);
      return key === null ? [] : [key];
    });
    return {
      repeat: checkin.repeat,
      unique: checkin.repeat ? auditKeys : [...checkin.unique, ...auditKeys],
      steps: checkin.commands.map((c) => ({
        command: c.command,
        text: JSON.stringify(c.input),
        fresh:
          auditKeyOf(c.command, c.input) !== null ||
          (!checkin.repeat && c.input.TableName !== input.registryTable),
      })),
    };
  });
  for (const t of templates)
    for (const s of t.steps)
      if (SENDERS[s.command] === undefined) throw new Error(`cannot replay ${s.command}`);
  const fresh = templates.filter((t) => !t.repeat);
  const repeats = templates.filter((t) => t.repeat);
  if (fresh.length === 0) throw new Error("no recorded new check-in to replay");
  const freshValue = (old: string) => {
    serial++;
    const tail = `${stamp}${serial.toString(36)}`;
    // The same length keeps item sizes, and so capacity, as recorded; digits stay digits.
    if (/^\d+$/.test(old)) return `9${String(serial).padStart(old.length - 1, "0")}`.slice(-old.length);
    return `${old.slice(0, Math.max(0, old.length - tail.length))}${tail}`.slice(-old.length);
  };

  const latencies: number[] = [];
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const until = started + input.seconds * 1000;
  const worker = async () => {
    for (let index = next++; performance.now() < until; index = next++) {
      const pool = (index + 1) % 5 === 0 && repeats.length > 0 ? repeats : fresh;
      const template = pool[index % pool.length];
      if (template === undefined) continue;
      const replacements = template.unique.map((old) => [old, freshValue(old)] as const);
      const begun = performance.now();
      try {
        for (const step of template.steps) {
          let text = step.text;
          if (step.fresh) for (const [old, value] of replacements) text = text.replaceAll(old, value);
          await SENDERS[step.command]?.(input.client, JSON.parse(text) as unknown);
        }
        latencies.push(performance.now() - begun);
      } catch (error) {
        errors++;
        const name = error instanceof Error ? error.name : "unknown";
        errorKinds[name] = (errorKinds[name] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: input.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  const requests = latencies.length + errors;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    errors,
    errorKinds,
  };
}
