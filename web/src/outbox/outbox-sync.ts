/**
 * The outbox of one reception page: what waits, what was sent, whether the clinic is offline,
 * and when to try again. Every tab runs one; the Web Lock in the sender lets one send at a time,
 * and a BroadcastChannel tells the other tabs to read the outbox again.
 */
import type { DiscardReason } from "#domain/outbox-notice";
import type { Method } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import type { FacilityKeys } from "#web/outbox-seal/seal-crypto";
import { discardItem, dropExpiredAttention } from "./attention-items.ts";
import { DeliveryLoop } from "./delivery-loop.ts";
import type { SyncAuth } from "./delivery-pass.ts";
import {
  dropOldDelivered,
  keepFacilityName,
  makeDue,
  type NewOfflineCheckin,
  type OutboxDb,
  recordOffline,
  sealPlainItems,
  updateItem,
} from "./outbox-db.ts";
import type { OutboxItem } from "./outbox-records.ts";
import { OutboxSignals } from "./outbox-signals.ts";
import { type OutboxSnapshot, SnapshotStore } from "./outbox-state.ts";
import { personTagOf } from "./person-tag.ts";
import { askPersistentStorage } from "./storage-persistence.ts";

export class OutboxSync {
  private readonly state = new SnapshotStore();
  private readonly loop: DeliveryLoop;
  private readonly signals = new OutboxSignals({
    online: () => {
      this.state.set({ offline: false });
      this.kick();
    },
    offline: () => this.state.set({ offline: true }),
    otherTabChanged: () => void this.loop.reload().then(() => this.kick()),
    tick: () => {
      if (this.state.hasWaiting()) this.kick();
    },
  });

  constructor(
    private readonly db: OutboxDb,
    private readonly keys: FacilityKeys,
    private auth: SyncAuth,
    recheck: (token: string) => Promise<{ stillPending: number }>,
  ) {
    this.loop = new DeliveryLoop({
      db,
      keys,
      state: this.state,
      auth: () => this.auth,
      notifyOtherTabs: () => this.signals.notifyOtherTabs(),
      recheck,
    });
  }

  start(): void {
    this.signals.start();
    void askPersistentStorage().then((persist) => this.state.set({ persist }));
    const tidy = async () => {
      await sealPlainItems(this.db, this.keys);
      await dropOldDelivered(this.db, vnDay(new Date()));
      await dropExpiredAttention(this.db, this.keys.facility, Date.now());
    };
    void tidy()
      .catch(() => undefined)
      .then(async () => {
        await this.loop.reload();
        this.kick();
      });
  }

  stop(): void {
    this.signals.stop();
    this.loop.stop();
    this.state.clear();
  }

  setAuth(auth: SyncAuth): void {
    this.auth = auth;
    if (this.state.current().signInNeeded && auth.token() !== null) {
      this.state.set({ signInNeeded: false });
      this.kick();
    }
  }

  subscribe(listener: (snapshot: OutboxSnapshot) => void): () => void {
    return this.state.subscribe(listener);
  }

  current(): OutboxSnapshot {
    return this.state.current();
  }

  /** Whether a new check-in should go straight to the outbox. */
  isOffline(): boolean {
    return this.state.current().offline || !navigator.onLine;
  }

  /** The page reached the server (a check-in was answered): the clinic is online. */
  reachable(): void {
    const was = this.state.current().offline;
    if (was) this.state.set({ offline: false });
    if (was || this.state.hasWaiting()) this.kick();
  }

  /** A request found no network or no server: new check-ins go to the outbox. */
  unreachableNow(): void {
    this.state.set({ offline: true });
  }

  /** Writes an offline check-in (durably) and tells every tab. */
  async record(input: NewOfflineCheckin): Promise<OutboxItem> {
    const item = await recordOffline(this.db, this.keys, input);
    this.signals.notifyOtherTabs();
    await this.loop.reload();
    this.kick();
    return item;
  }

  async rememberFacilityName(name: string): Promise<void> {
    await keepFacilityName(this.db, this.keys.facility, name);
  }

  /** "Send now": every waiting item is due at once. */
  async sendNow(): Promise<void> {
    await makeDue(this.db, this.keys.facility);
    await this.loop.reload();
    this.kick(true);
  }

  /** Puts an item that needed attention back in line, with its same key. */
  async retry(key: string): Promise<void> {
    await updateItem(this.db, key, (item) =>
      item.state === "attention" ? { ...item, state: "waiting", nextAttemptAt: 0 } : item,
    );
    this.signals.notifyOtherTabs();
    await this.loop.reload();
    this.kick(true);
  }

  /** The keyed tag of the person a payload names, under this facility's tag key. */
  personTag(method: Method, payload: string, day: string): Promise<string> {
    return personTagOf(this.keys, method, payload, day);
  }

  /** Discards an item that needs attention, with the receptionist's reason; the server hears of it. */
  async discard(key: string, reason: DiscardReason): Promise<void> {
    await discardItem(this.db, key, reason, Date.now());
    this.signals.notifyOtherTabs();
    await this.loop.reload();
    this.kick(true);
  }

  /** How many items of this facility are not yet sent (waiting, or needing attention). */
  unsent(): number {
    return this.state.current().items.filter((item) => item.state !== "done").length;
  }

  /** Starts a delivery pass now, or right after the one running in this tab. */
  kick(force = false): void {
    this.loop.kick(force);
  }
}
