/**
 * `npm run migrate-visits -- --checkins <table> --idempotency <table> [options]`: brings visits,
 * duplicate guards and remembered answers stored before the minimised shape to it (see the
 * runbook). The deployment's subject key comes from `SUBJECT_KEY_SECRET_ARN` (AWS) or
 * `SUBJECT_KEY` (base64), as the functions read it. Stopped anywhere, it resumes where it stopped.
 *   --segments <n>      parallel scan segments per table (default 8)
 *   --concurrency <n>   items rewritten at once per segment (default 16)
 *   --page-size <n>     items per scan page, each followed by a checkpoint (default 200)
 *   --dry-run           count what would change, write nothing
 *   --restart           ignore the checkpoints of an earlier run and scan everything again
 *   --endpoint <url>    another DynamoDB (DynamoDB Local), to try it first
 */
import { parseArgs } from "node:util";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { loadSubjectKey } from "#functions/config/subject-key";
import { migrateVisitShape } from "#functions/migrations/visit-shape-migration";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";

const { values } = parseArgs({
  options: {
    checkins: { type: "string" },
    idempotency: { type: "string" },
    segments: { type: "string", default: "8" },
    concurrency: { type: "string", default: "16" },
    "page-size": { type: "string", default: "200" },
    "dry-run": { type: "boolean", default: false },
    restart: { type: "boolean", default: false },
    endpoint: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`migrate-visits: ${message}`);
  process.exit(2);
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} takes a whole number of at least 1`);
  return value;
}

const checkinsTable = values.checkins ?? fail("give --checkins <the stack's CheckinsTable>");
const idempotencyTable = values.idempotency ?? fail("give --idempotency <the stack's IdempotencyTable>");
const hash = makeSubjectHasher(await loadSubjectKey());
const { doc } = makeDynamoClients(values.endpoint);
const started = Date.now();
const { done, counts } = await migrateVisitShape(
  doc,
  {
    checkinsTable,
    idempotencyTable,
    segments: positive("segments", values.segments),
    concurrency: positive("concurrency", values.concurrency),
    pageSize: positive("page-size", values["page-size"]),
  },
  hash,
  { dryRun: values["dry-run"], restart: values.restart },
);
const verb = values["dry-run"] ? "would change" : "changed";
console.log(
  `migrate-visits: ${done ? "finished" : "stopped"} in ${Math.round((Date.now() - started) / 1000)} s; ` +
    `${counts.scanned} items read; ${verb} ${counts.visits} visits, ${counts.guards} duplicate guards, ` +
    `${counts.rememberedAnswers} remembered answers, ${counts.orphanAnswers} remembered answers of erased visits (deleted)`,
);
