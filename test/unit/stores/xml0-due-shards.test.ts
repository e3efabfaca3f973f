import { describe, expect, it } from "vitest";
import { XML0_DUE_KEYS, XML0_DUE_SHARDS, xml0DueShard } from "#functions/stores/xml0-outbox-item";

describe("the XML0 due index's shards", () => {
  it("are each read by the sender", () => {
    expect(XML0_DUE_KEYS).toHaveLength(XML0_DUE_SHARDS);
    expect(new Set(XML0_DUE_KEYS).size).toBe(XML0_DUE_SHARDS);
  });

  it("spread a morning of one facility's visits evenly, each visit always to the same shard", () => {
    const counts = new Array<number>(XML0_DUE_SHARDS).fill(0);
    const visits = 16_000;
    for (let n = 1; n <= visits; n += 1) {
      const id = `79003-20261207-${String(n).padStart(6, "0")}`;
      const shard = xml0DueShard(id);
      expect(shard).toBe(xml0DueShard(id));
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    const even = visits / XML0_DUE_SHARDS;
    for (const count of counts) expect(Math.abs(count - even) / even).toBeLessThan(0.1);
  });
});
