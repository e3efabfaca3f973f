/**
 * Ignores a code read again within a cooldown: a card held in front of the camera is read many
 * times a second. Every repeat restarts that code's cooldown, so a card left in view is sent once,
 * even while other codes (a wedge scan, another card) are read in between.
 */
export interface RepeatFilter {
  /** True when the text is new (or its cooldown has passed) and should be handled. */
  accept(text: string, now: number): boolean;
  /** Forgets everything, e.g. when the kiosk resets for the next patient. */
  reset(): void;
}

export function makeRepeatFilter(cooldownMs: number): RepeatFilter {
  const lastSeen = new Map<string, number>();
  return {
    accept(text, now) {
      for (const [seen, at] of lastSeen) if (now - at >= cooldownMs) lastSeen.delete(seen);
      const repeat = lastSeen.has(text);
      lastSeen.set(text, now);
      return !repeat;
    },
    reset() {
      lastSeen.clear();
    },
  };
}
