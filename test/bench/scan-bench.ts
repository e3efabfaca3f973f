import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import jsqr from "jsqr";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { FIXTURE_PAYLOADS, generateCccdPayloads } from "#test/support/frames/cccd-payloads";
import { generateCounterSet } from "#test/support/frames/counter-frames";
import { QR_CORPUS_DIR, readCorpusImage, readCorpusManifest } from "#test/support/frames/qr-corpus";
import {
  HARD_CASES,
  type RgbaFrame,
  renderCaseFrame,
  renderClutterFrame,
} from "#test/support/frames/qr-frame";
import { decodeFrame } from "#web/qr-decoder/decode-frame";
import { formatCategoryTable, type Tally, tallyByCategory } from "./scan-categories.ts";
import { type ClipFigures, measureClips, measurePhotos, type PhotoFigures } from "./scan-moments.ts";
import { measurePhotoCorpus, type PhotoCorpusFigures } from "./scan-photo-corpus.ts";
import { median, quantile } from "./support/figures.ts";

/** Decoders compared side by side. */
export const DECODERS = ["decodeFrame", "jsQR", "zxing-wasm"] as const;
export type DecoderName = (typeof DECODERS)[number];

/** How one decoder did on one set of frames. */
export interface DecoderFigures {
  /** Frames whose code was read with exactly the expected text. */
  correct: number;
  /** Frames that carry a code. */
  withCode: number;
  /** Text returned for a frame without a code. */
  falsePositives: number;
  noCode: number;
  /** correct / withCode, 0..1. */
  rate: number;
  /** Per-frame decode time over every frame of the set, with and without a code. */
  medianMs: number;
  p90Ms: number;
  /** The slowest frame: the worst a weak PC's worker spends on one frame, since none queue. */
  maxMs: number;
}

/** One set of frames and every decoder's figures on it, or why it was skipped. */
export interface SetResult {
  name: string;
  frames: number;
  skipped: string | null;
  decoders: Partial<Record<DecoderName, DecoderFigures>>;
  /** Reads per category for sets whose frames each stress one condition; empty otherwise. */
  categories: Record<string, Partial<Record<DecoderName, Tally>>>;
}

/** Everything the scan benchmark measured, as printed and as written with `--json`. */
export interface ScanBenchResult {
  quick: boolean;
  node: string;
  sets: SetResult[];
  photos: PhotoFigures;
  /** The photo path on the corpus turned and enlarged; null when the corpus is missing. */
  photoCorpus: PhotoCorpusFigures | null;
  clips: ClipFigures[];
}

interface Sample {
  frame: RgbaFrame;
  /** Expected text, or null for a frame without a code. */
  expected: string | null;
  /** The condition the frame stresses, for sets reported per category. */
  category?: string;
}

const jsQR = jsqr.default;

/**
 * Each decoder reads each frame this many times, in rotating order, and the frame's figure is the
 * median: one busy moment on a shared machine then moves no frame's time.
 */
const RUNS_PER_FRAME = 3;
/** Frames with a code per category of the counter sets (plus one card without a code per category). */
const COUNTER_PER_CATEGORY = 6;

function loadCorpus(quick: boolean): Sample[] | string {
  const items = readCorpusManifest();
  if (items === null) return `no corpus at ${QR_CORPUS_DIR} (set TIEPDON_QR_CORPUS)`;
  // Quick runs take every sixth image, which still spans all six corpus folders.
  const chosen = quick ? items.filter((_, i) => i % 6 === 0) : items;
  return chosen.map((item) => ({ frame: readCorpusImage(item), expected: item.expected }));
}

/** Webcam-like frames cycling through the hard cases, then frames without a code. */
function generateWebcamSet(width: number, height: number, withCode: number, noCode: number): Sample[] {
  const payloads = [...FIXTURE_PAYLOADS, ...generateCccdPayloads(withCode, width)];
  const samples: Sample[] = [];
  for (let i = 0; i < withCode; i++) {
    const kind = HARD_CASES[i % HARD_CASES.length] ?? "small";
    const text = payloads[i % payloads.length] ?? "";
    samples.push({ frame: renderCaseFrame(kind, text, width, height, 7000 + i), expected: text });
  }
  for (let i = 0; i < noCode; i++) {
    // Alternate a card without a QR and plain clutter.
    const frame =
      i % 2 === 0
        ? renderCaseFrame(HARD_CASES[i % HARD_CASES.length] ?? "small", null, width, height, 9000 + i)
        : renderClutterFrame(width, height, 9000 + i);
    samples.push({ frame, expected: null });
  }
  return samples;
}

async function loadZxing(): Promise<void> {
  // The package fetches its .wasm from a CDN by default; hand it the copy installed with it.
  const wasmPath = fileURLToPath(import.meta.resolve("zxing-wasm/reader/zxing_reader.wasm"));
  const bytes = readFileSync(wasmPath);
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
}

const decoders: Record<DecoderName, (f: RgbaFrame) => Promise<string | null> | string | null> = {
  decodeFrame: (f) => decodeFrame(f),
  // Plain jsQR with its default options, as most pages use it.
  jsQR: (f) => jsQR(f.data, f.width, f.height)?.data ?? null,
  "zxing-wasm": async (f) => {
    const image = { data: f.data, width: f.width, height: f.height, colorSpace: "srgb" } as ImageData;
    const results = await readBarcodes(image, { formats: ["QRCode"], maxNumberOfSymbols: 1 });
    return results[0]?.text ?? null;
  },
};

/** An empty list per decoder. */
function perDecoder(): Record<DecoderName, number[]> {
  return { decodeFrame: [], jsQR: [], "zxing-wasm": [] };
}

async function measureSet(name: string, samples: Sample[]): Promise<SetResult> {
  // Warm every decoder up on the whole set, so that JIT compilation of no path is billed to a frame.
  for (const s of samples) for (const d of DECODERS) await decoders[d](s.frame);
  const times = perDecoder();
  const figures = Object.fromEntries(DECODERS.map((d) => [d, { correct: 0, falsePositives: 0 }])) as Record<
    DecoderName,
    { correct: number; falsePositives: number }
  >;
  const outcomes: Record<DecoderName, (string | null)[]> = { decodeFrame: [], jsQR: [], "zxing-wasm": [] };
  for (const [i, sample] of samples.entries()) {
    const runs = perDecoder();
    for (let run = 0; run < RUNS_PER_FRAME; run++) {
      // Rotate the order per run and frame so a busy moment on the machine does not hit one decoder only.
      for (let k = 0; k < DECODERS.length; k++) {
        const d = DECODERS[(i + run + k) % DECODERS.length] ?? "decodeFrame";
        const started = performance.now();
        const text = await decoders[d](sample.frame);
        runs[d].push(performance.now() - started);
        if (run > 0) continue;
        outcomes[d][i] = text;
        if (sample.expected === null) {
          if (text !== null) figures[d].falsePositives++;
        } else if (text === sample.expected) {
          figures[d].correct++;
        }
      }
    }
    for (const d of DECODERS) times[d].push(median(runs[d]));
  }
  const withCode = samples.filter((s) => s.expected !== null).length;
  const result: SetResult = {
    name,
    frames: samples.length,
    skipped: null,
    decoders: {},
    categories: tallyByCategory(samples, outcomes),
  };
  for (const d of DECODERS) {
    result.decoders[d] = {
      correct: figures[d].correct,
      withCode,
      falsePositives: figures[d].falsePositives,
      noCode: samples.length - withCode,
      rate: withCode === 0 ? 0 : figures[d].correct / withCode,
      medianMs: median(times[d]),
      p90Ms: quantile(times[d], 0.9),
      maxMs: Math.max(...times[d]),
    };
  }
  return result;
}

/**
 * Runs the QR scan benchmark: `decodeFrame` against plain jsQR and zxing-wasm on the ZXing corpus
 * and on generated webcam frames at 640×480 and 1280×720. `quick` keeps it to a smoke-test size.
 */
export async function runScanBench(opts: { quick: boolean }): Promise<ScanBenchResult> {
  await loadZxing();
  const sets: SetResult[] = [];
  const corpus = loadCorpus(opts.quick);
  if (typeof corpus === "string")
    sets.push({ name: "zxing corpus", frames: 0, skipped: corpus, decoders: {}, categories: {} });
  else sets.push(await measureSet("zxing corpus", corpus));
  const [withCode, noCode] = opts.quick ? [12, 4] : [60, 12];
  for (const [w, h] of [
    [640, 480],
    [1280, 720],
  ] as const) {
    sets.push(await measureSet(`webcam ${w}x${h}`, generateWebcamSet(w, h, withCode, noCode)));
  }
  // Frames drawn without the decoder's assumptions, one condition of a real counter per category.
  for (const [w, h] of [
    [640, 480],
    [1280, 720],
  ] as const) {
    const frames = generateCounterSet(w, h, opts.quick ? 1 : COUNTER_PER_CATEGORY);
    sets.push(await measureSet(`counter ${w}x${h}`, frames));
  }
  const photoCorpus = typeof corpus === "string" ? null : measurePhotoCorpus(corpus);
  const zxing = decoders["zxing-wasm"];
  const photos = await measurePhotos(
    zxing,
    opts.quick ? { count: 1, width: 1600, height: 1200 } : { count: 8, width: 4000, height: 3000 },
  );
  const clips: ClipFigures[] = [];
  for (const [width, height] of [
    [640, 480],
    [1280, 720],
  ] as const) {
    clips.push(
      await measureClips(zxing, { clips: opts.quick ? 1 : 10, frames: opts.quick ? 30 : 60, width, height }),
    );
  }
  return { quick: opts.quick, node: process.version, sets, photos, photoCorpus, clips };
}

/** Formats the result as one table, a row per set and decoder. */
export function formatScanBench(result: ScanBenchResult): string {
  const head = ["set", "decoder", "decoded", "rate", "false+", "median ms", "p90 ms"];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const set of result.sets) {
    if (set.skipped !== null) {
      rows.push([set.name, "(skipped)", "-", "-", "-", "-", "-"]);
      notes.push(`${set.name} skipped: ${set.skipped}`);
      continue;
    }
    for (const d of DECODERS) {
      const f = set.decoders[d];
      if (f === undefined) continue;
      rows.push([
        set.name,
        d,
        `${f.correct}/${f.withCode}`,
        `${(100 * f.rate).toFixed(1)}%`,
        `${f.falsePositives}/${f.noCode}`,
        f.medianMs.toFixed(2),
        f.p90Ms.toFixed(2),
      ]);
    }
  }
  const { photos } = result;
  for (const [name, f] of Object.entries(photos.decoders)) {
    rows.push([
      `photos ${photos.width}x${photos.height}`,
      name,
      `${f.correct}/${photos.photos}`,
      `${((100 * f.correct) / photos.photos).toFixed(1)}%`,
      "-",
      f.medianMs.toFixed(1),
      `max ${f.maxMs.toFixed(0)}`,
    ]);
  }
  for (const v of result.photoCorpus?.variants ?? []) {
    rows.push([
      `photo path, corpus ${v.variant}`,
      "decodePhoto",
      `${v.read}/${v.images}`,
      `${((100 * v.read) / v.images).toFixed(1)}%`,
      `${v.lost} lost`,
      v.medianMs.toFixed(1),
      `max ${v.maxMs.toFixed(0)}`,
    ]);
  }
  for (const clip of result.clips) {
    for (const [name, f] of Object.entries(clip.decoders)) {
      rows.push([
        `first read ${clip.width}x${clip.height}`,
        name,
        `${f.read}/${clip.clips} clips`,
        `${((100 * f.read) / clip.clips).toFixed(1)}%`,
        "-",
        f.medianMs === null ? "-" : f.medianMs.toFixed(0),
        f.maxMs === null ? "-" : `max ${f.maxMs.toFixed(0)}`,
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const table = [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ...notes].join("\n");
  const counter = result.sets.filter((set) => Object.keys(set.categories).length > 0);
  return counter.length === 0 ? table : `${table}\n\n${formatCategoryTable(counter, DECODERS)}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const jsonAt = args.indexOf("--json");
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && jsonFile === undefined) throw new Error("--json needs a file name");
  const result = await runScanBench({ quick });
  console.log(`QR scan benchmark (${quick ? "quick" : "full"}, Node ${result.node})`);
  console.log(formatScanBench(result));
  if (jsonFile !== undefined) writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
