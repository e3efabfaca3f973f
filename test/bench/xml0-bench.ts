/**
 * What XML0 costs, each figure beside a baseline measured in the same run:
 * - building and signing one visit's XML0 against the check-in's own cost: the check-in service on
 *   DynamoDB Local with the mock card check over HTTP, both in this process's CPU per visit;
 * - the sender's throughput against the gateway stand-in over HTTP against posting the same number
 *   of already signed XML0s to it at the same concurrency (the round trips alone).
 * Medians of interleaved rounds. `npm run bench:xml0` prints one JSON line; `npm run bench` shows
 * the rows in its table.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pMap from "p-map";
import { buildXml0, type Xml0Visit } from "#domain/xml0";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { makeFacilityCardChecker } from "#functions/gateway/facility-card-checker";
import { xml0Request } from "#functions/gateway/gateway-calls";
import { readSigningCertificate } from "#functions/gateway/signing-certificate";
import { postXml0, takeSession } from "#functions/gateway/xml0-client";
import { makeXml0Sender } from "#functions/gateway/xml0-sender";
import { signXml0 } from "#functions/gateway/xml0-signature";
import { REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { makeGatewayApp } from "#functions/gateway-mock/gateway-app";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { makeFacilityGateway } from "#functions/gateway-mock/xml0-gateway";
import { checkIn } from "#functions/services/check-in";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { createMissingTables } from "#infra/local/create-tables";
import { startDynamoLocal } from "#infra/local/dynamo-local";
import { tableNames } from "#infra/local/table-definitions";
import { serveApp } from "#test/support/http-capture";
import { makeMemoryXml0Outbox } from "#test/support/memory-xml0-outbox";
import { makeTestCertificate } from "#test/support/test-certificates";
import { type FigureRow, median, row, verdictOf } from "./support/figures.ts";

/** A visit's XML0 (build and sign) may cost at most this share of its check-in's own CPU. */
const SIGN_SHARE_BUDGET = 0.5;
/** The sender keeps at least this share of the bare round trips' throughput. */
const SENDER_SHARE_BUDGET = 0.5;
/** The sender's concurrency, as deployed (its default). */
const CONCURRENCY = 4;
const ACCOUNT = { facilityCode: "01001", username: "01001_BV", password: "bench-only" };

export interface Xml0BenchResult {
  readonly rounds: number;
  readonly visitsPerRound: number;
  /** CPU ms per visit in this process, medians over the rounds. */
  readonly checkinCpuMs: number;
  readonly buildCpuMs: number;
  readonly signCpuMs: number;
  /** (build + sign) / check-in. */
  readonly signShare: number;
  /** Visits a second, medians over the rounds. */
  readonly senderPerSecond: number;
  readonly rawPerSecond: number;
  /** sender / raw. */
  readonly senderShare: number;
  readonly sent: number;
}

let serial = 0;
function visit(): Xml0Visit {
  serial += 1;
  return {
    visitKey: `01001-20261207-${String(serial).padStart(7, "0")}`,
    patientCode: "001090012345",
    fullName: "Nguyễn Văn An",
    idNumber: "001090012345",
    birthDate: "1990-03-15",
    sex: "male",
    cardCode: "DN4010123456789",
    primaryFacility: "01001",
    cardValidFrom: "2026-01-01",
    cardValidTo: "2030-12-31",
    visitGroup: "1.1",
    arrivedAt: new Date(),
    facilityCode: "01001",
    service: { code: "02.1896", name: "Khám Nội" },
  };
}

/** CPU milliseconds this process spends in `work`. */
async function cpuMsOf(work: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** A chip ID card's QR for the n-th patient (each a different person). */
function cardQr(n: number): string {
  const idNumber = `001090${String(n).padStart(6, "0")}`;
  return `${idNumber}||Nguyễn Văn An|15031990|Nam|Hà Nội|20042021`;
}

/** Runs the XML0 bench: `rounds` interleaved rounds of `visits` each. */
export async function runXml0Bench(opts: {
  quick: boolean;
  log?: (line: string) => void;
}): Promise<Xml0BenchResult> {
  const log = opts.log ?? (() => undefined);
  const rounds = opts.quick ? 1 : 3;
  const visits = opts.quick ? 40 : 300;
  const certificate = makeTestCertificate();
  const key = readSigningCertificate(certificate.pkcs12("p"), "p", new Date());

  const dynamo = await startDynamoLocal();
  const names = tableNames(`x${randomUUID().slice(0, 8)}-`);
  const clients = makeDynamoClients(dynamo.endpoint);
  const registry = makePersonStore(clients.doc, names.registry);
  const cardApp = makeGatewayApp({
    findByKey: registry.findByKey,
    recordCheck: registry.recordCheck,
    accounts: [ACCOUNT],
    tokenTtlSeconds: 3600,
    slowMs: 4000,
    faultControl: false,
    clerks: REGISTERED_CLERKS,
  });
  const standIn = makeFacilityGateway({
    accounts: [{ ...ACCOUNT, clerks: [], certificatePem: key.certificatePem }],
    tokenTtlSeconds: 3600,
    visitsOf: async () => null,
  });
  const cardServer = await serveApp(cardApp);
  const xml0Server = await serveApp((event) => standIn.handle(event));
  try {
    await createMissingTables(clients.client, names);
    const store = makeCheckinStore(clients.doc, {
      checkinsTable: names.checkins,
      countersTable: names.counters,
      idempotencyTable: names.idempotency,
      counterShards: 4,
      retentionDays: 30,
      duplicateWindowMs: 600_000,
      idempotencyTtlSeconds: 3600,
    });
    const deps = {
      store,
      gateway: makeFacilityCardChecker({
        baseUrl: cardServer.url,
        // Every check here names its clerk; nothing is checked under a kiosk's.
        kioskClerkOf: async () => null,
        timeoutMs: 3000,
        accountOf: async () => ({ username: ACCOUNT.username, password: ACCOUNT.password }),
      }),
      now: () => new Date(),
      newId: randomUUID,
      sendsXml0: () => true,
    };
    const clerk = REGISTERED_CLERKS[0] ?? null;
    let patient = 0;
    const checkInOne = async () => {
      patient += 1;
      await checkIn(deps, {
        facility: ACCOUNT.facilityCode,
        user: "bench",
        method: "qr-cccd",
        payload: cardQr(patient),
        channel: "camera",
        idempotencyKey: null,
        scannedAt: null,
        offlineQueue: null,
        reader: null,
        clerk,
      });
    };
    // Warm both paths (first calls compile code and open connections).
    for (let i = 0; i < 10; i += 1) await checkInOne();
    for (let i = 0; i < 10; i += 1) signXml0(buildXml0([visit()]), key);

    const checkinCpu: number[] = [];
    const buildCpu: number[] = [];
    const signCpu: number[] = [];
    const senderRates: number[] = [];
    const rawRates: number[] = [];
    let sent = 0;
    for (let round = 1; round <= rounds; round += 1) {
      log(`xml0 round ${round} of ${rounds}`);
      checkinCpu.push(
        (await cpuMsOf(async () => {
          for (let i = 0; i < visits; i += 1) await checkInOne();
        })) / visits,
      );
      const built: string[] = [];
      buildCpu.push(
        (await cpuMsOf(async () => {
          for (let i = 0; i < visits; i += 1) built.push(buildXml0([visit()]));
        })) / visits,
      );
      const signed: string[] = [];
      signCpu.push(
        (await cpuMsOf(async () => {
          for (const xml of built) signed.push(signXml0(xml, key));
        })) / visits,
      );

      // The bare round trips: already signed XML0s posted at the sender's concurrency.
      const session = await takeSession(fetch, xml0Server.url, ACCOUNT, 3000);
      if (session.kind !== "session") throw new Error(`no session: ${session.kind}`);
      const rawStart = performance.now();
      const outcomes = await pMap(
        signed,
        (xml) =>
          postXml0(fetch, xml0Request(xml0Server.url, session.session, ACCOUNT.facilityCode, xml), 3000),
        { concurrency: CONCURRENCY },
      );
      rawRates.push(visits / ((performance.now() - rawStart) / 1000));
      if (outcomes.some((outcome) => outcome.kind !== "accepted")) throw new Error("a bare post was refused");

      // The sender: reads, builds, signs, posts and records each visit.
      const outbox = makeMemoryXml0Outbox();
      for (let i = 0; i < visits; i += 1) outbox.add(visit());
      const sender = makeXml0Sender({
        baseUrl: xml0Server.url,
        outbox,
        credentialsOf: async () => ({
          username: ACCOUNT.username,
          password: ACCOUNT.password,
          certificate: key,
        }),
        batchSize: visits,
        concurrency: CONCURRENCY,
      });
      const senderStart = performance.now();
      const pass = await sender.runOnce();
      senderRates.push(pass.sent / ((performance.now() - senderStart) / 1000));
      sent += pass.sent;
      if (pass.sent !== visits) throw new Error(`the sender sent ${pass.sent} of ${visits}`);
    }
    const checkinCpuMs = median(checkinCpu);
    const buildCpuMs = median(buildCpu);
    const signCpuMs = median(signCpu);
    const senderPerSecond = median(senderRates);
    const rawPerSecond = median(rawRates);
    return {
      rounds,
      visitsPerRound: visits,
      checkinCpuMs,
      buildCpuMs,
      signCpuMs,
      signShare: (buildCpuMs + signCpuMs) / checkinCpuMs,
      senderPerSecond,
      rawPerSecond,
      senderShare: senderPerSecond / rawPerSecond,
      sent,
    };
  } finally {
    await cardServer.close();
    await xml0Server.close();
    await dynamo.stop();
  }
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** The rows of `npm run bench`'s table. */
export function xml0Rows(result: Xml0BenchResult): FigureRow[] {
  return [
    row(
      "XML0",
      "build + sign CPU ms per visit",
      `${fixed(result.buildCpuMs, 2)} + ${fixed(result.signCpuMs, 2)} ms`,
      {
        buildCpuMs: result.buildCpuMs,
        signCpuMs: result.signCpuMs,
        checkinCpuMs: result.checkinCpuMs,
        signShare: result.signShare,
      },
      {
        baseline: `the check-in's own ${fixed(result.checkinCpuMs, 2)} ms (service + mock card check) → ${percent(result.signShare)}`,
        budget: `≤ ${percent(SIGN_SHARE_BUDGET)} of the check-in`,
        verdict: verdictOf(result.signShare <= SIGN_SHARE_BUDGET),
      },
    ),
    row(
      "XML0",
      `sender throughput (concurrency ${CONCURRENCY}, over HTTP)`,
      `${fixed(result.senderPerSecond, 0)} visits/s`,
      {
        senderPerSecond: result.senderPerSecond,
        rawPerSecond: result.rawPerSecond,
        senderShare: result.senderShare,
        sent: result.sent,
      },
      {
        baseline: `signed XML0s posted bare ${fixed(result.rawPerSecond, 0)}/s → ${percent(result.senderShare)}`,
        budget: `≥ ${percent(SENDER_SHARE_BUDGET)} of bare posts`,
        verdict: verdictOf(result.senderShare >= SENDER_SHARE_BUDGET),
      },
    ),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "ap-southeast-1";
  const result = await runXml0Bench({
    quick: process.argv.includes("--quick"),
    log: (line) => process.stderr.write(`  … ${line}\n`),
  });
  console.log(JSON.stringify(result));
  process.exit(0);
}
