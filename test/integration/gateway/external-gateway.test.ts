import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ExternalGatewayError, externalGatewayFrom } from "#infra/local/external-gateway";
import { RECORDED_ACCOUNT, RECORDED_CLERK } from "#test/support/gateway-recordings";
import { type GatewayStandIn, startGatewayStandIn } from "#test/support/gateway-stand-in";
import { type AppProcess, startAppProcess } from "#test/support/soak/app-process";

const AN_QR =
  "001090012345|012345678|Nguyễn Văn An|15031990|Nam|Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|20042021";
const NGOC_QR =
  "001185001122||Trần Thị Bích Ngọc|02111985|Nữ|Số 5 Ngõ 48 Tạ Quang Bửu, Hai Bà Trưng, Hà Nội|11092022";

describe("npm start against another gateway, named by the environment", () => {
  let standIn: GatewayStandIn;
  let app: AppProcess;
  let token: string;
  const dataDir = mkdtempSync(join(tmpdir(), "tiepdon-external-"));

  beforeAll(async () => {
    standIn = await startGatewayStandIn(RECORDED_ACCOUNT);
    app = await startAppProcess({
      port: 0,
      dataDir,
      dynamoEndpoint: inject("dynamoEndpoint"),
      tablePrefix: `x${randomBytes(4).toString("hex")}-`,
      seed: "small",
      gatewayEnvironment: {
        REGISTRY_BASE_URL: standIn.url,
        GATEWAY_USERNAME: RECORDED_ACCOUNT.username,
        GATEWAY_PASSWORD: RECORDED_ACCOUNT.password,
        GATEWAY_CLERK_NAME: RECORDED_CLERK.name,
        GATEWAY_CLERK_ID: RECORDED_CLERK.id,
      },
    });
    const minted = await fetch(`${app.url}/api/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "receptionist", facility: "01001" }),
    });
    token = ((await minted.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await app?.stop();
    await standIn?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const checkIn = async (payload: string) => {
    const answer = await fetch(`${app.url}/api/checkins`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify({ method: "qr-cccd", payload }),
    });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };

  it("says in its ready lines which gateway it calls, and mounts no mock", async () => {
    expect(app.output()).toContain(`gateway    ${standIn.url} as clinic-a (from REGISTRY_BASE_URL`);
    const mock = await fetch(`${app.url}/gateway/api/token/take`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(RECORDED_ACCOUNT),
    });
    expect(mock.status).toBe(404);
  });

  it("checks a patient in as covered over the real protocol", async () => {
    const from = standIn.seen.length;
    const { status, body } = await checkIn(AN_QR);
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: "covered",
      insurance: { resultCode: "000", covered: true, cardCode: "DN4010123456789", validTo: "2030-12-31" },
    });
    const asked = standIn.seen.slice(from);
    expect(asked.map((seen) => `${seen.path} ${seen.answered}`)).toEqual([
      "/api/token/take 200",
      "/api/egw/KQNhanLichSuKCB2024 000",
    ]);
    expect(asked[1]?.headers.authorization).toBeUndefined();
    expect(asked[1]?.body).toMatchObject({ maThe: "001090012345", cccdCb: RECORDED_CLERK.id });
  });

  it("takes a new token when the gateway revokes the one it holds, and the patient is still covered", async () => {
    standIn.revoke();
    const from = standIn.seen.length;
    const { status, body } = await checkIn(NGOC_QR);
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: "covered",
      insurance: { resultCode: "000", cardCode: "HC4010200112233" },
    });
    expect(standIn.seen.slice(from).map((seen) => `${seen.path} ${seen.answered}`)).toEqual([
      "/api/egw/KQNhanLichSuKCB2024 401",
      "/api/token/take 200",
      "/api/egw/KQNhanLichSuKCB2024 000",
    ]);
  });
});

describe("the gateway settings of npm start", () => {
  const all = {
    REGISTRY_BASE_URL: "https://egw.example.vn/",
    GATEWAY_USERNAME: "01001_bv",
    GATEWAY_PASSWORD: "p",
    GATEWAY_CLERK_NAME: "Nguyễn Thị Tiếp Đón",
    GATEWAY_CLERK_ID: "001190000001",
  };

  it("mounts the mock when none is set, and takes all five otherwise", () => {
    expect(externalGatewayFrom({})).toBeNull();
    expect(externalGatewayFrom(all)).toEqual({
      baseUrl: "https://egw.example.vn",
      username: "01001_bv",
      password: "p",
      clerkName: "Nguyễn Thị Tiếp Đón",
      clerkId: "001190000001",
    });
  });

  it("names the missing settings when only some are set, and refuses a bad address or clerk ID", () => {
    expect(() => externalGatewayFrom({ REGISTRY_BASE_URL: all.REGISTRY_BASE_URL })).toThrow(
      "missing: GATEWAY_USERNAME, GATEWAY_PASSWORD, GATEWAY_CLERK_NAME, GATEWAY_CLERK_ID",
    );
    expect(() => externalGatewayFrom({ ...all, REGISTRY_BASE_URL: "egw.example.vn" })).toThrow(
      ExternalGatewayError,
    );
    expect(() => externalGatewayFrom({ ...all, GATEWAY_CLERK_ID: "1190000001" })).toThrow(/12-digit/);
  });
});
