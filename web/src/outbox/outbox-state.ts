/** What the reception page knows of its outbox, and who is told when that changes. */
import type { OutboxItem } from "./outbox-records.ts";

export type PersistState = "granted" | "refused" | "unsupported" | "unknown";

export interface OutboxSnapshot {
  /** This facility's items in scan order (delivered ones of the last two days included). */
  readonly items: readonly OutboxItem[];
  /** When an item last reached the server (ms), or null. */
  readonly lastSyncAt: number | null;
  /** The item on its way now, if this tab is sending. */
  readonly sendingKey: string | null;
  /** No network, or the server did not answer the last attempt. */
  readonly offline: boolean;
  /** Items wait for the receptionist to sign in again. */
  readonly signInNeeded: boolean;
  /** Whether the browser promised not to clear the outbox under storage pressure. */
  readonly persist: PersistState;
  /** Bumps when the server's list may have changed (items delivered, pending ones re-checked). */
  readonly serverVersion: number;
}

type Listener = (snapshot: OutboxSnapshot) => void;

/** Holds the latest snapshot and hands every change to the subscribed views. */
export class SnapshotStore {
  private snapshot: OutboxSnapshot = {
    items: [],
    lastSyncAt: null,
    sendingKey: null,
    offline: typeof navigator !== "undefined" && !navigator.onLine,
    signInNeeded: false,
    persist: "unknown",
    serverVersion: 0,
  };
  private readonly listeners = new Set<Listener>();

  current(): OutboxSnapshot {
    return this.snapshot;
  }

  /** Whether an item waits to be sent. */
  hasWaiting(): boolean {
    return this.snapshot.items.some((item) => item.state === "waiting");
  }

  set(change: Partial<OutboxSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener(this.snapshot);
  }

  /** Tells the server's list may have changed. */
  bumpServerVersion(): void {
    this.set({ serverVersion: this.snapshot.serverVersion + 1 });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.snapshot);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.listeners.clear();
  }
}
