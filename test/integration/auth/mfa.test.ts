import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "#infra/local/auth/local-sign-in";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf, signInWithCode } from "#test/support/oidc-flow";
import { freshCode, rfc6238Code } from "#test/support/totp";

const account = (username: string) => {
  const found = DEMO_ACCOUNTS.find((entry) => entry.username === username);
  if (found === undefined) throw new Error(`no demo account ${username}`);
  return found;
};

describe("TOTP codes at the local OpenID provider", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("asks an administrator for a code, takes each code once and refuses a wrong one", async () => {
    const admin = account("quantri.001");
    const secret = admin.totpSecret ?? "";
    const credentials = { username: admin.username, password: admin.password };
    await expect(signInWithCode(t.url, credentials, "/admin")).rejects.toThrow(
      "the account must give a code",
    );
    const code = await freshCode(secret);
    const tokens = await signInWithCode(
      t.url,
      { ...credentials, totpSecret: secret, totpCode: code },
      "/admin",
    );
    expect(claimsOf(tokens.id_token)).toMatchObject({ "cognito:groups": ["admin"], token_use: "id" });
    // The same code a second time, as someone who saw it over a shoulder would type it.
    await expect(
      signInWithCode(t.url, { ...credentials, totpSecret: secret, totpCode: code }, "/admin"),
    ).rejects.toThrow("code refused");
    const step = Math.floor(Date.now() / 30_000);
    const near = new Set([-1, 0, 1].map((offset) => rfc6238Code(secret, step + offset)));
    const wrong = ["000000", "999999", "123123"].find((candidate) => !near.has(candidate)) ?? "424242";
    await expect(
      signInWithCode(t.url, { ...credentials, totpSecret: secret, totpCode: wrong }, "/admin"),
    ).rejects.toThrow("code refused");
  });

  it("keeps the secret sealed in the accounts table, not as the app shows it", async () => {
    const admin = account("soyte.001");
    const item = await t.doc.send(
      new GetCommand({ TableName: process.env.ACCOUNTS_TABLE, Key: { username: admin.username } }),
    );
    const stored = String(item.Item?.totpSecret ?? "");
    expect(stored).toMatch(/^t1\./);
    expect(stored).not.toContain(admin.totpSecret ?? "?");
  });

  it("lets a receptionist choose a code, and asks none of one who did not", async () => {
    const { username, password } = account("letan.01001");
    const chosen = await signInWithCode(t.url, { username, password, setUpMfa: true });
    expect(chosen.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(signInWithCode(t.url, { username, password })).rejects.toThrow(
      "the account must give a code",
    );
    const kiosk = account("kiosk.01001");
    const plain = await signInWithCode(
      t.url,
      { username: kiosk.username, password: kiosk.password },
      "/kiosk",
    );
    expect(plain.totpSecret).toBeUndefined();
  });

  it("lets an administrator of the province reset a person's code, audited; another province's is 403", async () => {
    const hanoi = await t.token("admin", { province: "001" });
    const thanhHoa = await t.token("admin", { province: "038" });
    const target = account("soyte.001");
    const refused = await t.call("POST", `/api/admin/accounts/${target.username}/reset-mfa`, {
      token: thanhHoa,
    });
    expect(refused.status).toBe(403);
    const reset = await t.call("POST", `/api/admin/accounts/${target.username}/reset-mfa`, { token: hanoi });
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({ username: target.username, role: "health-dept" });
    // The old code no longer opens the account: the next sign-in sets a new secret up.
    const again = await signInWithCode(
      t.url,
      { username: target.username, password: target.password },
      "/dashboard",
    );
    expect(again.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(again.totpSecret).not.toBe(target.totpSecret);

    const audit = await t.call("GET", `/api/audit?user=${encodeURIComponent(String(claimsOf(hanoi).sub))}`, {
      token: await t.token("admin"),
    });
    expect(audit.text).toContain(`account ${target.username} reset-mfa`);
  });
});
