/**
 * What onboarding a province's staff costs: a CSV import of 2,000 accounts through the admin
 * use case (every line checked, one-time passwords hashed with scrypt, one conditional put per
 * account) into DynamoDB Local, beside a same-run baseline that writes the same number of account
 * items with a plain BatchWriteItem. Median of ADMIN_BENCH_RUNS runs; prints lines and one JSON line.
 */
import { performance } from "node:perf_hooks";
import { importAccounts } from "#functions/admin/account-admin";
import { newOneTimePassword } from "#functions/admin/one-time-password";
import { hashPassword, ONE_TIME_COST } from "#functions/admin/password-hash";
import { makeTableDirectory } from "#functions/admin/table-directory";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { makeAdminFacilityStore } from "#functions/stores/admin-facility-store";
import { putAllItems } from "#functions/stores/batch-write";
import { createMissingTables } from "#infra/local/create-tables";
import { startDynamoLocal } from "#infra/local/dynamo-local";
import { SHARED_LOCAL_CREDENTIALS } from "#infra/local/local-env";
import { accountsTableDefinition, tableNames } from "#infra/local/table-definitions";
import { median } from "./support/figures.ts";

const ACCOUNTS = Number(process.env.ADMIN_BENCH_ACCOUNTS ?? 2000);
const RUNS = Number(process.env.ADMIN_BENCH_RUNS ?? 3);
const FACILITIES = 300;

Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: SHARED_LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SHARED_LOCAL_CREDENTIALS.secretAccessKey,
  AWS_REGION: "ap-southeast-1",
});

const facilityCode = (index: number) => `01${String(100 + index).padStart(3, "0")}`;

/** 2,000 lines as a province sends them: receptionists and room staff with name and ID number, kiosks. */
function accountCsv(): string {
  const lines = ["username,role,facility,province,name,idNumber"];
  for (let index = 0; index < ACCOUNTS; index += 1) {
    const facility = facilityCode(index % FACILITIES);
    const role = index % 10 === 9 ? "kiosk" : index % 2 === 0 ? "receptionist" : "room";
    const person = role === "kiosk" ? ",," : `,Nhân viên ${index},001190${String(index).padStart(6, "0")}`;
    lines.push(`nv${index}.${facility},${role},${facility},${person}`);
  }
  return lines.join("\n");
}

const dynamo = await startDynamoLocal();
const { client, doc } = makeDynamoClients(dynamo.endpoint);
const csv = accountCsv();
const importSeconds: number[] = [];
const baselineSeconds: number[] = [];
try {
  for (let run = 0; run < RUNS; run += 1) {
    const prefix = `bench${run}-`;
    const names = tableNames(prefix);
    const accountsTable = accountsTableDefinition(prefix);
    const baselineTable = accountsTableDefinition(`${prefix}baseline-`);
    await createMissingTables(client, names, [accountsTable, baselineTable]);
    const facilities = makeAdminFacilityStore(doc, names.facilities);
    await facilities.putAll(
      Array.from({ length: FACILITIES }, (_, index) => ({
        code: facilityCode(index),
        name: `Cơ sở ${index}`,
        provinceCode: "001",
        level: "4" as const,
        address: null,
        active: true,
      })),
    );
    const deps = {
      directory: makeTableDirectory(doc, accountsTable.TableName ?? ""),
      facilities,
      newPassword: newOneTimePassword,
    };
    const started = performance.now();
    const created = await importAccounts(deps, { national: false, province: "001" }, csv);
    importSeconds.push((performance.now() - started) / 1000);
    if (created.length !== ACCOUNTS) throw new Error(`imported ${created.length} of ${ACCOUNTS}`);

    // The baseline: the same number of account items, hashed once beforehand, in plain batches.
    const hash = await hashPassword(newOneTimePassword(), ONE_TIME_COST);
    const items = created.map(({ username, draft }, index) => ({
      username,
      sub: `bench-${run}-${index}`,
      passwordHash: hash,
      groups: [draft.role],
      facility: draft.facility,
      mustChangePassword: true,
      enabled: true,
      createdAt: new Date().toISOString(),
    }));
    const baselineStarted = performance.now();
    await putAllItems(doc, baselineTable.TableName ?? "", items);
    baselineSeconds.push((performance.now() - baselineStarted) / 1000);
  }
} finally {
  await dynamo.stop();
}

const round = (value: number) => Math.round(value * 100) / 100;
const importMedian = median(importSeconds);
const baselineMedian = median(baselineSeconds);
console.log(
  `CSV import of ${ACCOUNTS} accounts (checked, scrypt one-time passwords): median ${round(importMedian)} s over ${RUNS} runs`,
);
console.log(`baseline, the same items by plain BatchWriteItem: median ${round(baselineMedian)} s`);
console.log(
  JSON.stringify({
    accounts: ACCOUNTS,
    runs: RUNS,
    importMedianSeconds: round(importMedian),
    importRunsSeconds: importSeconds.map(round),
    baselineMedianSeconds: round(baselineMedian),
    baselineRunsSeconds: baselineSeconds.map(round),
    accountsPerSecond: round(ACCOUNTS / importMedian),
  }),
);
