/**
 * The scan figures a user feels, beside the per-frame ones: how long a photo of the card takes to
 * read, and how long after a card starts moving into a webcam's view its code is first read, with
 * decodeFrame paced as the scan worker paces it (one frame in flight, the newest frame next) and
 * zxing-wasm given the same frames the same way.
 */
import { FIXTURE_PAYLOADS, generateCccdPayloads } from "#test/support/frames/cccd-payloads";
import { createRng } from "#test/support/frames/prng";
import { type RgbaFrame, renderCardFrame, sceneFor } from "#test/support/frames/qr-frame";
import { decodeFrame } from "#web/qr-decoder/decode-frame";
import { decodePhoto } from "#web/qr-decoder/decode-photo";

type Decode = (frame: RgbaFrame) => Promise<string | null> | string | null;

export interface PhotoFigures {
  readonly photos: number;
  readonly width: number;
  readonly height: number;
  /** Per decoder: photos read right, median and slowest ms. */
  readonly decoders: Record<string, { correct: number; medianMs: number; maxMs: number }>;
}

export interface ClipFigures {
  readonly width: number;
  readonly height: number;
  readonly clips: number;
  readonly framesPerClip: number;
  /** Per decoder: clips read, and the median time from the clip's first frame to the first right read. */
  readonly decoders: Record<string, { read: number; medianMs: number | null; maxMs: number | null }>;
}

const FRAME_MS = 1000 / 30;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

/** Photos of the card as a phone takes them: large, turned any way, at an angle, in room light. */
function photoSet(count: number, width: number, height: number): Array<{ frame: RgbaFrame; text: string }> {
  const texts = [...FIXTURE_PAYLOADS, ...generateCccdPayloads(count, 4242)];
  return Array.from({ length: count }, (_, i) => {
    const rng = createRng(500 + i);
    const text = texts[i % texts.length] ?? "";
    const scene = sceneFor("tilted", text, width, height, 500 + i, {
      moduleSize: rng.range(0.0022, 0.005) * width,
      rotationDeg: rng.pick([0, 90, 180, 270]) + rng.range(-12, 12),
      tiltXDeg: rng.range(-28, 28),
      tiltYDeg: rng.range(-28, 28),
      blurRadius: rng.pick([0, 1, 2]),
      noiseSigma: rng.range(2, 8),
    });
    return { frame: renderCardFrame(scene), text };
  });
}

export async function measurePhotos(
  zxing: Decode,
  opts: { count: number; width: number; height: number },
): Promise<PhotoFigures> {
  const photos = photoSet(opts.count, opts.width, opts.height);
  const decoders: Record<string, Decode> = {
    decodePhoto: (frame) => decodePhoto(frame).text,
    "decodeFrame (one look)": decodeFrame,
    "zxing-wasm": zxing,
  };
  const figures: PhotoFigures["decoders"] = {};
  for (const [name, decode] of Object.entries(decoders)) {
    const first = photos[0];
    if (first !== undefined) await decode(first.frame);
    const times: number[] = [];
    let correct = 0;
    for (const photo of photos) {
      const started = performance.now();
      const text = await decode(photo.frame);
      times.push(performance.now() - started);
      if (text === photo.text) correct++;
    }
    figures[name] = { correct, medianMs: median(times) ?? Number.NaN, maxMs: Math.max(...times) };
  }
  return { photos: photos.length, width: opts.width, height: opts.height, decoders: figures };
}

/**
 * One clip of a card brought into view: it slides in from the side with motion blur, the webcam
 * hunts for focus once it stops, and the exposure settles from dark to normal.
 */
function cardClip(text: string, width: number, height: number, frames: number, seed: number): RgbaFrame[] {
  const rng = createRng(seed);
  const scene = sceneFor("tilted", text, width, height, seed, {
    moduleSize: (rng.range(3.2, 4.2) * width) / 640,
    rotationDeg: rng.range(-15, 15),
    tiltXDeg: rng.range(-14, 14),
    tiltYDeg: rng.range(-14, 14),
  });
  const arrive = Math.round(frames * 0.35);
  const focusHunt = [4, 2, 5, 1, 3, 0, 1];
  const clip: RgbaFrame[] = [];
  for (let i = 0; i < frames; i++) {
    const travel = Math.min(1, i / arrive);
    const eased = 1 - (1 - travel) ** 2;
    const moving = i < arrive;
    const blur = moving ? Math.round(2 + 6 * (1 - travel)) : (focusHunt[i - arrive] ?? rng.pick([0, 0, 1]));
    clip.push(
      renderCardFrame({
        ...scene,
        centerX: -0.35 * width + eased * (scene.centerX + 0.35 * width) + rng.gauss(1.5),
        centerY: scene.centerY + rng.gauss(1.5),
        blurRadius: blur,
        gain: scene.gain * (0.45 + 0.55 * Math.min(1, i / (frames * 0.6))),
      }),
    );
  }
  return clip;
}

/**
 * Time from the clip's first frame to the first right read, when frames arrive at 30 fps and the
 * decoder takes the newest one each time it is free (no queue), as the scan worker does.
 */
async function firstRead(clip: readonly RgbaFrame[], text: string, decode: Decode): Promise<number | null> {
  let free = 0;
  let last = -1;
  for (;;) {
    const index = Math.max(last + 1, Math.floor(free / FRAME_MS));
    const frame = clip[index];
    if (frame === undefined) return null;
    const start = Math.max(free, index * FRAME_MS);
    const started = performance.now();
    const read = await decode(frame);
    free = start + (performance.now() - started);
    last = index;
    if (read === text) return free;
  }
}

export async function measureClips(
  zxing: Decode,
  opts: { clips: number; frames: number; width: number; height: number },
): Promise<ClipFigures> {
  const texts = [...FIXTURE_PAYLOADS, ...generateCccdPayloads(opts.clips, 99)];
  const clips = Array.from({ length: opts.clips }, (_, i) => {
    const text = texts[i % texts.length] ?? "";
    return { text, frames: cardClip(text, opts.width, opts.height, opts.frames, 7700 + i) };
  });
  const decoders: Record<string, Decode> = { decodeFrame, "zxing-wasm": zxing };
  const figures: ClipFigures["decoders"] = {};
  for (const [name, decode] of Object.entries(decoders)) {
    const times: number[] = [];
    for (const clip of clips) {
      const ms = await firstRead(clip.frames, clip.text, decode);
      if (ms !== null) times.push(ms);
    }
    figures[name] = {
      read: times.length,
      medianMs: median(times),
      maxMs: times.length === 0 ? null : Math.max(...times),
    };
  }
  return {
    width: opts.width,
    height: opts.height,
    clips: clips.length,
    framesPerClip: opts.frames,
    decoders: figures,
  };
}
