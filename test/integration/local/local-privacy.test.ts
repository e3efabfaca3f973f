import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { createMissingTables } from "#infra/local/create-tables";
import { startDynamoLocal } from "#infra/local/dynamo-local";
import { startLocalServer } from "#infra/local/server";
import {
  accountsTableDefinition,
  providerStateTableDefinition,
  tableNames,
} from "#infra/local/table-definitions";
import { type AppProcess, startAppProcess } from "#test/support/soak/app-process";

const REGION = "ap-southeast-1";
// Every table the local app defines, under the install's name prefix.
// The deployed tables, and the local sign-in's accounts and provider state (Cognito holds them in AWS).
const TIEPDON_TABLES = [
  ...Object.values(tableNames("tiepdon-")),
  accountsTableDefinition("tiepdon-").TableName,
  providerStateTableDefinition("tiepdon-").TableName,
].sort();
// The small seed holds this person in the mock registry.
const patient = generatePopulation(300, generateFacilities(120)).at(40);

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

function dynamoAs(endpoint: string, credentials: Key): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: REGION, credentials, maxAttempts: 1 }),
  );
}

function installKey(dataDir: string): Key {
  return JSON.parse(readFileSync(join(dataDir, "dynamodb-credentials.json"), "utf8")) as Key;
}

/** The DynamoDB Local the app started, from its ready line. */
function dynamoEndpointOf(app: AppProcess): string {
  const endpoint = / dynamodb (\S+)/.exec(app.output())?.[1];
  if (endpoint === undefined) throw new Error(`no DynamoDB endpoint in: ${app.output()}`);
  return endpoint;
}

function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = { ".": (statSync(dir).mode & 0o777).toString(8) };
  const walk = (path: string, prefix: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      found[prefix + name] = (statSync(full).mode & 0o777).toString(8);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
    }
  };
  walk(dir, "");
  return found;
}

async function checkIn(app: AppProcess): Promise<string> {
  if (patient === undefined) throw new Error("the seed has no such person");
  const token = (await (
    await fetch(`${app.url}/api/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "receptionist", facility: "01001" }),
    })
  ).json()) as { token: string };
  const answer = await fetch(`${app.url}/api/checkins`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token.token}`,
      "content-type": "application/json",
      "idempotency-key": crypto.randomUUID(),
    },
    body: JSON.stringify({ method: "qr-cccd", payload: qrOf(patient) }),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { checkinId: string }).checkinId;
}

async function tablesSeenBy(endpoint: string, credentials: Key): Promise<string[]> {
  const answer = await dynamoAs(endpoint, credentials).send(new ListTablesCommand({}));
  return answer.TableNames ?? [];
}

async function expectHidden(endpoint: string, credentials: Key): Promise<void> {
  expect(await tablesSeenBy(endpoint, credentials)).toEqual([]);
  await expect(
    dynamoAs(endpoint, credentials).send(new ScanCommand({ TableName: "tiepdon-checkins" })),
  ).rejects.toBeInstanceOf(ResourceNotFoundException);
}

/** GET with a chosen Host header (fetch always sends the URL's own). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: "/api/checkins", headers: { host } },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString("utf8");
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const OTHER_KEYS: Key[] = [
  { accessKeyId: "local", secretAccessKey: "local" },
  { accessKeyId: "fakeMyKeyId", secretAccessKey: "fakeSecretAccessKey" },
  { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
];

// Each test starts the whole local app (DynamoDB Local, seed, sign-in), the second one twice.
describe("the local mode keeps its database to this install", { timeout: 180_000 }, () => {
  const folders: string[] = [];
  const running: AppProcess[] = [];
  const tempFolder = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(running.map((app) => app.stop()));
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
  const start = async (dataDir: string) => {
    const app = await startAppProcess({ port: 0, dataDir, tablePrefix: "tiepdon-", seed: "small" });
    running.push(app);
    return app;
  };

  it("a fresh install: other keys see no tables and no items, its own key sees everything, files are private", async () => {
    const dataDir = join(tempFolder("tiepdon-private-"), ".data");
    const app = await start(dataDir);
    const checkinId = await checkIn(app);
    const endpoint = dynamoEndpointOf(app);

    const own = installKey(dataDir);
    expect(own.accessKeyId).toMatch(/^[A-Za-z0-9]{16,}$/);
    expect(OTHER_KEYS.map((key) => key.accessKeyId)).not.toContain(own.accessKeyId);
    // Only this OS account may open the folder or read a file in it. Checked before other keys ask:
    // DynamoDB Local gives each key that asks an empty database file of its own.
    expect(modes(dataDir)).toEqual({
      ".": "700",
      "dev-signing-key.json": "600",
      "dynamodb-credentials.json": "600",
      dynamodb: "700",
      [`dynamodb/${own.accessKeyId}_${REGION}.db`]: "600",
      "openid-cookie-keys.json": "600",
      "openid-signing-key.json": "600",
    });

    for (const other of OTHER_KEYS) await expectHidden(endpoint, other);

    expect((await tablesSeenBy(endpoint, own)).sort()).toEqual(TIEPDON_TABLES);
    const stored = await dynamoAs(endpoint, own).send(new ScanCommand({ TableName: "tiepdon-checkins" }));
    expect(stored.Items?.map((item) => item.checkinId)).toContain(checkinId);

    // A page of another origin gets no CORS grant for DynamoDB Local's answers.
    const preflight = await fetch(endpoint, {
      method: "OPTIONS",
      headers: {
        origin: "http://clinic-neighbour.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target,authorization",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const answer = await fetch(endpoint, {
      method: "POST",
      headers: {
        origin: "http://clinic-neighbour.example",
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
        authorization: `AWS4-HMAC-SHA256 Credential=${own.accessKeyId}/20261202/${REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=00`,
      },
      body: "{}",
    });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();

    // A request that names another host (a DNS name pointed at 127.0.0.1) is turned away.
    const rebound = await getWithHost(app.url, "tiepdon.attacker.example");
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: "HOST_NOT_LOCAL" } });
    expect((await getWithHost(app.url, `localhost:${new URL(app.url).port}`)).status).toBe(401);
  });

  it("an earlier install's shared database moves to the install's own key once, and keeps its data", async () => {
    const dataDir = join(tempFolder("tiepdon-migrate-"), ".data");
    const databaseDir = join(dataDir, "dynamodb");
    // An earlier version ran with -sharedDb: one file, any key, made world-readable by the umask.
    const earlier = await startDynamoLocal({ dataDir: databaseDir });
    try {
      const client = new DynamoDBClient({
        endpoint: earlier.endpoint,
        region: REGION,
        credentials: OTHER_KEYS[0] as Key,
      });
      await createMissingTables(client, tableNames("tiepdon-"));
      await DynamoDBDocumentClient.from(client).send(
        new PutCommand({
          TableName: "tiepdon-checkins",
          Item: { pk: "CHK#01001#2026-11-30", sk: "earlier-visit", checkinId: "earlier-visit" },
        }),
      );
    } finally {
      await earlier.stop();
    }
    renameSync(join(databaseDir, `local_${REGION}.db`), join(databaseDir, "shared-local-instance.db"));
    chmodSync(join(databaseDir, "shared-local-instance.db"), 0o644);
    chmodSync(databaseDir, 0o755);
    chmodSync(dataDir, 0o755);

    const first = await start(dataDir);
    expect(first.output()).toContain("moved the database from the shared DynamoDB Local file");
    const endpoint = dynamoEndpointOf(first);
    const own = installKey(dataDir);
    const stored = await dynamoAs(endpoint, own).send(new ScanCommand({ TableName: "tiepdon-checkins" }));
    expect(stored.Items?.map((item) => item.checkinId)).toContain("earlier-visit");
    expect(existsSync(join(databaseDir, "shared-local-instance.db"))).toBe(false);
    expect(modes(dataDir)).toEqual({
      ".": "700",
      "dev-signing-key.json": "600",
      "dynamodb-credentials.json": "600",
      dynamodb: "700",
      [`dynamodb/${own.accessKeyId}_${REGION}.db`]: "600",
      "openid-cookie-keys.json": "600",
      "openid-signing-key.json": "600",
    });
    for (const other of OTHER_KEYS) await expectHidden(endpoint, other);
    await first.stop();

    const second = await start(dataDir);
    expect(second.output()).not.toContain("moved the database");
    const again = await dynamoAs(dynamoEndpointOf(second), own).send(
      new ScanCommand({ TableName: "tiepdon-checkins" }),
    );
    expect(again.Items?.map((item) => item.checkinId)).toContain("earlier-visit");
    await second.stop();
  });

  it("refuses to listen beyond loopback, saying why and what to deploy instead", async () => {
    const refused = spawnSync(process.execPath, ["--import", "tsx", "infra/local/main.ts"], {
      env: { ...process.env, HOST: "0.0.0.0", PORT: "3000" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("HOST=0.0.0.0 is refused");
    expect(refused.stderr).toContain("demo sign-in mints a token for any role");
    expect(refused.stderr).toContain("deploy to AWS");
    await expect(
      startLocalServer({
        port: 0,
        host: "192.168.1.20",
        routes: [],
        gateway: null,
        auth: { mint: async () => "", verify: async () => null },
        webRoot: null,
      }),
    ).rejects.toThrow(/HOST=192\.168\.1\.20 is refused/);
  });
});
