import * as iam from "aws-cdk-lib/aws-iam";
import * as secrets from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { DataTables } from "./data-tables.ts";
import type { TiepdonFunction } from "./tiepdon-function.ts";

/**
 * What keeps personal data to Decree 13 in AWS: the deployment's key for hashing ID numbers
 * (generated here, read by the functions at cold start, never in their configuration), the
 * limits' counters every container shares, and the append-only audit trail.
 */
export class PrivacyControls extends Construct {
  /** The per-deployment key that turns an ID number into the audit trail's subject. */
  readonly subjectKey: secrets.Secret;
  private readonly data: DataTables;

  constructor(scope: Construct, id: string, props: { readonly data: DataTables }) {
    super(scope, id);
    this.data = props.data;
    this.subjectKey = new secrets.Secret(this, "subject-key", {
      description: "tiepdon: key of the keyed hash naming people in the audit trail (base64, 48 bytes)",
      // 64 characters of the base64 alphabet decode to 48 bytes (384 bits).
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
  }

  /** Lets a function take from the shared limits: one conditional UpdateItem per counter, nothing else. */
  allowLimited(target: TiepdonFunction): void {
    this.data.grantUpdateItem("limits", target.function);
    target.function.addEnvironment("LIMITS_TABLE", this.data.tables.limits.tableName);
  }

  /** Lets a function append to the audit trail (PutItem only) and read the subject key. */
  allowAuditWriter(target: TiepdonFunction): void {
    this.data.grantAppendOnly("audit", target.function);
    iam.Grant.addToPrincipal({
      grantee: target.function,
      actions: ["secretsmanager:GetSecretValue"],
      resourceArns: [this.subjectKey.secretArn],
    });
    target.function.addEnvironment("AUDIT_TABLE", this.data.tables.audit.tableName);
    target.function.addEnvironment("SUBJECT_KEY_SECRET_ARN", this.subjectKey.secretArn);
  }

  /** Lets the audit function read the trail as well as append its own searches to it. */
  allowAuditReader(target: TiepdonFunction): void {
    this.allowAuditWriter(target);
    this.data.grantRead("audit", target.function);
  }
}
