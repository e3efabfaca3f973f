import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerStateAdapter } from "#infra/local/auth/provider-state-store";
import { findFreePort } from "#infra/local/dynamo-local";
import { providerStateTableDefinition } from "#infra/local/table-definitions";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { Cookies, claimsOf, refreshTokens, signInWithCode } from "#test/support/oidc-flow";

const RECEPTIONIST = { username: "letan.01001", password: "demo-letan-01001" };

async function revoke(origin: string, token: string): Promise<number> {
  const response = await fetch(`${origin}/auth/token/revocation`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token, token_type_hint: "refresh_token", client_id: "tiepdon-web" }),
  });
  return response.status;
}

describe("the local OpenID provider's state in DynamoDB", () => {
  const tablePrefix = `s${randomBytes(4).toString("hex")}-`;
  let port = 0;
  let first: TestApp | null = null;
  let second: TestApp | null = null;
  const issued: string[] = [];
  // The install's data folder: the provider's signing and cookie keys are kept there.
  const dataDir = mkdtempSync(join(tmpdir(), "tiepdon-provider-"));
  const browserCookies = new Cookies();
  let deviceRefresh = "";

  beforeAll(async () => {
    port = await findFreePort();
    first = await startTestApp({ tablePrefix, port, dataDir });
    for (let n = 0; n < 3; n += 1) {
      issued.push((await signInWithCode(first.url, RECEPTIONIST)).refresh_token ?? "");
    }
    // One more browser, whose provider session cookie the restart must keep working.
    await signInWithCode(first.url, RECEPTIONIST, "/", "tiepdon-web", browserCookies);
    const kiosk = { username: "kiosk.01001", password: "demo-kiosk-01001" };
    deviceRefresh = (await signInWithCode(first.url, kiosk, "/kiosk", "tiepdon-device")).refresh_token ?? "";
    await first.stop();
    first = null;
    // The same install restarted: same port, same tables, same data folder, a new provider instance.
    second = await startTestApp({ tablePrefix, port, dataDir });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const app = (): TestApp => {
    if (second === null) throw new Error("the restarted app did not start");
    return second;
  };

  it("renews after a restart with a refresh token the earlier instance issued", async () => {
    expect(issued.every((token) => token.length > 0)).toBe(true);
    const renewed = await refreshTokens(app().url, issued[0] ?? "");
    expect(typeof renewed).toBe("object");
    if (typeof renewed === "number") return;
    expect(claimsOf(renewed.id_token)).toMatchObject({ token_use: "id", "custom:facility": "01001" });
    const list = await app().call("GET", "/api/checkins?date=today", { token: renewed.id_token });
    expect(list.status).toBe(200);
  });

  it("keeps a browser's sign-in session across the restart: no password is asked again", async () => {
    // A wrong password would be refused: the sign-in goes through only on the earlier session's cookie.
    const again = await signInWithCode(
      app().url,
      { username: RECEPTIONIST.username, password: "not-the-password" },
      "/",
      "tiepdon-web",
      browserCookies,
    );
    expect(claimsOf(again.id_token)).toMatchObject({ "custom:facility": "01001" });
    await expect(
      signInWithCode(app().url, { username: RECEPTIONIST.username, password: "not-the-password" }),
    ).rejects.toThrow("sign-in refused");
  });

  it("renews a kiosk's refresh token of the devices' client after the restart", async () => {
    const renewed = await refreshTokens(app().url, deviceRefresh, "tiepdon-device");
    expect(typeof renewed).toBe("object");
    if (typeof renewed === "number") return;
    expect(claimsOf(renewed.id_token)).toMatchObject({ aud: "tiepdon-device", "cognito:groups": ["kiosk"] });
  });

  it("refuses a refresh token once it is revoked, also after the restart", async () => {
    const token = issued[1] ?? "";
    expect(typeof (await refreshTokens(app().url, token))).toBe("object");
    expect(await revoke(app().url, token)).toBe(200);
    expect(await refreshTokens(app().url, token)).toBe(400);
    // The first token's grant is another sign-in's: it still works.
    expect(typeof (await refreshTokens(app().url, issued[0] ?? ""))).toBe("object");
  });

  it("refuses a refresh token that the store marks consumed", async () => {
    const token = issued[2] ?? "";
    const store = providerStateAdapter(app().doc, providerStateTableDefinition(tablePrefix).TableName ?? "");
    const refreshStore = store("RefreshToken");
    expect((await refreshStore.find(token))?.consumed).toBeUndefined();
    await refreshStore.consume(token);
    expect(typeof (await refreshStore.find(token))?.consumed).toBe("number");
    expect(await refreshTokens(app().url, token)).toBe(400);
  });
});

describe("the provider-state adapter", () => {
  const tablePrefix = `p${randomBytes(4).toString("hex")}-`;
  const table = providerStateTableDefinition(tablePrefix).TableName ?? "";
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ tablePrefix });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("finds by uid and user code, and stops returning items once they expire", async () => {
    // The store's clock is the test's: a busy machine cannot let a one-second item expire early.
    let seconds = 1_800_000_000;
    const adapter = providerStateAdapter(t.doc, table, () => seconds);
    const sessions = adapter("Session");
    const devices = adapter("DeviceCode");
    await sessions.upsert("s-1", { uid: "u-1", accountId: "a" }, 1);
    await devices.upsert("d-1", { userCode: "ABCD-EFGH", grantId: "g" }, 1);
    await sessions.upsert("s-2", { uid: "u-2", accountId: "b" }, 3600);
    expect(await sessions.findByUid("u-1")).toMatchObject({ accountId: "a" });
    expect(await devices.findByUserCode("ABCD-EFGH")).toMatchObject({ grantId: "g" });
    seconds += 2;
    expect(await sessions.find("s-1")).toBeUndefined();
    expect(await sessions.findByUid("u-1")).toBeUndefined();
    expect(await devices.findByUserCode("ABCD-EFGH")).toBeUndefined();
    expect(await sessions.findByUid("u-2")).toMatchObject({ accountId: "b" });
  });

  it("revokes by grant id only the grant's items, and destroys one item", async () => {
    const store = providerStateAdapter(t.doc, table);
    const access = store("AccessToken");
    const refresh = store("RefreshToken");
    await access.upsert("at-1", { grantId: "grant-1" }, 3600);
    await access.upsert("at-2", { grantId: "grant-1" }, 3600);
    await access.upsert("at-3", { grantId: "grant-2" }, 3600);
    await refresh.upsert("rt-1", { grantId: "grant-1" }, 3600);
    await access.revokeByGrantId("grant-1");
    expect(await access.find("at-1")).toBeUndefined();
    expect(await access.find("at-2")).toBeUndefined();
    expect(await access.find("at-3")).toMatchObject({ grantId: "grant-2" });
    // Each model's adapter revokes its own model; the provider calls every one.
    expect(await refresh.find("rt-1")).toMatchObject({ grantId: "grant-1" });
    await access.destroy("at-3");
    expect(await access.find("at-3")).toBeUndefined();
  });
});
