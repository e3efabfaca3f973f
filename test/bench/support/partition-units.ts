/**
 * Which partitions a DynamoDB request touched and the capacity it took from each, read from the
 * request as it went on the wire (the marshalled input the meter records): what DynamoDB's
 * per-partition limits (1,000 write units, 3,000 read units a second) are measured against.
 *
 * Write units: 1 per KB of item written (Put: the item's own size; Update and Delete: 1, every
 * item this system updates is under 1 KB), doubled inside a transaction; a ConditionCheck inside
 * a transaction reads its item transactionally (2 read units).
 * Read units: 0.5 per 4 KB read with eventual consistency, 1 strongly consistent; GetItem and
 * BatchGetItem count one 4 KB unit per key (the items read here are small); a Query takes the
 * capacity DynamoDB reported for it, all on its one partition.
 */

type Marshalled = Record<string, unknown>;

/** One partition's share of one request. */
export interface PartitionUse {
  readonly table: string;
  /** The partition key's value (the sort key is not part of the partition). */
  readonly pk: string;
  /** The sort key, when the request named one: it tells whose counter item or marker it was. */
  readonly sk: string | null;
  readonly read: number;
  readonly write: number;
}

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");

/** Bytes of a marshalled attribute value as DynamoDB sizes it. */
function valueBytes(value: unknown): number {
  if (value === null || typeof value !== "object") return 1;
  const [type, inner] = Object.entries(value as Marshalled)[0] ?? ["NULL", null];
  switch (type) {
    case "S":
      return utf8(String(inner));
    case "N":
      return Math.ceil(String(inner).replace(/^-/, "").replace(".", "").length / 2) + 1;
    case "B":
      return inner instanceof Uint8Array ? inner.byteLength : utf8(String(inner));
    case "BOOL":
    case "NULL":
      return 1;
    case "SS":
    case "NS":
    case "BS":
    case "L":
      return (
        3 +
        (inner as unknown[]).reduce<number>(
          (sum, item) => sum + valueBytes(type === "L" ? item : { [type.slice(0, 1)]: item }) + 1,
          0,
        )
      );
    case "M":
      return 3 + itemBytes(inner as Marshalled) + Object.keys(inner as Marshalled).length;
    default:
      return 1;
  }
}

/** Bytes of a marshalled item: its attribute names and values. */
export function itemBytes(item: Marshalled): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8(name) + valueBytes(value);
  return bytes;
}

const keyPart = (key: Marshalled, name: string): string | null => {
  const value = key[name] as Record<string, unknown> | undefined;
  if (value === undefined) return null;
  return String(value.S ?? value.N ?? "");
};

/** The partition key of a key or item: `pk` in most tables, `id` in the idempotency table, `code` in the facilities table. */
function partitionOf(key: Marshalled): { pk: string; sk: string | null } {
  const pk = keyPart(key, "pk") ?? keyPart(key, "id") ?? keyPart(key, "code") ?? "?";
  return { pk, sk: keyPart(key, "sk") };
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/**
 * The partitions of one recorded request. `consumed` is the read capacity DynamoDB reported for
 * a Query or Scan (ReturnConsumedCapacity); other requests are sized from their input.
 */
export function partitionUses(command: string, input: Marshalled, consumed = 0): PartitionUse[] {
  const table = String(input.TableName ?? "");
  const strong = input.ConsistentRead === true;
  const use = (t: string, key: Marshalled, read: number, write: number): PartitionUse => ({
    table: t,
    ...partitionOf(key),
    read,
    write,
  });
  switch (command) {
    case "GetItem":
      return [use(table, input.Key as Marshalled, strong ? 1 : 0.5, 0)];
    case "PutItem":
      return [use(table, input.Item as Marshalled, 0, writeUnits(itemBytes(input.Item as Marshalled)))];
    case "UpdateItem":
    case "DeleteItem":
      return [use(table, input.Key as Marshalled, 0, 1)];
    case "Query":
    case "Scan": {
      const values = (input.ExpressionAttributeValues ?? {}) as Marshalled;
      const pk = keyPart(values, ":pk") ?? "(scan)";
      return [{ table, pk, sk: null, read: consumed, write: 0 }];
    }
    case "BatchGetItem":
      return Object.entries((input.RequestItems ?? {}) as Record<string, Marshalled>).flatMap(
        ([t, request]) =>
          ((request.Keys ?? []) as Marshalled[]).map((key) =>
            use(t, key, request.ConsistentRead === true ? 1 : 0.5, 0),
          ),
      );
    case "BatchWriteItem":
      return Object.entries((input.RequestItems ?? {}) as Record<string, Marshalled[]>).flatMap(
        ([t, requests]) =>
          requests.map((request) => {
            const put = (request.PutRequest as Marshalled | undefined)?.Item as Marshalled | undefined;
            const key = put ?? ((request.DeleteRequest as Marshalled | undefined)?.Key as Marshalled);
            return use(t, key, 0, put === undefined ? 1 : writeUnits(itemBytes(put)));
          }),
      );
    case "TransactWriteItems":
      return ((input.TransactItems ?? []) as Marshalled[]).map((entry) => {
        const [kind, action] = Object.entries(entry)[0] ?? ["", {}];
        const body = action as Marshalled;
        const t = String(body.TableName ?? "");
        if (kind === "Put")
          return use(t, body.Item as Marshalled, 0, 2 * writeUnits(itemBytes(body.Item as Marshalled)));
        if (kind === "ConditionCheck") return use(t, body.Key as Marshalled, 2, 0);
        return use(t, body.Key as Marshalled, 0, 2);
      });
    case "TransactGetItems":
      return ((input.TransactItems ?? []) as Marshalled[]).map((entry) => {
        const body = (entry.Get ?? {}) as Marshalled;
        return use(String(body.TableName ?? ""), body.Key as Marshalled, 2, 0);
      });
    default:
      return [];
  }
}
