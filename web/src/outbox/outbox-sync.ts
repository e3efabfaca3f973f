/**
 * The outbox of one reception page: what waits, what was sent, whether the clinic is offline,
 * and when to try again. Every tab runs one; the Web Lock in the sender lets one send at a time,
 * and a BroadcastChannel tells the other tabs to read the outbox again.
 */
import { vnDay } from "#domain/vn-time";
import {
  dropOldDelivered,
  itemsOf,
  keepFacilityName,
  lastSyncOf,
  makeDue,
  type NewOfflineCheckin,
  type OutboxDb,
  recordOffline,
  updateItem,
} from "./outbox-db.ts";
import type { Delivered, OutboxItem } from "./outbox-records.ts";
import { type PassResult, sendPass } from "./sender.ts";

type PersistState = "granted" | "refused" | "unsupported" | "unknown";

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

export interface SyncAuth {
  token(): string | null;
  renew(): Promise<string | null>;
}

const CHANNEL = "tiepdon-outbox";
/** How often a tab looks again while items wait, beside the timers of their back-off. */
const TICK_MS = 20_000;
/** Re-checks of check-ins that reached the server as pending (the gateway was down): after 3 s, 10 s… */
const RECHECK_DELAYS_MS = [3_000, 10_000, 30_000, 60_000, 120_000, 300_000];

export class OutboxSync {
  private snapshot: OutboxSnapshot = {
    items: [],
    lastSyncAt: null,
    sendingKey: null,
    offline: typeof navigator !== "undefined" && !navigator.onLine,
    signInNeeded: false,
    persist: "unknown",
    serverVersion: 0,
  };
  private readonly listeners = new Set<(snapshot: OutboxSnapshot) => void>();
  private channel: BroadcastChannel | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: OutboxDb,
    private readonly facility: string,
    private auth: SyncAuth,
    private readonly recheck: (token: string) => Promise<{ stillPending: number }>,
  ) {}

  private readonly onOnline = () => {
    this.set({ offline: false });
    this.kick();
  };
  private readonly onOffline = () => this.set({ offline: true });

  start(): void {
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = () => {
      void this.reload().then(() => this.kick());
    };
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    this.tick = setInterval(() => {
      if (this.snapshot.items.some((item) => item.state === "waiting")) this.kick();
    }, TICK_MS);
    void this.askPersistence();
    void dropOldDelivered(this.db, vnDay(new Date()))
      .catch(() => undefined)
      .then(async () => {
        await this.reload();
        this.kick();
      });
  }

  stop(): void {
    this.stopped = true;
    this.channel?.close();
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    if (this.tick !== null) clearInterval(this.tick);
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.recheckTimer !== null) clearTimeout(this.recheckTimer);
    this.listeners.clear();
  }

  setAuth(auth: SyncAuth): void {
    this.auth = auth;
    if (this.snapshot.signInNeeded && auth.token() !== null) {
      this.set({ signInNeeded: false });
      this.kick();
    }
  }

  subscribe(listener: (snapshot: OutboxSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot);
    return () => this.listeners.delete(listener);
  }

  current(): OutboxSnapshot {
    return this.snapshot;
  }

  /** Whether a new check-in should go straight to the outbox. */
  isOffline(): boolean {
    return this.snapshot.offline || !navigator.onLine;
  }

  /** The page reached the server (a check-in was answered): the clinic is online. */
  reachable(): void {
    const was = this.snapshot.offline;
    if (was) this.set({ offline: false });
    if (was || this.snapshot.items.some((item) => item.state === "waiting")) this.kick();
  }

  /** A request found no network or no server: new check-ins go to the outbox. */
  unreachableNow(): void {
    this.set({ offline: true });
  }

  /** Writes an offline check-in (durably) and tells every tab. */
  async record(input: NewOfflineCheckin): Promise<OutboxItem> {
    const item = await recordOffline(this.db, input);
    this.changed();
    await this.reload();
    this.kick();
    return item;
  }

  async rememberFacilityName(name: string): Promise<void> {
    await keepFacilityName(this.db, this.facility, name);
  }

  /** "Send now": every waiting item is due at once. */
  async sendNow(): Promise<void> {
    await makeDue(this.db, this.facility);
    await this.reload();
    this.kick(true);
  }

  /** Puts an item that needed attention back in line, with its same key. */
  async retry(key: string): Promise<void> {
    await updateItem(this.db, key, (item) =>
      item.state === "attention" ? { ...item, state: "waiting", nextAttemptAt: 0 } : item,
    );
    this.changed();
    await this.reload();
    this.kick(true);
  }

  /** Starts a delivery pass now, or right after the one running in this tab. */
  kick(force = false): void {
    if (this.stopped) return;
    if (!navigator.onLine && !force) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async pass(): Promise<void> {
    if (!this.snapshot.items.some((item) => item.state === "waiting")) {
      await this.reload();
      if (!this.snapshot.items.some((item) => item.state === "waiting")) return;
    }
    let result: PassResult;
    try {
      result = await sendPass({
        db: this.db,
        facility: this.facility,
        token: () => this.auth.token(),
        renew: () => this.auth.renew(),
        now: () => Date.now(),
        random: Math.random,
        onSending: (key) => this.set({ sendingKey: key }),
        onChange: () => {
          this.changed();
          void this.reload();
        },
      });
    } catch {
      // Storage refused or the lock was lost with the page: the next tick tries again.
      return;
    }
    await this.reload();
    // No attempt says nothing about the network: keep what was known.
    const offline = !navigator.onLine || (result.reached === null ? this.snapshot.offline : !result.reached);
    this.set({
      offline,
      signInNeeded: result.kind === "sign-in",
      ...(result.delivered.length > 0 ? { serverVersion: this.snapshot.serverVersion + 1 } : {}),
    });
    if (result.until !== null) this.wakeAt(result.until);
    if (result.delivered.some((item: Delivered) => item.status === "pending")) this.scheduleRecheck(0);
  }

  private wakeAt(until: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.kick(true);
      },
      Math.max(0, until - Date.now()),
    );
  }

  /** Asks the gateway again for check-ins that arrived pending, and refreshes the list with the result. */
  private scheduleRecheck(round: number): void {
    const delay = RECHECK_DELAYS_MS[round];
    if (delay === undefined || this.stopped) return;
    if (this.recheckTimer !== null) clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(async () => {
      this.recheckTimer = null;
      const token = this.auth.token();
      if (token === null) return;
      try {
        const summary = await this.recheck(token);
        this.set({ serverVersion: this.snapshot.serverVersion + 1 });
        if (summary.stillPending > 0) this.scheduleRecheck(round + 1);
      } catch {
        this.scheduleRecheck(round + 1);
      }
    }, delay);
  }

  private async askPersistence(): Promise<void> {
    const storage = navigator.storage;
    if (storage?.persist === undefined) {
      this.set({ persist: "unsupported" });
      return;
    }
    try {
      const granted = (await storage.persisted()) || (await storage.persist());
      this.set({ persist: granted ? "granted" : "refused" });
    } catch {
      this.set({ persist: "refused" });
    }
  }

  private changed(): void {
    try {
      this.channel?.postMessage("changed");
    } catch {
      // The page is closing (the channel is closed): the other tabs read the outbox on their next tick.
    }
  }

  private async reload(): Promise<void> {
    if (this.stopped) return;
    const [items, lastSyncAt] = await Promise.all([
      itemsOf(this.db, this.facility),
      lastSyncOf(this.db, this.facility),
    ]);
    this.set({ items, lastSyncAt });
  }

  private set(change: Partial<OutboxSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener(this.snapshot);
  }
}
