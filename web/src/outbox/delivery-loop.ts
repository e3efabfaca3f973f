import type { FacilityKeys } from "#web/outbox-seal/seal-crypto";
import { refuseTampered } from "./attention-items.ts";
import { deliveredPending, deliverWaiting, type SyncAuth, snapshotAfter } from "./delivery-pass.ts";
import { reportNotices } from "./notice-sender.ts";
import { OneShotTimer } from "./one-shot-timer.ts";
import { itemsOf, lastSyncOf, type OutboxDb } from "./outbox-db.ts";
import type { SnapshotStore } from "./outbox-state.ts";
import { PendingRechecks } from "./pending-rechecks.ts";
import { SerialRunner } from "./serial-runner.ts";

export interface LoopDeps {
  readonly db: OutboxDb;
  readonly keys: FacilityKeys;
  readonly state: SnapshotStore;
  auth(): SyncAuth;
  /** Tells the other tabs to read the outbox again. */
  notifyOtherTabs(): void;
  recheck(token: string): Promise<{ stillPending: number }>;
}

/**
 * This tab's delivery passes: one at a time, again when asked meanwhile, again when the first
 * waiting item's back-off ends, and re-checks of what arrived pending.
 */
export class DeliveryLoop {
  private readonly wake = new OneShotTimer();
  private readonly passes = new SerialRunner(
    () => this.pass(),
    () => this.kick(),
  );
  private readonly rechecks: PendingRechecks;
  private stopped = false;

  constructor(private readonly deps: LoopDeps) {
    this.rechecks = new PendingRechecks({
      token: () => deps.auth().token(),
      recheck: deps.recheck,
      onRechecked: () => deps.state.bumpServerVersion(),
    });
  }

  /** Starts a delivery pass now, or right after the one running in this tab. */
  kick(force = false): void {
    if (this.stopped) return;
    if (!navigator.onLine && !force) return;
    this.passes.request();
  }

  /** Reads this facility's items and last send again; an altered waiting item is refused on sight. */
  async reload(): Promise<void> {
    if (this.stopped) return;
    const { db, keys } = this.deps;
    let items = await itemsOf(db, keys);
    const altered = items.filter((item) => item.state === "waiting" && item.tampered !== null);
    if (altered.length > 0) {
      for (const item of altered) await refuseTampered(db, item.key, Date.now());
      this.deps.notifyOtherTabs();
      items = await itemsOf(db, keys);
    }
    const lastSyncAt = await lastSyncOf(db, keys.facility);
    this.deps.state.set({ items, lastSyncAt });
  }

  stop(): void {
    this.stopped = true;
    this.wake.clear();
    this.rechecks.stop();
  }

  private async pass(): Promise<void> {
    const { state } = this.deps;
    // Discards and refusals reach the audit trail first; one that cannot yet waits for the next pass.
    await reportNotices(this.deps.db, this.deps.keys.facility, this.deps.auth().token()).catch(
      () => undefined,
    );
    if (!state.hasWaiting()) {
      await this.reload();
      if (!state.hasWaiting()) return;
    }
    const result = await deliverWaiting({
      db: this.deps.db,
      keys: this.deps.keys,
      auth: this.deps.auth,
      onSending: (key) => state.set({ sendingKey: key }),
      onChange: () => {
        this.deps.notifyOtherTabs();
        void this.reload();
      },
    });
    if (result === null) return;
    await this.reload();
    state.set(snapshotAfter(result, state.current(), navigator.onLine));
    if (result.until !== null) this.wake.set(Math.max(0, result.until - Date.now()), () => this.kick(true));
    if (deliveredPending(result)) this.rechecks.start();
  }
}
