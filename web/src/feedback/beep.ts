/** Short sounds and a vibration so the clerk knows a scan went through without looking. */

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof AudioContext === "undefined") return null;
  context ??= new AudioContext();
  // Browsers start audio suspended until a user gesture; resuming later is harmless.
  if (context.state === "suspended") void context.resume().catch(() => undefined);
  return context;
}

function tone(ctx: AudioContext, frequency: number, startAt: number, seconds: number): void {
  const oscillator = ctx.createOscillator();
  const gain = ctx.createGain();
  oscillator.type = "sine";
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, startAt);
  gain.gain.exponentialRampToValueAtTime(0.3, startAt + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, startAt + seconds);
  oscillator.connect(gain).connect(ctx.destination);
  oscillator.start(startAt);
  oscillator.stop(startAt + seconds + 0.02);
}

export type Cue = "success" | "attention" | "error";

/** One high beep for success, two rising for "look at the screen", two low for a refusal. */
export function playCue(cue: Cue): void {
  try {
    const ctx = audio();
    if (ctx !== null) {
      const now = ctx.currentTime;
      if (cue === "success") tone(ctx, 1320, now, 0.12);
      if (cue === "attention") {
        tone(ctx, 880, now, 0.12);
        tone(ctx, 1175, now + 0.16, 0.14);
      }
      if (cue === "error") {
        tone(ctx, 330, now, 0.16);
        tone(ctx, 262, now + 0.2, 0.22);
      }
    }
  } catch {
    // No sound device: the screen still shows the result.
  }
  navigator.vibrate?.(cue === "success" ? 60 : [80, 60, 80]);
}

/** Lets a later beep play: call from a click or key handler (browsers unlock audio on a gesture). */
export function unlockAudio(): void {
  audio();
}
