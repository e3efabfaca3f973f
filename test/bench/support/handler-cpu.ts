/**
 * Child process of lambda-bench.ts: the check-in function's built bundle, called N times in a row
 * with real HTTP API events, while DynamoDB (aws-sdk-client-mock) and the national gateway (a fake
 * fetch with answers the mock gateway computed beforehand) answer at once. process.cpuUsage() over
 * the calls is the handler's own CPU per check-in. The figures go back over IPC; stdout takes the
 * function's JSON logs and metrics, as CloudWatch would.
 *
 * Env: BENCH_BUNDLE (path of the checkin index.mjs), BENCH_CALLS; the function's settings.
 */
import { pathToFileURL } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { DEFAULT_CLERK } from "#functions/gateway-mock/clerks";
import { makeGatewayApp } from "#functions/gateway-mock/gateway-app";
import { keysOf, type MockPerson } from "#functions/gateway-mock/mock-person";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { buildHttpApiEvent, withJwtClaims } from "#infra/local/api-event";

const bundle = process.env.BENCH_BUNDLE ?? "";
const calls = Number(process.env.BENCH_CALLS ?? 500);

function context(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "checkin",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:ap-southeast-1:000000000000:function:checkin",
    memoryLimitInMB: "512",
    awsRequestId: "bench",
    logGroupName: "/aws/lambda/checkin",
    logStreamName: "bench",
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function main(): Promise<void> {
  if (bundle === "" || process.send === undefined) throw new Error("start me from lambda-bench.ts");
  const facilities = generateFacilities(120);
  const people = generatePopulation(Math.max(calls, 50), facilities).filter(
    (p) => p.card === null || p.card.fault === null,
  );
  const byKey = new Map<string, MockPerson>();
  for (const person of people) for (const key of keysOf(person)) byKey.set(key, person);

  const doc = mockClient(DynamoDBDocumentClient);
  const low = mockClient(DynamoDBClient);
  let queue = 0;
  doc.on(BatchGetCommand).resolves({ Responses: {} });
  doc.on(GetCommand).resolves({});
  doc.on(UpdateCommand).callsFake(async () => ({ Attributes: { next: ++queue } }));
  doc.on(TransactWriteCommand).resolves({});
  // The facility has no exam rooms: its check-ins take no room ticket.
  doc.on(QueryCommand).resolves({ Items: [] });
  low.resolves({});

  // The mock gateway computes each answer once; the measured calls get the cached text at once.
  const gateway = makeGatewayApp({
    findByKey: async (key) => byKey.get(key) ?? null,
    recordCheck: async () => [],
    accounts: [
      { username: process.env.GATEWAY_USERNAME ?? "", password: process.env.GATEWAY_PASSWORD ?? "" },
    ],
    tokenTtlSeconds: 3600,
    slowMs: 0,
    faultControl: false,
    clerks: [
      { name: process.env.GATEWAY_CLERK_NAME ?? DEFAULT_CLERK.name, id: process.env.GATEWAY_CLERK_ID ?? "" },
    ],
  });
  const answers = new Map<string, { status: number; body: string }>();
  let computing = true;
  globalThis.fetch = async (input, init) => {
    const url = String(input);
    const body = typeof init?.body === "string" ? init.body : "";
    const key = `${url}\n${body}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      if (!computing) throw new Error("gateway answer not precomputed");
      const { pathname: path, search } = new URL(url);
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const result = await gateway(
        buildHttpApiEvent(
          {
            method: "POST",
            url: `${path}${search}`,
            headers,
            body: Buffer.from(body),
            sourceIp: "127.0.0.1",
            now: new Date(),
          },
          `POST ${path}`,
        ),
      );
      answer = { status: result.statusCode ?? 200, body: result.body ?? "" };
      answers.set(key, answer);
    }
    return new Response(answer.body, {
      status: answer.status,
      headers: { "content-type": "application/json" },
    });
  };

  const module: unknown = await import(pathToFileURL(bundle).href);
  const handler =
    typeof module === "object" && module !== null && "handler" in module ? module.handler : null;
  if (typeof handler !== "function") throw new Error(`${bundle} exports no handler`);
  const facility = "01001";
  const events = people.slice(0, calls).map((person) =>
    withJwtClaims(
      buildHttpApiEvent(
        {
          method: "POST",
          url: "/api/checkins",
          headers: { "content-type": "application/json", "idempotency-key": `cpu-${person.idNumber}` },
          body: Buffer.from(JSON.stringify({ method: "qr-cccd", payload: qrOf(person) })),
          sourceIp: "127.0.0.1",
          now: new Date(),
        },
        "POST /api/checkins",
      ),
      {
        sub: "bench-receptionist",
        token_use: "id",
        "cognito:groups": ["receptionist"],
        "custom:facility": facility,
        name: "Nguyễn Thị Tiếp Đón",
        "custom:cccd": "001190000001",
      },
    ),
  );
  const invoke = async (event: (typeof events)[number]) => {
    const result = (await Reflect.apply(handler, undefined, [event, context()])) as
      | APIGatewayProxyStructuredResultV2
      | undefined;
    if (result?.statusCode !== 201)
      throw new Error(`check-in answered ${result?.statusCode}: ${result?.body}`);
  };

  // Pass one fills the gateway cache and warms the JIT; pass two is measured.
  for (const event of events) await invoke(event);
  computing = false;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const event of events) await invoke(event);
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;

  // Baseline: the same mocked DynamoDB requests and gateway fetches alone, per check-in.
  const tokenKey = [...answers.keys()].find((key) => key.includes("token")) ?? "";
  const cardKeys = [...answers.keys()].filter((key) => key !== tokenKey);
  const io = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "ap-southeast-1" }));
  const ioCpu = process.cpuUsage();
  for (let i = 0; i < events.length; i++) {
    const [url = "", body = ""] = (cardKeys[i % cardKeys.length] ?? "").split("\n");
    await io.send(new BatchGetCommand({ RequestItems: {} }));
    await (await fetch(url, { method: "POST", body })).text();
    await io.send(new UpdateCommand({ TableName: "t", Key: { pk: "q" } }));
    await io.send(new TransactWriteCommand({ TransactItems: [] }));
  }
  const ioUsed = process.cpuUsage(ioCpu);
  const figures = {
    calls: events.length,
    cpuMsPerCall: (used.user + used.system) / 1000 / events.length,
    wallMsPerCall: wallMs / events.length,
    mockedIoCpuMsPerCall: (ioUsed.user + ioUsed.system) / 1000 / events.length,
  };
  // Exit only once the message is out.
  await new Promise<void>((resolve) => process.send?.(figures, () => resolve()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
