import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "#infra/local/auth/local-sign-in";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf, refreshTokens, signInWithCode } from "#test/support/oidc-flow";

const account = (username: string) => {
  const found = DEMO_ACCOUNTS.find((entry) => entry.username === username);
  if (found === undefined) throw new Error(`no demo account ${username}`);
  return found;
};

describe("the local OpenID provider (demo mode)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("publishes discovery at /auth with the issuer the tokens carry", async () => {
    const res = await t.call("GET", "/auth/.well-known/openid-configuration");
    expect(res.status).toBe(200);
    const discovery = res.json as Record<string, unknown>;
    expect(discovery.issuer).toBe(`${t.url}/auth`);
    expect(discovery.code_challenge_methods_supported).toContain("S256");
    expect(typeof discovery.revocation_endpoint).toBe("string");
    const config = await t.call("GET", "/config.json");
    expect(config.json).toEqual({
      authority: `${t.url}/auth`,
      clientId: "tiepdon-web",
      deviceClientId: "tiepdon-device",
      demo: true,
      // The screens' calls socket, on this same server.
      callsUrl: `${t.url.replace(/^http/, "ws")}/event/realtime`,
      callsHost: new URL(t.url).host,
    });
  });

  it("signs a receptionist in with a code and PKCE; the ID token has Cognito's claims and works", async () => {
    const { username, password } = account("letan.01001");
    const tokens = await signInWithCode(t.url, { username, password });
    expect(claimsOf(tokens.id_token)).toMatchObject({
      iss: `${t.url}/auth`,
      aud: "tiepdon-web",
      token_use: "id",
      "cognito:groups": ["receptionist"],
      "custom:facility": "01001",
      name: "Nguyễn Thị Tiếp Đón",
      "custom:cccd": "001190000001",
    });
    const list = await t.call("GET", "/api/checkins?date=today", { token: tokens.id_token });
    expect(list.status).toBe(200);
  });

  it("refuses a staff account on the devices' client at sign-in, in Vietnamese and English", async () => {
    for (const username of ["letan.01001", "quantri.001"]) {
      const { password } = account(username);
      await expect(signInWithCode(t.url, { username, password }, "/kiosk", "tiepdon-device")).rejects.toThrow(
        /sign-in refused \(403\): .*tài khoản thiết bị.*device account/,
      );
    }
  });

  it("signs a kiosk in with the devices' client, whose tokens the API takes and which renews", async () => {
    const { username, password } = account("kiosk.01001");
    const tokens = await signInWithCode(t.url, { username, password }, "/kiosk", "tiepdon-device");
    expect(claimsOf(tokens.id_token)).toMatchObject({
      aud: "tiepdon-device",
      token_use: "id",
      "cognito:groups": ["kiosk"],
      "custom:facility": "01001",
    });
    expect((await t.call("GET", "/api/rooms", { token: tokens.id_token })).status).toBe(200);
    const renewed = await refreshTokens(t.url, tokens.refresh_token ?? "", "tiepdon-device");
    expect(typeof renewed).toBe("object");
    // The refresh token belongs to the client it was issued to.
    expect(await refreshTokens(t.url, tokens.refresh_token ?? "", "tiepdon-web")).toBe(400);
  });

  it("sends the devices' client back only to the kiosk and waiting-room pages", async () => {
    const { username, password } = account("kiosk.01001");
    await expect(
      signInWithCode(t.url, { username, password }, "/display", "tiepdon-device"),
    ).resolves.toHaveProperty("id_token");
    for (const page of ["/", "/admin", "/dashboard"]) {
      await expect(signInWithCode(t.url, { username, password }, page, "tiepdon-device")).rejects.toThrow(
        "sign-in stopped (400)",
      );
    }
  });

  it("refuses a wrong password with the same page as an unknown name", async () => {
    await expect(signInWithCode(t.url, { username: "letan.01001", password: "wrong" })).rejects.toThrow(
      "sign-in refused",
    );
    await expect(signInWithCode(t.url, { username: "nobody", password: "wrong" })).rejects.toThrow(
      "sign-in refused",
    );
  });

  it("refuses a provincial user's access token, which passes the authorizer but is not an ID token", async () => {
    const tokens = await signInWithCode(t.url, account("soyte.001"), "/dashboard");
    expect(claimsOf(tokens.access_token)).toMatchObject({ token_use: "access", client_id: "tiepdon-web" });
    expect(claimsOf(tokens.access_token)["custom:province"]).toBeUndefined();
    const path = "/api/reports/scan-rate?groupBy=province";
    const withAccess = await t.call("GET", path, { token: tokens.access_token });
    expect(withAccess.status).toBe(401);
    expect(withAccess.json).toMatchObject({ error: { code: "ID_TOKEN_REQUIRED" } });
    const own = await t.call("GET", path, { token: tokens.id_token });
    expect(own.status).toBe(200);
    expect((own.json as { province: { code: string } | null }).province).not.toBeNull();
    const nationalAccount = account("soyte.toanquoc");
    const national = await signInWithCode(t.url, nationalAccount, "/dashboard");
    const all = await t.call("GET", path, { token: national.id_token });
    expect(all.status).toBe(200);
    expect((all.json as { province: unknown }).province).toBeNull();
  });

  it("renews with the refresh token until it is revoked, then refuses it", async () => {
    const { username, password } = account("letan.01001");
    const tokens = await signInWithCode(t.url, { username, password });
    const refreshToken = tokens.refresh_token ?? "";
    expect(refreshToken).not.toBe("");
    const renewed = await refreshTokens(t.url, refreshToken);
    expect(typeof renewed).toBe("object");
    if (typeof renewed === "number") return;
    expect(claimsOf(renewed.id_token)).toMatchObject({ token_use: "id", "custom:facility": "01001" });
    const revoke = await fetch(`${t.url}/auth/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        token: refreshToken,
        token_type_hint: "refresh_token",
        client_id: "tiepdon-web",
      }),
    });
    expect(revoke.status).toBe(200);
    expect(await refreshTokens(t.url, refreshToken)).toBe(400);
  });
});

describe("clinic mode", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mode: "clinic" });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("has no demo sign-in and no demo accounts", async () => {
    expect(
      (await t.call("POST", "/api/dev/token", { body: { role: "receptionist", facility: "01001" } })).status,
    ).toBe(404);
    const { username, password } = account("letan.01001");
    await expect(signInWithCode(t.url, { username, password })).rejects.toThrow("sign-in refused");
    expect((await t.call("GET", "/config.json")).json).toMatchObject({ demo: false });
  });

  it("signs the first administrator in with the one-time password only after it is changed", async () => {
    const first = t.app.firstAdmin;
    expect(first).not.toBeNull();
    if (first === null) return;
    const credentials = { username: first.username, password: first.oneTimePassword };
    await expect(signInWithCode(t.url, credentials)).rejects.toThrow("must change its password");
    const newPassword = "a new long password 2026";
    const tokens = await signInWithCode(t.url, { ...credentials, newPassword }, "/admin");
    expect(claimsOf(tokens.id_token)).toMatchObject({
      "cognito:groups": ["admin", "national"],
      token_use: "id",
    });
    // An administrator sets up a TOTP code right after the new password, and gives one from then on.
    expect(tokens.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(signInWithCode(t.url, credentials)).rejects.toThrow("sign-in refused");
    const again = { username: first.username, password: newPassword };
    await expect(signInWithCode(t.url, again, "/admin")).rejects.toThrow("the account must give a code");
    await signInWithCode(
      t.url,
      { ...again, ...(tokens.totpSecret ? { totpSecret: tokens.totpSecret } : {}) },
      "/admin",
    );
  });
});
