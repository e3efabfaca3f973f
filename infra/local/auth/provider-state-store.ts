import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Adapter, AdapterPayload } from "oidc-provider";
import * as z from "zod";
import { PROVIDER_STATE_TTL_ATTRIBUTE } from "../table-definitions.ts";

const stateItemSchema = z.object({
  model: z.string(),
  id: z.string(),
  payload: z.string(),
  expiresAtSeconds: z.number().optional(),
  consumed: z.number().optional(),
});

const keySchema = z.object({ model: z.string(), id: z.string() });

type Lookup = "grantId" | "uid" | "userCode";

/** The clock in whole seconds, as the TTL attribute counts. */
type Clock = () => number;
const systemSeconds: Clock = () => Math.floor(Date.now() / 1000);

/** The stored payload, or undefined when it is missing or has expired (TTL deletes lag behind). */
function payloadOf(item: unknown, nowSeconds: Clock): AdapterPayload | undefined {
  const parsed = stateItemSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { payload, expiresAtSeconds, consumed } = parsed.data;
  if (expiresAtSeconds !== undefined && expiresAtSeconds <= nowSeconds()) return undefined;
  const value = JSON.parse(payload) as AdapterPayload;
  return consumed === undefined ? value : { ...value, consumed };
}

/** oidc-provider's adapter for one model (Session, Grant, RefreshToken, ...) over DynamoDB. */
class ProviderStateAdapter implements Adapter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly model: string,
    private readonly nowSeconds: Clock,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const lookups: Partial<Record<Lookup, string>> = {};
    if (payload.grantId !== undefined) lookups.grantId = payload.grantId;
    if (payload.uid !== undefined) lookups.uid = payload.uid;
    if (payload.userCode !== undefined) lookups.userCode = payload.userCode;
    const expiry = expiresIn > 0 ? { [PROVIDER_STATE_TTL_ATTRIBUTE]: this.nowSeconds() + expiresIn } : {};
    const item = { model: this.model, id, payload: JSON.stringify(payload), ...lookups, ...expiry };
    await this.doc.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const key = { model: this.model, id };
    const got = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return payloadOf(got.Item, this.nowSeconds);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = (await this.idsBy("uid", uid))[0];
    return id === undefined ? undefined : await this.find(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = (await this.idsBy("userCode", userCode))[0];
    return id === undefined ? undefined : await this.find(id);
  }

  async consume(id: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { model: this.model, id },
          UpdateExpression: "SET #consumed = :now",
          ConditionExpression: "attribute_exists(#id)",
          ExpressionAttributeNames: { "#consumed": "consumed", "#id": "id" },
          ExpressionAttributeValues: { ":now": this.nowSeconds() },
        }),
      )
      .catch((error: unknown) => {
        if (error instanceof Error && error.name === "ConditionalCheckFailedException") return;
        throw error;
      });
  }

  async destroy(id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { model: this.model, id } }));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const id of await this.idsBy("grantId", grantId)) await this.destroy(id);
  }

  /** The ids of this model's items with the given lookup value, from the lookup's index. */
  private async idsBy(index: Lookup, value: string): Promise<string[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: "#k = :v",
          ExpressionAttributeNames: { "#k": index },
          ExpressionAttributeValues: { ":v": value },
          ExclusiveStartKey: start,
        }),
      );
      for (const key of page.Items ?? []) {
        const parsed = keySchema.safeParse(key);
        if (parsed.success && parsed.data.model === this.model) ids.push(parsed.data.id);
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return ids;
  }
}

/** The provider's `adapter` setting: one adapter per model over the provider-state table. */
export function providerStateAdapter(
  doc: DynamoDBDocumentClient,
  table: string,
  nowSeconds: Clock = systemSeconds,
): (model: string) => Adapter {
  return (model) => new ProviderStateAdapter(doc, table, model, nowSeconds);
}
