import { describe, expect, it } from "vitest";
import { FUNCTION_ENTRIES } from "#infra/routes";
import { formatBench, runBench } from "#test/bench/bench";
import { readCorpusManifest } from "#test/support/frames/qr-corpus";

// A smoke test of `npm run bench -- --quick`: every figure is produced. Speed is never asserted here.
describe("npm run bench -- --quick", () => {
  it("produces every row of every section, with finite numbers", async () => {
    const result = await runBench({ quick: true });
    console.log(formatBench(result));

    expect(result.errors).toEqual({});
    const figures = result.rows.map((r) => `${r.section} | ${r.figure}`);
    const sets = [
      ...(readCorpusManifest() !== null ? ["zxing corpus"] : []),
      "webcam 640x480",
      "webcam 1280x720",
    ];
    const expected = [
      ...sets.flatMap((set) => [`scan | ${set}: decodeFrame median / p90`]),
      "scan | webcam 640x480: decodeFrame worst frame",
      "scan | card into view 640x480: time to first read (30 fps, worker-paced)",
      "scan | card into view 1280x720: time to first read (30 fps, worker-paced)",
      ...["c16", "c64"].flatMap((c) =>
        ["throughput", "latency p50 / p99", "errors (non-2xx)", "CPU ms per check-in"].map(
          (f) => `check-in API | ${c} ${f}`,
        ),
      ),
      "check-in API | DynamoDB requests per check-in",
      "XML0 | build + sign CPU ms per visit",
      "XML0 | sender throughput (concurrency 4, over HTTP)",
      "waiting room | cost per screen a month (AppSync Events)",
      ...Object.keys(FUNCTION_ENTRIES).flatMap((name) => [`Lambda | ${name} bundle`]),
      "cost | dollars per million check-ins",
    ];
    for (const figure of expected) expect(figures).toContain(figure);
    for (const set of sets) expect(figures.some((f) => f.startsWith(`scan | ${set} (`))).toBe(true);
    expect(figures.some((f) => f.startsWith("waiting room | call → display p50 / p95"))).toBe(true);
    expect(figures.some((f) => f.startsWith("scan | photos 1600x1200 (1): decodePhoto read"))).toBe(true);
    for (const variant of ["turned 90°", "turned 180°", "turned 270°", "scaled to 4000 px"])
      expect(figures).toContain(
        `scan | photo path, ZXing corpus ${variant}: decodePhoto read, median / slowest`,
      );
    for (const name of Object.keys(FUNCTION_ENTRIES))
      expect(figures.some((f) => f.startsWith(`Lambda | ${name} cold init`))).toBe(true);
    // The 500-facility report at two volumes (3 rows), then the national data set (6 rows).
    expect(figures.filter((f) => f.startsWith("report | "))).toHaveLength(9);
    expect(figures).toContain("report | national figures against a full recount");
    expect(figures).toContain("peak | check-ins stored, lost, doubled");
    expect(figures.filter((f) => f.startsWith("peak | busiest partition: "))).toHaveLength(3);
    const stored = result.rows.find((r) => r.figure === "check-ins stored, lost, doubled");
    expect(stored?.numbers).toMatchObject({ lost: 0, doubled: 0, stray: 0, unanswered: 0 });
    expect(figures.filter((f) => f.startsWith("cost | "))).toHaveLength(3);

    const numbers = result.rows.flatMap((r) =>
      Object.entries(r.numbers).map(([name, value]) => ({
        at: `${r.section} | ${r.figure} | ${name}`,
        value,
      })),
    );
    expect(numbers.length).toBeGreaterThan(60);
    expect(numbers.filter((n) => !Number.isFinite(n.value)).map((n) => n.at)).toEqual([]);
  }, 900_000);
});
