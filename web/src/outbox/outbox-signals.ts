/** How long a tab waits before it looks again while items wait, beside the timers of their back-off. */
const TICK_MS = 20_000;
const CHANNEL = "tiepdon-outbox";

export interface SignalHandlers {
  /** The browser says the network is back. */
  online(): void;
  /** The browser says the network is gone. */
  offline(): void;
  /** Another tab of this browser changed the outbox. */
  otherTabChanged(): void;
  /** The periodic look. */
  tick(): void;
}

/**
 * What wakes a page's outbox besides its own work: the browser's online and offline events, the
 * other tabs' changes (a BroadcastChannel) and a periodic tick.
 */
export class OutboxSignals {
  private channel: BroadcastChannel | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private readonly onOnline = () => this.handlers.online();
  private readonly onOffline = () => this.handlers.offline();

  constructor(private readonly handlers: SignalHandlers) {}

  start(): void {
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = () => this.handlers.otherTabChanged();
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    this.tick = setInterval(() => this.handlers.tick(), TICK_MS);
  }

  /** Tells the other tabs to read the outbox again. */
  notifyOtherTabs(): void {
    try {
      this.channel?.postMessage("changed");
    } catch {
      // The page is closing (the channel is closed): the other tabs read the outbox on their next tick.
    }
  }

  stop(): void {
    this.channel?.close();
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    if (this.tick !== null) clearInterval(this.tick);
  }
}
