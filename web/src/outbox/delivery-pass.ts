/** One delivery pass as the page's outbox runs it, and what its result changes on screen. */
import type { FacilityKeys } from "#web/outbox-seal/seal-crypto";
import type { OutboxDb } from "./outbox-db.ts";
import type { OutboxSnapshot } from "./outbox-state.ts";
import { type PassResult, sendPass } from "./sender.ts";

/** The sign-in the outbox sends with, replaced whenever the page's sign-in changes. */
export interface SyncAuth {
  token(): string | null;
  renew(): Promise<string | null>;
}

export interface DeliveryDeps {
  readonly db: OutboxDb;
  readonly keys: FacilityKeys;
  auth(): SyncAuth;
  /** Told which item is on its way (null when none). */
  onSending(key: string | null): void;
  /** Told after each item whose state changed. */
  onChange(): void;
}

/** Sends the waiting items in scan order; null when storage refused or the lock was lost with the page. */
export async function deliverWaiting(deps: DeliveryDeps): Promise<PassResult | null> {
  try {
    return await sendPass({
      db: deps.db,
      keys: deps.keys,
      token: () => deps.auth().token(),
      renew: () => deps.auth().renew(),
      now: () => Date.now(),
      random: Math.random,
      onSending: deps.onSending,
      onChange: deps.onChange,
    });
  } catch {
    // The next tick tries again.
    return null;
  }
}

/** What a finished pass changes in the snapshot: reachability, the sign-in, the server's list. */
export function snapshotAfter(
  result: PassResult,
  snapshot: OutboxSnapshot,
  online: boolean,
): Partial<OutboxSnapshot> {
  // No attempt says nothing about the network: keep what was known.
  const offline = !online || (result.reached === null ? snapshot.offline : !result.reached);
  return {
    offline,
    signInNeeded: result.kind === "sign-in",
    ...(result.delivered.length > 0 ? { serverVersion: snapshot.serverVersion + 1 } : {}),
  };
}

/** Whether the pass delivered check-ins the gateway could not settle yet. */
export function deliveredPending(result: PassResult): boolean {
  return result.delivered.some((item) => item.status === "pending");
}
