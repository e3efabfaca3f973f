import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateCookieKeys } from "#infra/local/auth/provider-keys";

describe("the local provider's cookie keys", () => {
  const dir = mkdtempSync(join(tmpdir(), "tiepdon-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are made once, kept readable by this account only, and the same after a restart", () => {
    const file = join(dir, "openid-cookie-keys.json");
    const first = loadOrCreateCookieKeys(file);
    expect(first).toHaveLength(1);
    expect(first[0]?.length).toBeGreaterThanOrEqual(43);
    expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
    expect(loadOrCreateCookieKeys(file)).toEqual(first);
  });

  it("differ per start when there is no data folder", () => {
    expect(loadOrCreateCookieKeys(null)).not.toEqual(loadOrCreateCookieKeys(null));
  });
});
