/**
 * The one-off migration of visits stored before the minimised shape, over the whole check-ins and
 * idempotency tables: a parallel scan (segments), each page's items rewritten with bounded
 * concurrency, each segment's progress checkpointed after every page. Every write is conditional
 * on what was read and computed from the item itself, so a second run, or a run resumed after a
 * stop, changes nothing already done.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import pMap from "p-map";
import * as z from "zod";
import type { SubjectHasher } from "#functions/privacy/subject-hash";
import { type CheckinRecord, checkinRecordSchema } from "#functions/stores/checkin-record";
import { makeScanCheckpoints, type ScanCheckpoints } from "./scan-checkpoint.ts";
import { guardPkOf, rememberedChange, rememberedItemSchema, visitChange } from "./visit-shape.ts";

export interface VisitShapeMigrationConfig {
  readonly checkinsTable: string;
  readonly idempotencyTable: string;
  /** Parallel scan segments per table. */
  readonly segments: number;
  /** Items rewritten at once within a page. */
  readonly concurrency: number;
  /** Items read per scan page (each page ends with a checkpoint). */
  readonly pageSize: number;
}

export interface MigrationOptions {
  /** Count what would change and write nothing (no checkpoints either). */
  readonly dryRun: boolean;
  /** Start from the beginning, ignoring the checkpoints of an earlier run. */
  readonly restart: boolean;
  /** Asked between pages: true stops the run (checkpointed) so a later one resumes. */
  readonly shouldStop?: () => boolean;
  readonly now?: () => Date;
}

/** What a run changed (or, in a dry run, would change). */
export interface MigrationCounts {
  scanned: number;
  visits: number;
  guards: number;
  rememberedAnswers: number;
  /** Remembered answers whose visit is no longer held (erased): their copy of the patient is deleted. */
  orphanAnswers: number;
}

/** The run's name in its checkpoints; a later migration takes another. */
const RUN = "visit-shape-1";
const ATTEMPTS = 4;

type Item = Record<string, unknown>;

const guardSchema = z.object({ pk: z.string(), sk: z.string() }).passthrough();

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Brings old visits, guards and remembered answers to the new shape; answers what it changed and whether it finished. */
export async function migrateVisitShape(
  doc: DynamoDBDocumentClient,
  config: VisitShapeMigrationConfig,
  hash: SubjectHasher,
  options: MigrationOptions,
): Promise<{ done: boolean; counts: MigrationCounts }> {
  const counts: MigrationCounts = {
    scanned: 0,
    visits: 0,
    guards: 0,
    rememberedAnswers: 0,
    orphanAnswers: 0,
  };
  const now = options.now ?? (() => new Date());
  const write = !options.dryRun;

  async function updateVisit(first: CheckinRecord): Promise<boolean> {
    let visit: CheckinRecord | null = first;
    for (let attempt = 0; attempt < ATTEMPTS && visit !== null; attempt++) {
      const change = visitChange(visit, hash);
      const sets = Object.entries(change.set);
      if (sets.length === 0 && change.remove.length === 0) return false;
      if (!write) return true;
      const names: Record<string, string> = { "#status": "status", "#personKey": "personKey" };
      const values: Record<string, unknown> = { ":status": visit.status, ":readPersonKey": visit.personKey };
      const setParts = sets.map(([name, value], i) => {
        names[`#s${i}`] = name;
        values[`:s${i}`] = value;
        return `#s${i} = :s${i}`;
      });
      const removeParts = change.remove.map((name, i) => {
        names[`#r${i}`] = name;
        return `#r${i}`;
      });
      try {
        await doc.send(
          new UpdateCommand({
            TableName: config.checkinsTable,
            Key: { pk: visit.pk, sk: visit.sk },
            UpdateExpression: [
              setParts.length > 0 ? `SET ${setParts.join(", ")}` : "",
              removeParts.length > 0 ? `REMOVE ${removeParts.join(", ")}` : "",
            ].join(" "),
            // A re-check settling the visit meanwhile changes its status: read it again and redo.
            ConditionExpression: "attribute_exists(pk) AND #status = :status AND #personKey = :readPersonKey",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (error) {
        if (!conditionFailed(error)) throw error;
        visit = await readVisit(visit.pk, visit.sk);
      }
    }
    return false;
  }

  async function readVisit(pk: string, sk: string): Promise<CheckinRecord | null> {
    const found = await doc.send(
      new GetCommand({ TableName: config.checkinsTable, Key: { pk, sk }, ConsistentRead: true }),
    );
    return found.Item === undefined ? null : checkinRecordSchema.parse(found.Item);
  }

  /** Moves a guard to its key by the keyed hash; a guard already there (a newer visit) wins. */
  async function renameGuard(item: Item): Promise<boolean> {
    const guard = guardSchema.parse(item);
    const pk = guardPkOf(guard.pk, hash);
    if (pk === null) return false;
    if (!write) return true;
    const old = { pk: guard.pk, sk: guard.sk };
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: config.checkinsTable,
                Item: { ...guard, pk },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Delete: {
                TableName: config.checkinsTable,
                Key: old,
                ConditionExpression: "attribute_exists(pk)",
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [put, del] = error.CancellationReasons ?? [];
      if (del?.Code === "ConditionalCheckFailed") return false;
      if (put?.Code !== "ConditionalCheckFailed") throw error;
      const deleted = await doc.send(
        new DeleteCommand({ TableName: config.checkinsTable, Key: old, ReturnValues: "ALL_OLD" }),
      );
      return deleted.Attributes !== undefined;
    }
  }

  async function migrateCheckinItem(item: Item): Promise<void> {
    const pk = typeof item.pk === "string" ? item.pk : "";
    if (pk.startsWith("DUP#")) {
      if (await renameGuard(item)) counts.guards++;
      return;
    }
    const visit = checkinRecordSchema.safeParse(item);
    if (visit.success && (await updateVisit(visit.data))) counts.visits++;
  }

  /** The visit a remembered answer was given for, by its partition, its second and its id. */
  async function findVisit(at: { pk: string; skPrefix: string; checkinId: string }) {
    let startKey: Item | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: config.checkinsTable,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :second)",
          FilterExpression: "checkinId = :id",
          ExpressionAttributeValues: { ":pk": at.pk, ":second": at.skPrefix, ":id": at.checkinId },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
      );
      const found = page.Items?.[0];
      if (found !== undefined) return checkinRecordSchema.parse(found);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return null;
  }

  async function migrateRemembered(raw: Item): Promise<void> {
    const parsed = rememberedItemSchema.safeParse(raw);
    if (!parsed.success) return;
    const item = parsed.data;
    const change = rememberedChange(item);
    if (change === null) return;
    const visit = await findVisit(change.visit);
    if (visit === null) {
      counts.orphanAnswers++;
      if (write)
        await doc.send(new DeleteCommand({ TableName: config.idempotencyTable, Key: { id: item.id } }));
      return;
    }
    counts.rememberedAnswers++;
    if (!write) return;
    const prefix = `${change.facility}#`;
    if (item.id.startsWith(prefix)) {
      // The visit learns its Idempotency-Key first, so an erase finds this answer from then on.
      await doc
        .send(
          new UpdateCommand({
            TableName: config.checkinsTable,
            Key: { pk: visit.pk, sk: visit.sk },
            UpdateExpression: "SET idempotencyKey = :k",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(idempotencyKey)",
            ExpressionAttributeValues: { ":k": item.id.slice(prefix.length) },
          }),
        )
        .catch((error: unknown) => {
          if (!conditionFailed(error)) throw error;
        });
    }
    await doc.send(
      new UpdateCommand({
        TableName: config.idempotencyTable,
        Key: { id: item.id },
        UpdateExpression: "SET answer = :answer, visit = :visit",
        ConditionExpression: "attribute_exists(id)",
        ExpressionAttributeValues: { ":answer": change.answer, ":visit": { pk: visit.pk, sk: visit.sk } },
      }),
    );
  }

  const checkpoints = makeScanCheckpoints(doc, config.checkinsTable, RUN, now);
  const checkinsDone = await scanAll(doc, {
    table: config.checkinsTable,
    config,
    options,
    checkpoints,
    counts,
    handle: migrateCheckinItem,
    // Visits and guards only; checkpoints, queues and tickets hold nothing to change.
    filter: {
      FilterExpression: "begins_with(pk, :visit) OR begins_with(pk, :guard)",
      ExpressionAttributeValues: { ":visit": "CHK#", ":guard": "DUP#" },
    },
  });
  if (!checkinsDone) return { done: false, counts };
  const rememberedDone = await scanAll(doc, {
    table: config.idempotencyTable,
    config,
    options,
    checkpoints,
    counts,
    handle: migrateRemembered,
    filter: null,
  });
  return { done: rememberedDone, counts };
}

/** One table's parallel scan, resumed from its checkpoints; answers whether every segment finished. */
async function scanAll(
  doc: DynamoDBDocumentClient,
  scan: {
    table: string;
    config: VisitShapeMigrationConfig;
    options: MigrationOptions;
    checkpoints: ScanCheckpoints;
    counts: MigrationCounts;
    handle: (item: Item) => Promise<void>;
    filter: { FilterExpression: string; ExpressionAttributeValues: Item } | null;
  },
): Promise<boolean> {
  const { config, options, checkpoints } = scan;
  const of = config.segments;
  const segments = Array.from({ length: of }, (_, segment) => segment);
  const finished = await Promise.all(
    segments.map(async (segment) => {
      const saved =
        options.restart || options.dryRun
          ? { startKey: null, done: false }
          : await checkpoints.read(scan.table, segment, of);
      if (saved.done) return true;
      let startKey = saved.startKey ?? undefined;
      do {
        if (options.shouldStop?.() === true) return false;
        const page = await doc.send(
          new ScanCommand({
            TableName: scan.table,
            Segment: segment,
            TotalSegments: of,
            Limit: config.pageSize,
            ExclusiveStartKey: startKey,
            ...(scan.filter ?? {}),
          }),
        );
        const items = page.Items ?? [];
        scan.counts.scanned += items.length;
        await pMap(items, scan.handle, { concurrency: config.concurrency });
        startKey = page.LastEvaluatedKey;
        if (!options.dryRun)
          await checkpoints.write(scan.table, segment, of, {
            startKey: startKey ?? null,
            done: startKey === undefined,
          });
      } while (startKey !== undefined);
      return true;
    }),
  );
  return finished.every(Boolean);
}
