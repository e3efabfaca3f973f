/**
 * The outbox in IndexedDB (idb): check-ins waiting to reach the server, the device's offline
 * series, and when the last delivery succeeded. Every write that a ticket depends on commits with
 * strict durability before the page shows the ticket.
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { vnDay, vnTimestamp } from "#domain/vn-time";
import { nextOfflineTicket } from "./offline-tickets.ts";
import {
  type DeviceRecord,
  deviceRecordSchema,
  type OutboxItem,
  outboxItemSchema,
  type RequestToKeep,
  seqRecordSchema,
  syncRecordSchema,
} from "./outbox-records.ts";

interface OutboxSchema extends DBSchema {
  items: { key: string; value: unknown; indexes: { bySeq: number } };
  devices: { key: string; value: unknown };
  meta: { key: string; value: unknown };
}

export type OutboxDb = IDBPDatabase<OutboxSchema>;

const DB_NAME = "tiepdon-outbox";
const DB_VERSION = 1;

let opened: Promise<OutboxDb> | null = null;

/** The page's one connection; a newer page that upgrades the schema makes this one step aside. */
export function openOutbox(): Promise<OutboxDb> {
  opened ??= openDB<OutboxSchema>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      const items = db.createObjectStore("items", { keyPath: "key" });
      items.createIndex("bySeq", "seq", { unique: true });
      db.createObjectStore("devices", { keyPath: "facility" });
      db.createObjectStore("meta", { keyPath: "name" });
    },
    blocking() {
      void opened?.then((db) => db.close());
      opened = null;
    },
  });
  return opened;
}

const parseItem = (value: unknown): OutboxItem | null => {
  const parsed = outboxItemSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** Every item of a facility, in scan order. */
export async function itemsOf(db: OutboxDb, facility: string): Promise<OutboxItem[]> {
  const all = await db.getAllFromIndex("items", "bySeq");
  return all.map(parseItem).filter((item): item is OutboxItem => item !== null && item.facility === facility);
}

export async function deviceOf(db: OutboxDb, facility: string): Promise<DeviceRecord | null> {
  const parsed = deviceRecordSchema.safeParse(await db.get("devices", facility));
  return parsed.success ? parsed.data : null;
}

/** Keeps the series leased for this device, unless another tab stored one first (that one stays). */
export async function keepSeries(db: OutboxDb, facility: string, series: string): Promise<DeviceRecord> {
  const tx = db.transaction("devices", "readwrite", { durability: "strict" });
  const existing = deviceRecordSchema.safeParse(await tx.store.get(facility));
  const record: DeviceRecord = existing.success
    ? existing.data
    : { facility, series, day: null, last: 0, facilityName: null };
  if (!existing.success) await tx.store.put(record);
  await tx.done;
  return record;
}

/** Remembers the facility's name for offline tickets. */
export async function keepFacilityName(db: OutboxDb, facility: string, name: string): Promise<void> {
  const tx = db.transaction("devices", "readwrite");
  const existing = deviceRecordSchema.safeParse(await tx.store.get(facility));
  if (existing.success && existing.data.facilityName !== name)
    await tx.store.put({ ...existing.data, facilityName: name });
  await tx.done;
}

export interface NewOfflineCheckin {
  readonly key: string;
  readonly facility: string;
  readonly request: RequestToKeep;
  readonly scannedAt: Date;
  readonly personTag: string;
}

/**
 * Writes an offline check-in and hands out its ticket in one transaction (the counter and the
 * item commit together or not at all), and resolves only once it is durably on disk.
 */
export async function recordOffline(db: OutboxDb, input: NewOfflineCheckin): Promise<OutboxItem> {
  const day = vnDay(input.scannedAt);
  const tx = db.transaction(["items", "devices", "meta"], "readwrite", { durability: "strict" });
  const seqRecord = seqRecordSchema.safeParse(await tx.objectStore("meta").get("seq"));
  const seq = (seqRecord.success ? seqRecord.data.value : 0) + 1;
  await tx.objectStore("meta").put({ name: "seq", value: seq });
  const device = deviceRecordSchema.safeParse(await tx.objectStore("devices").get(input.facility));
  let offlineQueue: OutboxItem["offlineQueue"] = null;
  if (device.success) {
    const ticket = nextOfflineTicket(device.data, day);
    if (ticket !== null) {
      offlineQueue = { series: device.data.series, number: ticket.number };
      await tx
        .objectStore("devices")
        .put({ ...device.data, day: ticket.counter.day, last: ticket.counter.last });
    }
  }
  const item: OutboxItem = {
    key: input.key,
    seq,
    facility: input.facility,
    scannedAt: vnTimestamp(input.scannedAt),
    day,
    request: { ...input.request },
    offlineQueue,
    personTag: input.personTag,
    state: "waiting",
    attempts: 0,
    nextAttemptAt: 0,
    lastAttemptAt: null,
    problem: null,
    delivered: null,
    deliveredAt: null,
  };
  await tx.objectStore("items").add(item);
  await tx.done;
  return item;
}

/** Applies a change to one item, read and written in one transaction. */
export async function updateItem(
  db: OutboxDb,
  key: string,
  change: (item: OutboxItem) => OutboxItem,
): Promise<OutboxItem | null> {
  const tx = db.transaction("items", "readwrite", { durability: "strict" });
  const item = parseItem(await tx.store.get(key));
  const next = item === null ? null : change(item);
  if (next !== null) await tx.store.put(next);
  await tx.done;
  return next;
}

/** Makes every waiting item of the facility due now ("send now"). */
export async function makeDue(db: OutboxDb, facility: string): Promise<void> {
  const tx = db.transaction("items", "readwrite");
  for (const value of await tx.store.getAll()) {
    const item = parseItem(value);
    if (item !== null && item.facility === facility && item.state !== "done" && item.nextAttemptAt > 0)
      await tx.store.put({ ...item, nextAttemptAt: 0 });
  }
  await tx.done;
}

const syncName = (facility: string) => `lastSync#${facility}`;

/** When an item of this facility last reached the server (ms), or null. */
export async function lastSyncOf(db: OutboxDb, facility: string): Promise<number | null> {
  const parsed = syncRecordSchema.safeParse(await db.get("meta", syncName(facility)));
  return parsed.success ? parsed.data.at : null;
}

export async function keepLastSync(db: OutboxDb, facility: string, at: number): Promise<void> {
  await db.put("meta", { name: syncName(facility), at });
}

/** Drops delivered items of days before yesterday: the day's list no longer needs their state. */
export async function dropOldDelivered(db: OutboxDb, today: string): Promise<void> {
  const tx = db.transaction("items", "readwrite");
  for (const value of await tx.store.getAll()) {
    const item = parseItem(value);
    if (item?.state !== "done") continue;
    const ageDays =
      (Date.parse(`${today}T00:00:00+07:00`) - Date.parse(`${item.day}T00:00:00+07:00`)) / 86_400_000;
    if (ageDays >= 2) await tx.store.delete(item.key);
  }
  await tx.done;
}
