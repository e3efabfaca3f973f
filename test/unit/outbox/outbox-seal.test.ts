import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ATTENTION_KEEP_DAYS, expiredAttention } from "#web/outbox-seal/attention";
import { newFacilityKeys, openValue, personTagWith, sealValue } from "#web/outbox-seal/seal-crypto";

const QR = "001099012345||Nguyễn Văn An|01011990|Nam|Số 12 Phố Huế, Hàng Bài, Hoàn Kiếm, Hà Nội|15082021";
const bodySchema = z.object({ method: z.string(), payload: z.string(), channel: z.string() });
const body = { method: "qr-cccd", payload: QR, channel: "camera" };

/** Flips one bit of a base64 field. */
function flipped(base64: string, at: number): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  bytes[at % bytes.length] = (bytes[at % bytes.length] ?? 0) ^ 1;
  return btoa(String.fromCharCode(...bytes));
}

describe("the outbox sealed at rest", () => {
  it("opens what it sealed, and the stored text holds no ID number, name, birth date or address", async () => {
    const keys = await newFacilityKeys("01001");
    const sealed = await sealValue(keys, "item-1", body);
    const stored = JSON.stringify(sealed);
    for (const secret of ["001099012345", "Nguyễn", "Nguyen", "01011990", "Phố Huế", "Hoàn Kiếm"])
      expect(stored).not.toContain(secret);
    expect(await openValue(keys, "item-1", sealed, bodySchema)).toEqual({ ok: true, value: body });
    // A fresh nonce each time: the same body never seals to the same text.
    expect((await sealValue(keys, "item-1", body)).ct).not.toBe(sealed.ct);
  });

  it("keeps its keys inside the browser: they cannot be exported", async () => {
    const keys = await newFacilityKeys("01001");
    expect(keys.seal.extractable).toBe(false);
    expect(keys.tag.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("raw", keys.seal)).rejects.toThrow();
    await expect(crypto.subtle.exportKey("raw", keys.tag)).rejects.toThrow();
  });

  it("refuses a changed ciphertext or nonce, an item moved to another key or facility, and garbage", async () => {
    const keys = await newFacilityKeys("01001");
    const sealed = await sealValue(keys, "item-1", body);
    for (let at = 0; at < 40; at += 7) {
      expect(await openValue(keys, "item-1", { ...sealed, ct: flipped(sealed.ct, at) }, bodySchema)).toEqual({
        ok: false,
        problem: "bad-ciphertext",
      });
    }
    expect(await openValue(keys, "item-1", { ...sealed, iv: flipped(sealed.iv, 3) }, bodySchema)).toEqual({
      ok: false,
      problem: "bad-ciphertext",
    });
    expect((await openValue(keys, "item-2", sealed, bodySchema)).ok).toBe(false);
    const other = await newFacilityKeys("38001");
    expect((await openValue(other, "item-1", sealed, bodySchema)).ok).toBe(false);
    // The same key material under another facility name: the binding still refuses it.
    expect((await openValue({ ...keys, facility: "38001" }, "item-1", sealed, bodySchema)).ok).toBe(false);
    for (const garbage of [
      null,
      "text",
      { v: 1, iv: "%%%", ct: "%%%" },
      { v: 2, iv: sealed.iv, ct: sealed.ct },
    ])
      expect(await openValue(keys, "item-1", garbage, bodySchema)).toEqual({
        ok: false,
        problem: "bad-shape",
      });
    // A valid seal of the wrong shape is not sent either.
    const wrong = await sealValue(keys, "item-3", { method: 1 });
    expect(await openValue(keys, "item-3", wrong, bodySchema)).toEqual({ ok: false, problem: "bad-shape" });
  });

  it("tags a person with a keyed hash: stable on one facility's keys, unrelated across keys, not a plain hash", async () => {
    const keys = await newFacilityKeys("01001");
    const a = await personTagWith(keys, "ID#001099012345");
    expect(await personTagWith(keys, "ID#001099012345")).toBe(a);
    expect(await personTagWith(keys, "ID#001099012346")).not.toBe(a);
    expect(await personTagWith(await newFacilityKeys("01001"), "ID#001099012345")).not.toBe(a);
    const plain = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode("ID#001099012345")),
    );
    expect(a).not.toBe(
      btoa(String.fromCharCode(...plain))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, ""),
    );
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("items that need attention", () => {
  it("are dropped after the stated time, and only those", () => {
    const day = 86_400_000;
    const now = Date.parse("2026-12-07T08:00:00+07:00");
    const items = [
      { key: "old", state: "attention", attentionSince: now - ATTENTION_KEEP_DAYS * day },
      { key: "recent", state: "attention", attentionSince: now - ATTENTION_KEEP_DAYS * day + 1 },
      { key: "waiting", state: "waiting", attentionSince: null },
      { key: "old-but-waiting", state: "waiting", attentionSince: now - 30 * day },
    ];
    expect(expiredAttention(items, now).map((item) => item.key)).toEqual(["old"]);
  });
});
