import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, COMPRESS_FROM_BYTES, compressForClient, jsonResponse } from "#functions/http/responses";

const large = {
  rows: Array.from({ length: 2_000 }, (_, i) => ({
    facility: String(10_000 + i),
    name: "Trạm Y tế xã Tân Phú",
  })),
};

describe("large answers go gzip-compressed", () => {
  it("compresses a large answer for a client that accepts gzip, to the same bytes once unzipped", () => {
    const plain = jsonResponse(200, large);
    expect(Buffer.byteLength(plain.body ?? "")).toBeGreaterThan(COMPRESS_FROM_BYTES);
    const zipped = compressForClient(plain, "gzip, deflate, br");
    expect(zipped.isBase64Encoded).toBe(true);
    expect(zipped.headers).toMatchObject({
      "content-encoding": "gzip",
      vary: "accept-encoding",
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
    const bytes = gunzipSync(Buffer.from(zipped.body ?? "", "base64"));
    expect(bytes.toString("utf8")).toBe(plain.body);
    expect(Buffer.byteLength(zipped.body ?? "")).toBeLessThan(Buffer.byteLength(plain.body ?? "") / 5);
  });

  it("leaves small answers, and clients without gzip, as they are", () => {
    const small = jsonResponse(200, { ok: true });
    expect(compressForClient(small, "gzip")).toBe(small);
    const plain = jsonResponse(200, large);
    for (const header of [undefined, "", "identity", "br", "gzip;q=0", "deflate, gzip; q=0"])
      expect(compressForClient(plain, header)).toBe(plain);
  });

  it("reads Accept-Encoding as HTTP defines it", () => {
    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("br, gzip;q=0.1")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("x-gzip-not")).toBe(false);
  });
});
