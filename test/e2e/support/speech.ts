import type { Page } from "playwright-core";

/**
 * A Vietnamese voice that records what it is asked to say, as an init script: headless Chromium
 * has no voices, and a test must hear the announcements.
 */
export const SPEECH_RECORDER = `
  window.__spoken = [];
  const voice = { lang: "vi-VN", name: "Giọng thử", default: true, localService: true, voiceURI: "vi-test" };
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, "speechSynthesis", { value: {
    speaking: false,
    getVoices: () => [voice],
    cancel() {},
    speak(utterance) { window.__spoken.push(utterance.text); },
  } });
`;

/** Everything the page's recorded voice was asked to say, oldest first. */
export const spoken = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
