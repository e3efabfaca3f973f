import { RemovalPolicy } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import type { TiepdonFunction } from "./tiepdon-function.ts";

export interface FacilitySecretsProps {
  /** The facilities' gateway accounts table (DataTables.gatewayAccounts). */
  readonly table: dynamodb.TableV2;
  /** The tables' key, which DynamoDB uses on the caller's behalf to read and write that table. */
  readonly tableKey: kms.IKey;
}

/** What the report of refused accounts may read of an item (REFUSAL_FIELDS of the store). */
const REFUSAL_ATTRIBUTES = ["code", "refusedCode", "refusedAt"] as const;

/** Only requests whose encryption context names a facility, and nothing else, are allowed. */
const FACILITY_CONTEXT_ONLY = {
  "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": ["facility"] },
  Null: { "kms:EncryptionContext:facility": "false" },
};

/**
 * Each facility's gateway password and signing key, sealed with KMS under one customer-managed
 * key and the encryption context `{facility: <code>}`: the functions that call the gateway may
 * only decrypt, the administration of accounts may only encrypt, both only with that context.
 */
export class FacilitySecrets extends Construct {
  readonly key: kms.Key;
  private readonly table: dynamodb.TableV2;
  private readonly tableKey: kms.IKey;

  constructor(scope: Construct, id: string, props: FacilitySecretsProps) {
    super(scope, id);
    this.table = props.table;
    this.tableKey = props.tableKey;
    this.key = new kms.Key(this, "key", {
      description: "tiepdon: facilities' gateway passwords and signing keys, by facility",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * A function that checks cards or sends XML0: reads the accounts and decrypts them, and notes
   * on an account that the gateway refused it (UpdateItem only, never a secret).
   */
  allowOpen(fn: TiepdonFunction): void {
    this.table.grantReadData(fn.function);
    iam.Grant.addToPrincipal({
      grantee: fn.function,
      actions: ["dynamodb:UpdateItem"],
      resourceArns: [this.table.tableArn],
    });
    this.tableKey.grant(fn.function, "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey");
    this.allowKey(fn, "kms:Decrypt");
  }

  /**
   * The health department's report of refused accounts: a Scan that may name only the code and
   * the refusal, never the username or a sealed value, and no use of the secrets key.
   */
  allowRefusalRead(fn: TiepdonFunction): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:Scan"],
        resources: [this.table.tableArn],
        conditions: {
          "ForAllValues:StringEquals": { "dynamodb:Attributes": [...REFUSAL_ATTRIBUTES] },
          StringEquals: { "dynamodb:Select": "SPECIFIC_ATTRIBUTES" },
        },
      }),
    );
    this.tableKey.grant(fn.function, "kms:Decrypt", "kms:DescribeKey");
    fn.function.addEnvironment("GATEWAY_ACCOUNTS_TABLE", this.table.tableName);
  }

  /** The administration of accounts: writes the accounts and encrypts them, never decrypts a secret. */
  allowSeal(fn: TiepdonFunction): void {
    this.table.grantReadWriteData(fn.function);
    this.tableKey.grant(fn.function, "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey");
    this.allowKey(fn, "kms:Encrypt");
  }

  private allowKey(fn: TiepdonFunction, action: "kms:Decrypt" | "kms:Encrypt"): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [action],
        resources: [this.key.keyArn],
        conditions: FACILITY_CONTEXT_ONLY,
      }),
    );
    fn.function.addEnvironment("GATEWAY_ACCOUNTS_TABLE", this.table.tableName);
    fn.function.addEnvironment("FACILITY_SECRETS_KMS_KEY", this.key.keyArn);
  }
}
