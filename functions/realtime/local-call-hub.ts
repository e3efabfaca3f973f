import type { ChannelMessage } from "#domain/room-contract";

type Listener = (message: ChannelMessage) => void;

/**
 * The local run's real-time channel: the functions and the local server share one process, so a
 * call published by a function reaches the server's open streams directly. Listeners are kept per
 * facility, and a closed stream takes its listener away (no growth over a long day).
 */
function makeLocalCallHub() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    publish(message: ChannelMessage): void {
      for (const listener of listeners.get(message.facility) ?? []) listener(message);
    },
    /** Listens to one facility's calls; the answer stops listening. */
    subscribe(facility: string, listener: Listener): () => void {
      const set = listeners.get(facility) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(facility, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(facility);
      };
    },
    /** How many streams are open, for tests that check none is left behind. */
    listenerCount(): number {
      let count = 0;
      for (const set of listeners.values()) count += set.size;
      return count;
    },
  };
}

export const localCallHub = makeLocalCallHub();
