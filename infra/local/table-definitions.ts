import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** Logical names of the tables; the CDK stack defines the same keys. */
export type TableKey =
  | "checkins"
  | "counters"
  | "idempotency"
  | "registry"
  | "facilities"
  | "limits"
  | "audit";

/**
 * Physical names of every table: the keyed ones, and the facilities' gateway accounts, which the
 * stack keeps apart (its own grants, never a function's ordinary table access).
 */
export type TableNames = Record<TableKey, string> & { readonly gatewayAccounts: string };

/** Physical table names for a name prefix (local runs and tests use a prefix per run). */
export function tableNames(prefix: string): TableNames {
  return {
    checkins: `${prefix}checkins`,
    counters: `${prefix}counters`,
    idempotency: `${prefix}idempotency`,
    registry: `${prefix}registry`,
    facilities: `${prefix}facilities`,
    limits: `${prefix}limits`,
    audit: `${prefix}audit`,
    gatewayAccounts: `${prefix}gateway-accounts`,
  };
}

function pkSk(): Pick<CreateTableCommandInput, "AttributeDefinitions" | "KeySchema"> {
  return {
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
  };
}

/** CreateTable inputs matching the deployed tables' keys and indexes. */
export function tableDefinitions(names: TableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.checkins,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        ...(pkSk().AttributeDefinitions ?? []),
        { AttributeName: "pendingKey", AttributeType: "S" },
        { AttributeName: "pendingSince", AttributeType: "S" },
        { AttributeName: "waitingDay", AttributeType: "S" },
        { AttributeName: "waitingRoom", AttributeType: "S" },
        { AttributeName: "subjectKey", AttributeType: "S" },
        { AttributeName: "xml0Due", AttributeType: "S" },
        { AttributeName: "xml0DueAt", AttributeType: "N" },
      ],
      KeySchema: pkSk().KeySchema,
      GlobalSecondaryIndexes: [
        {
          IndexName: "pending",
          KeySchema: [
            { AttributeName: "pendingKey", KeyType: "HASH" },
            { AttributeName: "pendingSince", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
        {
          // Only waiting room tickets carry these keys: one query counts a facility's queues.
          IndexName: "waiting",
          KeySchema: [
            { AttributeName: "waitingDay", KeyType: "HASH" },
            { AttributeName: "waitingRoom", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
        {
          // Only visits of a person with an ID number carry it (a keyed hash): a data subject's visits without a scan.
          IndexName: "bySubject",
          KeySchema: [
            { AttributeName: "subjectKey", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
        {
          // Only XML0 records still to send carry these keys: the sender reads what is due, oldest first.
          IndexName: "xml0Due",
          KeySchema: [
            { AttributeName: "xml0Due", KeyType: "HASH" },
            { AttributeName: "xml0DueAt", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    },
    { TableName: names.counters, BillingMode: "PAY_PER_REQUEST", ...pkSk() },
    {
      TableName: names.idempotency,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    },
    {
      TableName: names.registry,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    },
    {
      TableName: names.facilities,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "code", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "code", KeyType: "HASH" }],
    },
    // One counter item per limited key and time window, expiring soon after its window.
    {
      TableName: names.limits,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    },
    // Who did what to whose data: by user (pk), and by the keyed hash of the subject's ID number.
    {
      TableName: names.audit,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        ...(pkSk().AttributeDefinitions ?? []),
        { AttributeName: "subject", AttributeType: "S" },
      ],
      KeySchema: pkSk().KeySchema,
      GlobalSecondaryIndexes: [
        {
          IndexName: "bySubject",
          KeySchema: [
            { AttributeName: "subject", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    },
    // Each facility's gateway account and signing certificate, secrets sealed per facility.
    {
      TableName: names.gatewayAccounts,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "code", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "code", KeyType: "HASH" }],
    },
  ];
}

/**
 * The local OpenID provider's accounts (the user pool's stand-in): local only, since in AWS the
 * accounts live in Cognito.
 */
export function accountsTableDefinition(prefix: string): CreateTableCommandInput {
  return {
    TableName: `${prefix}accounts`,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "username", AttributeType: "S" },
      { AttributeName: "sub", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "username", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      {
        IndexName: "by-sub",
        KeySchema: [{ AttributeName: "sub", KeyType: "HASH" }],
        Projection: { ProjectionType: "KEYS_ONLY" },
      },
    ],
  };
}

/** The attribute DynamoDB's time to live reads on the provider's state (epoch seconds). */
export const PROVIDER_STATE_TTL_ATTRIBUTE = "expiresAtSeconds";

/**
 * The local OpenID provider's state (sessions, grants, refresh tokens, interactions), kept so a
 * restart of the local server signs nobody out; items are keyed by the model's name and its id.
 */
export function providerStateTableDefinition(prefix: string): CreateTableCommandInput {
  const index = (name: string) => ({
    IndexName: name,
    KeySchema: [{ AttributeName: name, KeyType: "HASH" as const }],
    Projection: { ProjectionType: "KEYS_ONLY" as const },
  });
  return {
    TableName: `${prefix}provider-state`,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "model", AttributeType: "S" },
      { AttributeName: "id", AttributeType: "S" },
      { AttributeName: "grantId", AttributeType: "S" },
      { AttributeName: "uid", AttributeType: "S" },
      { AttributeName: "userCode", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "model", KeyType: "HASH" },
      { AttributeName: "id", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [index("grantId"), index("uid"), index("userCode")],
  };
}
