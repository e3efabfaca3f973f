import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { createMissingTables } from "#infra/local/create-tables";
import { DynamoLocalStartError, findFreePort, startDynamoLocal } from "#infra/local/dynamo-local";
import { tableNames } from "#infra/local/table-definitions";
import { useLocalCredentials } from "#test/support/dynamo";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("DynamoDB Local lifecycle", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tiepdon-ddb-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  useLocalCredentials();

  it("keeps data across a stop and a restart, and leaves no Java process behind", async () => {
    const names = tableNames("life-");
    const first = await startDynamoLocal({ dataDir });
    try {
      const { client, doc } = makeDynamoClients(first.endpoint);
      expect(await createMissingTables(client, names)).toHaveLength(Object.keys(names).length);
      await doc.send(
        new PutCommand({ TableName: names.facilities, Item: { code: "01001", name: "Bệnh viện" } }),
      );
    } finally {
      await first.stop();
    }
    expect(isRunning(first.pid)).toBe(false);

    const second = await startDynamoLocal({ dataDir });
    try {
      const { client, doc } = makeDynamoClients(second.endpoint);
      expect(await createMissingTables(client, names)).toEqual([]);
      const item = await doc.send(new GetCommand({ TableName: names.facilities, Key: { code: "01001" } }));
      expect(item.Item?.name).toBe("Bệnh viện");
    } finally {
      await second.stop();
    }
    expect(isRunning(second.pid)).toBe(false);
  });

  it("names the cause and the fix when the port is taken", async () => {
    const port = await findFreePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "0.0.0.0", resolve));
    try {
      await expect(startDynamoLocal({ port, startTimeoutMs: 20_000 })).rejects.toThrow(
        /Port \d+ is taken|exited/,
      );
    } finally {
      blocker.close();
    }
  });

  it("says to install Java when there is none", async () => {
    const attempt = startDynamoLocal({ java: "/nonexistent/java" });
    await expect(attempt).rejects.toBeInstanceOf(DynamoLocalStartError);
    await expect(attempt).rejects.toThrow(/Java was not found: install Java 17\+/);
  });
});
