/**
 * `npm run restore-table -- restore|copy …`: brings a table back to a point in time.
 *   restore --table <live> --to <ISO time> [--into <new>] [--kms-key <arn>]   (AWS: a new table)
 *   copy --from <restored> --into <live> [--prefix <attr>=<value>] [--dry-run] [--endpoint <url>]
 * The copy step also runs against DynamoDB Local (--endpoint), where it can be tried first.
 */
import { parseArgs } from "node:util";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { copyItems, restoreToPointInTime } from "./restore-table.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    table: { type: "string" },
    to: { type: "string" },
    into: { type: "string" },
    from: { type: "string" },
    "kms-key": { type: "string" },
    prefix: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    endpoint: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`restore-table: ${message}`);
  process.exit(2);
}

const { client, doc } = makeDynamoClients(values.endpoint);
const command = positionals[0];
if (command === "restore") {
  const table = values.table ?? fail("restore needs --table <live table name>");
  const time = new Date(
    values.to ?? fail("restore needs --to <ISO date-time, e.g. 2026-12-07T03:15:00+07:00>"),
  );
  if (Number.isNaN(time.getTime())) fail(`--to ${values.to} is not a date-time`);
  const target = values.into ?? `${table}-restored-${time.toISOString().replace(/[:.]/g, "-")}`;
  console.log(
    `restore-table: restoring ${table} as of ${time.toISOString()} into ${target} (this can take a while)`,
  );
  await restoreToPointInTime(client, {
    source: table,
    target,
    time,
    ...(values["kms-key"] === undefined ? {} : { kmsKeyArn: values["kms-key"] }),
  });
  console.log(
    `restore-table: ${target} is ready. Check it, then: npm run restore-table -- copy --from ${target} --into ${table} --dry-run`,
  );
} else if (command === "copy") {
  const from = values.from ?? fail("copy needs --from <restored table>");
  const into = values.into ?? fail("copy needs --into <live table>");
  const [attribute, prefix] = (values.prefix ?? "").split("=", 2);
  const keyPrefix =
    values.prefix === undefined || attribute === undefined || prefix === undefined || attribute === ""
      ? undefined
      : { attribute, prefix };
  if (values.prefix !== undefined && keyPrefix === undefined)
    fail("--prefix takes <attribute>=<prefix>, e.g. pk=CHK#01001#");
  const copied = await copyItems(doc, {
    from,
    into,
    dryRun: values["dry-run"] === true,
    ...(keyPrefix === undefined ? {} : { keyPrefix }),
  });
  console.log(
    values["dry-run"] === true
      ? `restore-table: would copy ${copied} items from ${from} into ${into} (dry run, nothing written)`
      : `restore-table: copied ${copied} items from ${from} into ${into}`,
  );
} else {
  fail("give a command: restore or copy");
}
