/**
 * Plays each call in turn: a chime, then the Vietnamese sentence in a vi-VN voice. Without such a
 * voice the chime plays alone and the screen shows the call large: another language's voice reads
 * Vietnamese unintelligibly, which is worse than none. Pending announcements are capped, so a
 * burst never builds an endless backlog.
 */
import type { Call } from "#domain/room-contract";
import { announcementText } from "#domain/room-queue";
import { playCue } from "#web/feedback/beep";
import { speakVietnamese } from "#web/feedback/speech";

const MAX_PENDING = 6;
/** Time left for the chime before the voice starts. */
const CHIME_MS = 450;
/** The longest a sentence may hold the queue when the browser never reports its end. */
const SPEECH_LIMIT_MS = 8_000;

export interface Announcer {
  announce(calls: readonly Call[]): void;
  stop(): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function speakAndWait(text: string): Promise<boolean> {
  if (typeof speechSynthesis === "undefined") return Promise.resolve(false);
  return new Promise((resolve) => {
    const spoken = speakVietnamese(text);
    if (!spoken) {
      resolve(false);
      return;
    }
    const started = Date.now();
    const poll = () => {
      if (!speechSynthesis.speaking || Date.now() - started > SPEECH_LIMIT_MS) resolve(true);
      else setTimeout(poll, 200);
    };
    setTimeout(poll, 300);
  });
}

export function makeAnnouncer(onNoVoice: () => void): Announcer {
  const pending: Call[] = [];
  let running = false;
  let stopped = false;
  const drain = async () => {
    if (running) return;
    running = true;
    for (let call = pending.shift(); call !== undefined && !stopped; call = pending.shift()) {
      playCue("attention");
      await sleep(CHIME_MS);
      const spoken = await speakAndWait(announcementText(call));
      if (!spoken) {
        onNoVoice();
        await sleep(1_500);
      }
    }
    running = false;
  };
  return {
    announce(calls) {
      pending.push(...calls);
      pending.splice(0, Math.max(0, pending.length - MAX_PENDING));
      void drain();
    },
    stop() {
      stopped = true;
      pending.length = 0;
    },
  };
}
