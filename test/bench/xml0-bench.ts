/**
 * What XML0 costs: building and signing one visit's message (beside the check-in's own cost, see
 * bench:checkin), the stand-in's check of it, and the sender's throughput against the stand-in over
 * HTTP on this machine. Prints one JSON line.
 */
import { performance } from "node:perf_hooks";
import { buildXml0, type Xml0Visit } from "#domain/xml0";
import { readSigningCertificate } from "#functions/gateway/signing-certificate";
import { makeXml0Sender } from "#functions/gateway/xml0-sender";
import { signXml0, verifyXml0Signature } from "#functions/gateway/xml0-signature";
import { makeFacilityGateway } from "#functions/gateway-mock/xml0-gateway";
import { serveApp } from "#test/support/http-capture";
import { makeMemoryXml0Outbox } from "#test/support/memory-xml0-outbox";
import { makeTestCertificate } from "#test/support/test-certificates";

const VISITS = Number(process.env.XML0_BENCH_VISITS ?? 500);

function visit(index: number): Xml0Visit {
  return {
    visitKey: `01001-20261207-${String(index).padStart(6, "0")}`,
    patientCode: `P${index}`,
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const certificate = makeTestCertificate();
const key = readSigningCertificate(certificate.pkcs12("p"), "p", new Date());
const build: number[] = [];
const sign: number[] = [];
const verify: number[] = [];
for (let index = 0; index < VISITS; index += 1) {
  const t0 = performance.now();
  const xml = buildXml0([visit(index)]);
  const t1 = performance.now();
  const signed = signXml0(xml, key);
  const t2 = performance.now();
  verifyXml0Signature(signed, key.certificatePem);
  const t3 = performance.now();
  build.push(t1 - t0);
  sign.push(t2 - t1);
  verify.push(t3 - t2);
}

const gateway = makeFacilityGateway({
  accounts: [
    {
      facilityCode: "01001",
      username: "01001_BV",
      password: "bench",
      clerks: [],
      certificatePem: key.certificatePem,
    },
  ],
  tokenTtlSeconds: 3600,
  visitsOf: async () => null,
});
const server = await serveApp((event) => gateway.handle(event));
const outbox = makeMemoryXml0Outbox();
for (let index = 0; index < VISITS; index += 1) outbox.add(visit(100_000 + index));
const sender = makeXml0Sender({
  baseUrl: server.url,
  outbox,
  credentialsOf: async () => ({ username: "01001_BV", password: "bench", certificate: key }),
  batchSize: VISITS,
});
const started = performance.now();
const pass = await sender.runOnce();
const seconds = (performance.now() - started) / 1000;
await server.close();

const round = (value: number) => Math.round(value * 100) / 100;
console.log(
  JSON.stringify({
    visits: VISITS,
    buildMedianMs: round(median(build)),
    signMedianMs: round(median(sign)),
    gatewayCheckMedianMs: round(median(verify)),
    senderPerSecond: round(pass.sent / seconds),
    sent: pass.sent,
  }),
);
