import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import type { DataTables } from "./data-tables.ts";

export interface DemoFacilitiesProps {
  readonly data: DataTables;
}

/**
 * The demo facilities of the fixtures (the ones the mock gateway's fixture people are registered
 * at), written into the facilities table once at deploy time, so a staging deployment prints
 * their names on tickets and the smoke test's facility exists. Refused in production.
 */
export class DemoFacilities extends Construct {
  readonly writer: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: DemoFacilitiesProps) {
    super(scope, id);
    const table = props.data.tables.facilities;
    const items = fixtures.facilities.map((facility) => ({
      PutRequest: {
        Item: {
          code: { S: facility.code },
          name: { S: facility.name },
          provinceCode: { S: facility.provinceCode },
        },
      },
    }));
    const write: cr.AwsSdkCall = {
      service: "DynamoDB",
      action: "batchWriteItem",
      parameters: { RequestItems: { [table.tableName]: items } },
      physicalResourceId: cr.PhysicalResourceId.of(`demo-facilities-${items.length}`),
    };
    this.writer = new cr.AwsCustomResource(this, "writer", {
      onCreate: write,
      onUpdate: write,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [table.tableArn] }),
      installLatestAwsSdk: false,
    });
    props.data.key.grant(this.writer, "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey");
  }
}
