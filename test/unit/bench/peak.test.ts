import { describe, expect, it } from "vitest";
import { nationalDataSet } from "#infra/local/seed/national-history";
import { itemBytes, partitionUses } from "#test/bench/support/partition-units";
import { planPeak } from "#test/bench/support/peak-plan";

/** DynamoDB's wire form of a flat item of strings and numbers. */
function marshall(item: Record<string, string | number>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [
      name,
      typeof value === "number" ? { N: String(value) } : { S: value },
    ]),
  );
}

describe("the partitions a request touches", () => {
  it("sizes items as DynamoDB does: names and values", () => {
    expect(itemBytes(marshall({ pk: "abc", n: 12 }))).toBe(2 + 3 + 1 + 2);
    expect(itemBytes(marshall({ name: "Trạm" }))).toBe(4 + Buffer.byteLength("Trạm"));
  });

  it("charges a check-in transaction 2 units per item on each item's own partition, a condition check as a read", () => {
    const uses = partitionUses("TransactWriteItems", {
      TransactItems: [
        {
          Put: {
            TableName: "checkins",
            Item: marshall({ pk: "CHK#79003#2026-11-23", sk: "t#1", note: "x".repeat(1500) }),
          },
        },
        { ConditionCheck: { TableName: "checkins", Key: marshall({ pk: "DUP#79003#ID#1#9", sk: "DUP" }) } },
        { Update: { TableName: "counters", Key: marshall({ pk: "DAY#2026-11-23#02", sk: "79003" }) } },
      ],
    });
    expect(uses).toEqual([
      { table: "checkins", pk: "CHK#79003#2026-11-23", sk: "t#1", read: 0, write: 4 },
      { table: "checkins", pk: "DUP#79003#ID#1#9", sk: "DUP", read: 2, write: 0 },
      { table: "counters", pk: "DAY#2026-11-23#02", sk: "79003", read: 0, write: 2 },
    ]);
  });

  it("reads half a unit eventually consistent, one strongly, a Query what DynamoDB reported", () => {
    expect(
      partitionUses("BatchGetItem", {
        RequestItems: {
          checkins: { Keys: [marshall({ pk: "DUP#a", sk: "DUP" })] },
          idempotency: { Keys: [marshall({ id: "79003#key-1" })], ConsistentRead: true },
        },
      }),
    ).toEqual([
      { table: "checkins", pk: "DUP#a", sk: "DUP", read: 0.5, write: 0 },
      { table: "idempotency", pk: "79003#key-1", sk: null, read: 1, write: 0 },
    ]);
    expect(
      partitionUses(
        "Query",
        { TableName: "counters", ExpressionAttributeValues: marshall({ ":pk": "DIRTY#01" }) },
        3.5,
      ),
    ).toEqual([{ table: "counters", pk: "DIRTY#01", sk: null, read: 3.5, write: 0 }]);
  });
});

describe("the morning peak plan", () => {
  const { facilities } = nationalDataSet({ today: "2026-11-23" });
  const options = {
    sample: 0.002,
    busySample: 0.02,
    busyCount: 3,
    replaySeconds: 60,
    doubleScans: 0.03,
    retries: 0.02,
    late: 0.02,
  };
  const plan = planPeak(facilities, 10_000, options);

  it("replays a Monday's 06:00–11:00 of the whole country, compressed and sampled", () => {
    expect(plan.compression).toBe(300);
    expect(plan.dayVisits).toBeGreaterThan(600_000);
    expect(plan.dayVisits).toBeLessThan(750_000);
    // 86.5 % of a day's visits arrive in the window: 80 % from 6:30 to 10:30, 3 % before, 3.5 % after.
    expect(plan.windowVisits / plan.dayVisits).toBeCloseTo(0.865, 3);
    const sends = plan.sends.filter((send) => send.kind === "new" || send.kind === "late");
    const weighted = sends.reduce((sum, send) => sum + plan.weightOf(send.facility), 0);
    expect(weighted / plan.windowVisits).toBeGreaterThan(0.93);
    expect(weighted / plan.windowVisits).toBeLessThan(1.07);
    expect(plan.sends.every((send, i) => i === 0 || send.atMs >= (plan.sends[i - 1]?.atMs ?? 0))).toBe(true);
    expect(Math.max(...plan.sends.map((send) => send.atMs))).toBeLessThanOrEqual(60_000 + 60);
  });

  it("samples the busiest hospitals densely and never plans a person twice at a facility", () => {
    expect(plan.busy).toHaveLength(3);
    for (const code of plan.busy) expect(plan.weightOf(code)).toBe(50);
    expect(plan.weightOf("01500")).toBe(500);
    const pairs = plan.sends
      .filter((s) => s.kind === "new" || s.kind === "late")
      .map((s) => `${s.person}|${s.facility}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    // Repeats share their visit; a retry its Idempotency-Key too, a double scan has its own.
    const byVisit = new Map(
      plan.sends.filter((s) => s.kind === "new" || s.kind === "late").map((s) => [s.visit, s]),
    );
    for (const send of plan.sends.filter((s) => s.kind === "retry"))
      expect(send.key).toBe(byVisit.get(send.visit)?.key);
    for (const send of plan.sends.filter((s) => s.kind === "double-scan"))
      expect(send.key).not.toBe(byVisit.get(send.visit)?.key);
    expect(plan.sends.filter((s) => s.kind === "late").length).toBeGreaterThan(10);
    expect(plan.sends.filter((s) => s.kind === "late" && plan.busy.includes(s.facility))).toEqual([]);
  });
});
