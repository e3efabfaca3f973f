/**
 * Where the outbox's keys live: CryptoKey objects in their own IndexedDB database, one pair per
 * facility, stored as non-extractable keys (the browser keeps the key material; the page and
 * anyone reading the files get only a handle).
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { type FacilityKeys, newFacilityKeys } from "./seal-crypto.ts";

interface KeySchema extends DBSchema {
  keys: { key: string; value: { facility: string; seal: CryptoKey; tag: CryptoKey } };
}

const DB_NAME = "tiepdon-outbox-keys";

let opened: Promise<IDBPDatabase<KeySchema>> | null = null;

function openKeys(): Promise<IDBPDatabase<KeySchema>> {
  opened ??= openDB<KeySchema>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("keys", { keyPath: "facility" });
    },
    blocking() {
      void opened?.then((db) => db.close());
      opened = null;
    },
  });
  return opened;
}

const isKey = (value: unknown): value is CryptoKey =>
  typeof CryptoKey !== "undefined" && value instanceof CryptoKey;

/** The facility's keys on this browser, made on first use; two tabs racing keep the first pair. */
export async function facilityKeys(facility: string): Promise<FacilityKeys> {
  const db = await openKeys();
  const existing = await db.get("keys", facility);
  if (existing !== undefined && isKey(existing.seal) && isKey(existing.tag)) return existing;
  const fresh = await newFacilityKeys(facility);
  const tx = db.transaction("keys", "readwrite", { durability: "strict" });
  const raced = await tx.store.get(facility);
  if (raced !== undefined && isKey(raced.seal) && isKey(raced.tag)) {
    await tx.done;
    return raced;
  }
  await tx.store.put({ facility, seal: fresh.seal, tag: fresh.tag });
  await tx.done;
  return fresh;
}

/**
 * Forgets a facility's keys: whatever is still sealed under them can never be opened again (the
 * way to make a lost or retired PC's outbox unreadable without touching its items).
 */
export async function forgetFacilityKeys(facility: string): Promise<void> {
  const db = await openKeys();
  await db.delete("keys", facility);
}
