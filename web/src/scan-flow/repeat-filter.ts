/**
 * Ignores the same code read again within a cooldown: a card held in front of the camera is read
 * many times a second. Every repeat restarts the cooldown, so a card left in view is sent once.
 */
export interface RepeatFilter {
  /** True when the text is new (or its cooldown has passed) and should be handled. */
  accept(text: string, now: number): boolean;
  /** Forgets everything, e.g. when the kiosk resets for the next patient. */
  reset(): void;
}

export function makeRepeatFilter(cooldownMs: number): RepeatFilter {
  let lastText: string | null = null;
  let lastSeen = Number.NEGATIVE_INFINITY;
  return {
    accept(text, now) {
      const repeat = text === lastText && now - lastSeen < cooldownMs;
      lastText = text;
      lastSeen = now;
      return !repeat;
    },
    reset() {
      lastText = null;
      lastSeen = Number.NEGATIVE_INFINITY;
    },
  };
}
