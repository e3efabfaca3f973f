/** Spoken cues in Vietnamese through the Web Speech API, only where a vi-VN voice is installed. */

function vietnameseVoice(): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === "undefined") return null;
  return speechSynthesis.getVoices().find((voice) => voice.lang.toLowerCase().startsWith("vi")) ?? null;
}

/** Voices load asynchronously in Chrome; asking early makes the first cue work. */
export function warmUpVoices(): void {
  if (typeof speechSynthesis !== "undefined") speechSynthesis.getVoices();
}

/** Speaks the text and returns true, or returns false when no Vietnamese voice exists (play a sound instead). */
export function speakVietnamese(text: string): boolean {
  const voice = vietnameseVoice();
  if (voice === null) return false;
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = 0.9;
  speechSynthesis.speak(utterance);
  return true;
}

export function stopSpeaking(): void {
  if (typeof speechSynthesis !== "undefined") speechSynthesis.cancel();
}
