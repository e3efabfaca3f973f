import type {
  AttributeDefinition,
  CreateTableCommandInput,
  KeySchemaElement,
} from "@aws-sdk/client-dynamodb";
import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { type TableKey, tableDefinitions, tableNames } from "#infra/local/table-definitions";
import type { TiepdonFunction } from "./tiepdon-function.ts";

/** What DynamoDB asks KMS on a caller's behalf when it reads, and when it writes, a table with this key. */
const KEY_READ = ["kms:Decrypt", "kms:DescribeKey"] as const;
const KEY_WRITE = [...KEY_READ, "kms:Encrypt", "kms:GenerateDataKey"] as const;

/**
 * What a function may do on a table: read it, read and write it, only change items with
 * UpdateItem, read it and change items with UpdateItem, only add new items with PutItem (an
 * append-only log), read it and add to it, or nothing but know its name (a settings schema shared with functions that use it).
 */
type AccessLevel = "read" | "read-write" | "update" | "read-update" | "append" | "read-append" | "name-only";
export type TableAccess = Partial<Record<TableKey, AccessLevel>>;

/** The environment variable naming each table, as functions/config/settings.ts reads them. */
const TABLE_ENVIRONMENT: Record<TableKey, string> = {
  checkins: "CHECKINS_TABLE",
  counters: "COUNTERS_TABLE",
  idempotency: "IDEMPOTENCY_TABLE",
  registry: "REGISTRY_TABLE",
  facilities: "FACILITIES_TABLE",
  limits: "LIMITS_TABLE",
  audit: "AUDIT_TABLE",
};

/** Tables whose items carry an epoch-seconds `ttl` after which DynamoDB deletes them. */
const EXPIRING: ReadonlySet<TableKey> = new Set(["checkins", "idempotency", "limits", "audit"]);

function attributeOf(definitions: readonly AttributeDefinition[], element: KeySchemaElement | undefined) {
  if (element === undefined) return undefined;
  const type = definitions.find((d) => d.AttributeName === element.AttributeName)?.AttributeType;
  const name = element.AttributeName;
  if (name === undefined || type === undefined) throw new Error("A key attribute has no definition");
  const types = {
    S: dynamodb.AttributeType.STRING,
    N: dynamodb.AttributeType.NUMBER,
    B: dynamodb.AttributeType.BINARY,
  } as const;
  return { name, type: types[type] };
}

function keysOf(
  definitions: readonly AttributeDefinition[],
  schema: readonly KeySchemaElement[] | undefined,
) {
  const partitionKey = attributeOf(
    definitions,
    schema?.find((k) => k.KeyType === "HASH"),
  );
  if (partitionKey === undefined) throw new Error("A table or index has no partition key");
  const sortKey = attributeOf(
    definitions,
    schema?.find((k) => k.KeyType === "RANGE"),
  );
  return sortKey === undefined ? { partitionKey } : { partitionKey, sortKey };
}

const PROJECTIONS = {
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  ALL: dynamodb.ProjectionType.ALL,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
} as const;

/** CDK table keys and indexes from the same CreateTable inputs DynamoDB Local uses, so they cannot drift. */
function tableShape(input: CreateTableCommandInput) {
  const definitions = input.AttributeDefinitions ?? [];
  const globalSecondaryIndexes = (input.GlobalSecondaryIndexes ?? []).map((index) => {
    if (index.IndexName === undefined) throw new Error("An index has no name");
    return {
      indexName: index.IndexName,
      ...keysOf(definitions, index.KeySchema),
      projectionType: PROJECTIONS[index.Projection?.ProjectionType ?? "ALL"],
      ...(index.Projection?.NonKeyAttributes === undefined
        ? {}
        : { nonKeyAttributes: index.Projection.NonKeyAttributes }),
    };
  });
  return { ...keysOf(definitions, input.KeySchema), globalSecondaryIndexes };
}

/**
 * The tables: on-demand, encrypted with one customer-managed key, point-in-time recovery,
 * deletion protection, and kept when the stack is deleted (patients' visits outlive a deployment).
 */
export class DataTables extends Construct {
  readonly key: kms.Key;
  readonly tables: Record<TableKey, dynamodb.TableV2>;
  /**
   * Each facility's gateway account and certificate: outside `tables` and `connect`, because only
   * the functions that call the gateway read it and only the administration of it writes it.
   */
  readonly gatewayAccounts: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, "key", {
      description: "tiepdon tables: check-ins, counters, idempotency keys, registry, facilities",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const inputs = tableDefinitions(tableNames(""));
    const make = (key: TableKey | "gateway-accounts"): dynamodb.TableV2 => {
      const input = inputs.find((candidate) => candidate.TableName === key);
      if (input === undefined) throw new Error(`No table definition for ${key}`);
      const table = new dynamodb.TableV2(this, key, {
        ...tableShape(input),
        billing: dynamodb.Billing.onDemand(),
        // Rendered as KMS; the key itself is set on the replica below.
        encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(key !== "gateway-accounts" && EXPIRING.has(key) ? { timeToLiveAttribute: "ttl" } : {}),
        // New XML0 records start a sending pass at once (xml0-trigger.ts); keys only, nothing personal.
        ...(key === "checkins" ? { dynamoStream: dynamodb.StreamViewType.KEYS_ONLY } : {}),
      });
      // TableEncryptionV2.customerManagedKey refuses region-agnostic stacks only to validate replica
      // keys in other regions; this table has one replica, in the stack's region, using this key.
      const resource = table.node.defaultChild;
      if (!(resource instanceof dynamodb.CfnGlobalTable)) throw new Error("TableV2 without a GlobalTable");
      resource.addPropertyOverride("Replicas.0.SSESpecification", { KMSMasterKeyId: this.key.keyArn });
      return table;
    };
    this.tables = {
      checkins: make("checkins"),
      counters: make("counters"),
      idempotency: make("idempotency"),
      registry: make("registry"),
      facilities: make("facilities"),
      limits: make("limits"),
      audit: make("audit"),
    };
    this.gatewayAccounts = make("gateway-accounts");
  }

  /**
   * Gives a function what it may do on each table it uses and names those tables in its
   * environment, in one call per function, so a grant and its table name never drift apart.
   */
  connect(fn: TiepdonFunction, access: TableAccess): void {
    for (const [key, level] of Object.entries(access) as [TableKey, AccessLevel][]) {
      if (level === "read" || level === "read-update") this.grantRead(key, fn.function);
      if (level === "update" || level === "read-update") this.grantUpdateItem(key, fn.function);
      if (level === "read-write") this.grantReadWrite(key, fn.function);
      if (level === "read-append") this.grantRead(key, fn.function);
      if (level === "append" || level === "read-append") this.grantAppendOnly(key, fn.function);
      fn.function.addEnvironment(TABLE_ENVIRONMENT[key], this.tables[key].tableName);
    }
  }

  /** Read access to a table: its items and indexes, and decrypting with the tables' key. */
  private grantRead(key: TableKey, grantee: iam.IGrantable): void {
    this.tables[key].grantReadData(grantee);
    this.key.grant(grantee, ...KEY_READ);
  }

  /** Read and write access to a table's items and indexes, and using the tables' key both ways. */
  private grantReadWrite(key: TableKey, grantee: iam.IGrantable): void {
    this.tables[key].grantReadWriteData(grantee);
    this.key.grant(grantee, ...KEY_WRITE);
  }

  /**
   * UpdateItem only, on the table itself (an index is never updated): counters are only ever
   * incremented, inside the check-in transaction, and offline series are taken by incrementing.
   */
  private grantUpdateItem(key: TableKey, grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:UpdateItem"],
      resourceArns: [this.tables[key].tableArn],
    });
    this.key.grant(grantee, ...KEY_WRITE);
  }

  /**
   * PutItem only, on the table itself: an audit line is appended and never changed or removed by
   * the functions (DynamoDB's TTL expires it after the stated retention).
   */
  private grantAppendOnly(key: TableKey, grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["dynamodb:PutItem"],
      resourceArns: [this.tables[key].tableArn],
    });
    this.key.grant(grantee, ...KEY_WRITE);
  }
}
