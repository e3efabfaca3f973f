import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeFacilityAccounts } from "#functions/gateway/facility-accounts";
import { makeLocalSecretBox } from "#functions/gateway/facility-secret-box";
import type { StoredGatewayAccount } from "#functions/stores/gateway-account-store";

const box = makeLocalSecretBox(randomBytes(32));

/** A store of records in memory, counting reads; the box counts each opening. */
function setUp(fallback: { username: string; password: string } | null = null) {
  const records = new Map<string, StoredGatewayAccount>();
  let reads = 0;
  let opened = 0;
  let clock = 0;
  const accounts = makeFacilityAccounts({
    store: {
      read: async (code) => {
        reads += 1;
        return records.get(code) ?? null;
      },
      markRefused: async (code, sealedPassword, refusal) => {
        const record = records.get(code);
        if (record?.sealedPassword === sealedPassword)
          records.set(code, { ...record, refusedCode: refusal.code, refusedAt: refusal.at });
      },
    },
    box: {
      seal: box.seal,
      open: async (code, sealed) => {
        opened += 1;
        return box.open(code, sealed);
      },
    },
    fallback,
    maxAgeMs: 60_000,
    now: () => clock,
  });
  const put = async (code: string, username: string, password: string) => {
    records.set(code, { code, username, sealedPassword: await box.seal(code, password) });
  };
  return {
    accounts,
    records,
    put,
    advance: (ms: number) => {
      clock += ms;
    },
    counts: () => ({ reads, opened }),
  };
}

describe("each facility's gateway account", () => {
  it("comes from the facility's own record, opened once while unchanged", async () => {
    const t = setUp();
    await t.put("01001", "01001_BV", "hanoi-pass");
    await t.put("79001", "79001_BV", "saigon-pass");
    expect(await t.accounts.accountOf("01001")).toEqual({ username: "01001_BV", password: "hanoi-pass" });
    expect(await t.accounts.accountOf("79001")).toEqual({ username: "79001_BV", password: "saigon-pass" });
    t.advance(61_000);
    expect(await t.accounts.accountOf("01001")).toEqual({ username: "01001_BV", password: "hanoi-pass" });
    // Read again after the bound, but the unchanged secret is not opened again.
    expect(t.counts()).toEqual({ reads: 3, opened: 2 });
  });

  it("takes a changed password within the bound, not before", async () => {
    const t = setUp();
    await t.put("01001", "01001_BV", "old-pass");
    expect((await t.accounts.accountOf("01001"))?.password).toBe("old-pass");
    await t.put("01001", "01001_BV", "new-pass");
    t.advance(30_000);
    expect((await t.accounts.accountOf("01001"))?.password).toBe("old-pass");
    t.advance(31_000);
    expect((await t.accounts.accountOf("01001"))?.password).toBe("new-pass");
  });

  it("is the install's own account only for the demo facility without one; any other has none", async () => {
    const withFallback = setUp({ username: "tiepdon-local", password: "local-only-password" });
    expect(await withFallback.accounts.accountOf("01001")).toEqual({
      username: "tiepdon-local",
      password: "local-only-password",
    });
    expect(await withFallback.accounts.accountOf("38001")).toBeNull();
    expect(await setUp().accounts.accountOf("01001")).toBeNull();
    // The demo facility's own account, once registered, wins over the install's.
    await withFallback.put("01001", "01001_BV", "hanoi-pass");
    withFallback.advance(61_000);
    expect((await withFallback.accounts.accountOf("01001"))?.username).toBe("01001_BV");
  });

  it("refuses a record sealed for another facility", async () => {
    const t = setUp();
    const sealed = await box.seal("79001", "saigon-pass");
    t.records.set("01001", { code: "01001", username: "01001_BV", sealedPassword: sealed });
    await expect(t.accounts.accountOf("01001")).rejects.toMatchObject({ code: "GATEWAY_SECRET_UNREADABLE" });
  });
});
