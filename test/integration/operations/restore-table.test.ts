import { spawn } from "node:child_process";
import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "#infra/project-root";
import { copyItems } from "#infra/restore/restore-table";
import { makeTestTables } from "#test/support/dynamo";

type Tables = Awaited<ReturnType<typeof makeTestTables>>;
let live: Tables;
let restored: Tables;

/** 60 facilities of two provinces: more than two BatchWriteItem calls' worth. */
const FACILITIES = Array.from({ length: 60 }, (_, i) => ({
  code: `${i < 30 ? "01" : "79"}${String(100 + i).padStart(3, "0")}`,
  name: `Trạm Y tế số ${i}`,
  provinceCode: i < 30 ? "001" : "079",
}));

async function allCodes(tables: Tables): Promise<string[]> {
  const page = await tables.clients.doc.send(new ScanCommand({ TableName: tables.names.facilities }));
  return (page.Items ?? []).map((item) => String(item.code)).sort();
}

beforeAll(async () => {
  [live, restored] = await Promise.all([makeTestTables(), makeTestTables()]);
  for (const facility of FACILITIES)
    await restored.clients.doc.send(new PutCommand({ TableName: restored.names.facilities, Item: facility }));
  // The live table after the damage: one facility renamed wrongly, one added since the restore point.
  await live.clients.doc.send(
    new PutCommand({ TableName: live.names.facilities, Item: { ...FACILITIES[0], name: "sai tên" } }),
  );
  await live.clients.doc.send(
    new PutCommand({
      TableName: live.names.facilities,
      Item: { code: "96001", name: "Trạm mới", provinceCode: "096" },
    }),
  );
});

describe("restore-table copy on DynamoDB Local", () => {
  it("counts in a dry run and writes nothing", async () => {
    const copied = await copyItems(live.clients.doc, {
      from: restored.names.facilities,
      into: live.names.facilities,
      dryRun: true,
    });
    expect(copied).toBe(60);
    expect(await allCodes(live)).toEqual(["01100", "96001"]);
  });

  it("puts back the items under a key prefix only, overwriting the damaged one and keeping newer ones", async () => {
    const copied = await copyItems(live.clients.doc, {
      from: restored.names.facilities,
      into: live.names.facilities,
      keyPrefix: { attribute: "code", prefix: "01" },
      dryRun: false,
    });
    expect(copied).toBe(30);
    const codes = await allCodes(live);
    expect(codes).toHaveLength(31);
    expect(codes.filter((code) => code.startsWith("79"))).toEqual([]);
    expect(codes).toContain("96001");
    const repaired = await live.clients.doc.send(
      new GetCommand({ TableName: live.names.facilities, Key: { code: "01100" } }),
    );
    expect(repaired.Item?.name).toBe("Trạm Y tế số 0");
  });

  it("runs from the command line as the runbook says, against the local endpoint", async () => {
    const output = await new Promise<{ code: number; text: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          `${PROJECT_ROOT}node_modules/tsx/dist/cli.mjs`,
          "infra/restore/main.ts",
          "copy",
          "--from",
          restored.names.facilities,
          "--into",
          live.names.facilities,
          "--endpoint",
          live.endpoint,
        ],
        { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] },
      );
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.once("error", reject);
      child.once("close", (code) => resolve({ code: code ?? 1, text }));
    });
    expect(output.text).toContain(
      `copied 60 items from ${restored.names.facilities} into ${live.names.facilities}`,
    );
    expect(output.code).toBe(0);
    expect(await allCodes(live)).toHaveLength(61);
  });
});
