import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { readConfig } from "#functions/config/env";
import { auditSettingsSchema } from "#functions/config/privacy-settings";
import { checkinSettingsSchema, checkinStoreConfig, roomSettingsSchema } from "#functions/config/settings";
import { makeScanCheckpoints } from "#functions/migrations/scan-checkpoint";
import { makeAuditStore } from "#functions/stores/audit-store";
import { checkinItem } from "#functions/stores/checkin-record";
import { recordTransaction } from "#functions/stores/checkin-transaction";
import { makeLimitStore, windowOf } from "#functions/stores/limit-store";
import { ttlFor } from "#functions/stores/room-queue-items";
import { makeTallyStore } from "#functions/stores/tally-store";
import { PROJECT_ROOT } from "#infra/project-root";

const HOUR = 3_600;
const DAY = 86_400;
const now = new Date("2026-12-07T02:17:31.250Z");
const nowSeconds = Math.floor(now.getTime() / 1000);

/** The "kept" cell of each row of the data map's AWS table, by its first column. */
function documentedKept(): Map<string, string> {
  const text = readFileSync(join(PROJECT_ROOT, "docs/data-map.md"), "utf8");
  const section = text.split("## In AWS")[1]?.split("\n## ")[0] ?? "";
  const rows = section.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| record"));
  return new Map(
    rows.map((line) => {
      const cells = line.split(" | ").map((cell) => cell.replace(/^\| |\s*\|$/g, "").trim());
      return [cells[0] ?? "", cells[4] ?? ""];
    }),
  );
}

/** The duration a "kept" cell starts with ("400 days", "7 days and 1 hour", "1 hour"), in seconds. */
function leadingSeconds(kept: string): number {
  const match = /^(\d+) (days?|hours?)(?: and (\d+) (hours?))?/.exec(kept);
  if (match === null) throw new Error(`"${kept}" does not start with a duration`);
  const unit = (word: string | undefined) => (word?.startsWith("day") ? DAY : HOUR);
  return Number(match[1]) * unit(match[2]) + (match[3] === undefined ? 0 : Number(match[3]) * unit(match[4]));
}

const env = {
  CHECKINS_TABLE: "checkins",
  COUNTERS_TABLE: "counters",
  IDEMPOTENCY_TABLE: "idempotency",
  AUDIT_TABLE: "audit",
};
const checkinSettings = readConfig(checkinSettingsSchema, env);
const doc = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "ap-southeast-1" }));

/** The `ttl` of the first item put, or of the first update's `:ttl` value. */
function writtenTtl(kind: "put" | "update"): number {
  const ttl =
    kind === "put"
      ? doc.commandCalls(PutCommand)[0]?.args[0].input.Item?.ttl
      : doc.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[":ttl"];
  if (typeof ttl !== "number") throw new Error(`no ttl in the ${kind}`);
  return ttl;
}

const visit = {
  pk: "CHK#01001#2026-12-07",
  sk: `${now.toISOString()}#c1`,
  checkinId: "c1",
  facility: "01001",
  day: "2026-12-07",
  method: "qr-cccd",
  channel: "camera",
  status: "covered",
  queueNumber: 1,
  checkedInAt: "2026-12-07T09:17:31+07:00",
  createdBy: "letan",
  personKey: "ID#hash",
  patient: { idNumber: null, name: null, birthDate: null, sex: null },
  insurance: null,
} as const;

/** What the code writes, in seconds from `now` (or from the end of its window), for each row. */
const measured: Record<string, () => Promise<number>> = {
  "visit (check-in)": async () =>
    Number(checkinItem(visit, now, checkinSettings.CHECKIN_RETENTION_DAYS).ttl) - nowSeconds,
  "duplicate guard": async () => transactionTtl("guard"),
  "idempotency record": async () => transactionTtl("idempotency"),
  "room ticket and its calls": async () =>
    ttlFor(
      { table: "checkins", retentionDays: readConfig(roomSettingsSchema, env).ROOM_QUEUE_RETENTION_DAYS },
      now,
    ) - nowSeconds,
  "limit counters": async () => {
    const limit = { max: 5, windowSeconds: 60 };
    await makeLimitStore(client, "limits").take([{ key: "user#u#lookup", limit }], now);
    return writtenTtl("update") - windowOf(limit, now.getTime()).end / 1000;
  },
  "enumeration tallies": async () => {
    doc.on(UpdateCommand).resolves({ Attributes: { lookups: 1 } });
    await makeTallyStore(client, "limits").add("user#u", "lookups", now, HOUR);
    return writtenTtl("update") - windowOf({ max: 0, windowSeconds: HOUR }, now.getTime()).end / 1000;
  },
  "audit line": async () => {
    const { AUDIT_RETENTION_DAYS } = readConfig(auditSettingsSchema, env);
    const store = makeAuditStore(client, {
      tableName: "audit",
      retentionDays: AUDIT_RETENTION_DAYS,
      newId: () => "1",
    });
    const at = now.toISOString();
    await store.append({
      at,
      user: "u",
      role: "admin",
      facility: null,
      action: "export",
      subject: null,
      outcome: "ok",
      code: null,
      count: null,
    });
    return writtenTtl("put") - nowSeconds;
  },
  "migration checkpoint": async () => {
    await makeScanCheckpoints(client, "checkins", "run", () => now).write("checkins", 0, 1, {
      startKey: null,
      done: true,
    });
    return writtenTtl("put") - nowSeconds;
  },
};

function transactionTtl(name: "guard" | "idempotency"): number {
  const items = recordTransaction(checkinStoreConfig(checkinSettings), visit, {
    now,
    at: now,
    idempotency: { key: "k", record: { requestHash: "h", statusCode: 201, answer: "{}" } },
  });
  const put = items.find((entry) => entry.name === name)?.item.Put;
  const ttl = put?.Item?.ttl;
  if (typeof ttl !== "number") throw new Error(`no ttl on ${name}`);
  return ttl - nowSeconds;
}

describe("the data map states each record's retention as the code enforces it", () => {
  const kept = documentedKept();
  beforeEach(() => {
    doc.reset();
  });

  it("lists every record the code gives a TTL, and only kept records without one", () => {
    const withTtl = [...kept].filter(([, cell]) => !cell.startsWith("kept") && cell !== "—");
    expect(withTtl.map(([record]) => record).sort()).toEqual(Object.keys(measured).sort());
  });

  for (const [record, measure] of Object.entries(measured)) {
    it(`${record}: the TTL written is the one documented`, async () => {
      const cell = kept.get(record);
      expect(cell, `no row "${record}" in docs/data-map.md`).toBeDefined();
      expect(await measure()).toBe(leadingSeconds(cell ?? ""));
    });
  }
});
