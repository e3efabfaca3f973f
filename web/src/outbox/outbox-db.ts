/**
 * The outbox in IndexedDB (idb): check-ins waiting to reach the server, the device's offline
 * series, and when the last delivery succeeded. Every write that a ticket depends on commits with
 * strict durability before the page shows the ticket. Each body is sealed under its facility's
 * key and opened only in memory, by a page signed in for that facility.
 */
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import { vnDay, vnTimestamp } from "#domain/vn-time";
import { type FacilityKeys, openValue, sealValue } from "#web/outbox-seal/seal-crypto";
import { nextOfflineTicket } from "./offline-tickets.ts";
import {
  type DeviceRecord,
  deviceRecordSchema,
  type OutboxItem,
  plainItemSchema,
  type RequestToKeep,
  type StoredItem,
  seqRecordSchema,
  storedItemSchema,
  storedRequestSchema,
  syncRecordSchema,
} from "./outbox-records.ts";
import { personTagOf } from "./person-tag.ts";

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

const parseItem = (value: unknown): StoredItem | null => {
  const parsed = storedItemSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/**
 * Opens a stored item's body in memory. A body that does not open under the facility's key, or
 * whose person is not the one its tag names, leaves `request` null and says why: never sent.
 */
async function openItem(keys: FacilityKeys, stored: StoredItem): Promise<OutboxItem> {
  const { sealed, ...rest } = stored;
  if (sealed === null) return { ...rest, request: null, tampered: null };
  const seen = openedBodies(keys);
  const cacheKey = `${stored.key}\n${stored.day}\n${stored.personTag}\n${sealed.iv}\n${sealed.ct}`;
  const known = seen.get(cacheKey);
  if (known !== undefined) return { ...rest, ...known };
  const body = await openBody(keys, stored, sealed);
  seen.set(cacheKey, body);
  return { ...rest, ...body };
}

type OpenedBody = Pick<OutboxItem, "request" | "tampered">;

async function openBody(keys: FacilityKeys, stored: StoredItem, sealed: unknown): Promise<OpenedBody> {
  const opened = await openValue(keys, stored.key, sealed, storedRequestSchema);
  if (!opened.ok) return { request: null, tampered: opened.problem };
  const tag = await personTagOf(keys, opened.value.method, opened.value.payload, stored.day);
  if (tag !== stored.personTag) return { request: null, tampered: "bad-tag" };
  return { request: opened.value, tampered: null };
}

/** Bodies already opened in this page, by everything their opening depends on: each is opened once, not on every read. */
const opening = new WeakMap<FacilityKeys, Map<string, OpenedBody>>();

function openedBodies(keys: FacilityKeys): Map<string, OpenedBody> {
  let seen = opening.get(keys);
  if (seen === undefined) {
    seen = new Map();
    opening.set(keys, seen);
  }
  return seen;
}

/** Every item of the keys' facility, in scan order, opened; another facility's items are never read. */
export async function itemsOf(db: OutboxDb, keys: FacilityKeys): Promise<OutboxItem[]> {
  const all = await db.getAllFromIndex("items", "bySeq");
  const mine = all
    .map(parseItem)
    .filter((item): item is StoredItem => item !== null && item.facility === keys.facility);
  return Promise.all(mine.map((item) => openItem(keys, item)));
}

/** Seals the bodies of items written before the outbox was sealed (this facility's only). */
export async function sealPlainItems(db: OutboxDb, keys: FacilityKeys): Promise<void> {
  const plain = (await db.getAll("items"))
    .map((value) => plainItemSchema.safeParse(value))
    .flatMap((parsed) => (parsed.success && parsed.data.facility === keys.facility ? [parsed.data] : []));
  for (const { request, ...item } of plain) {
    const sealed = request === null ? null : await sealValue(keys, item.key, request);
    const personTag =
      request === null ? item.personTag : await personTagOf(keys, request.method, request.payload, item.day);
    await db.put("items", { ...item, personTag, sealed });
  }
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
  readonly request: RequestToKeep;
  readonly scannedAt: Date;
  readonly personTag: string;
}

/**
 * Writes an offline check-in, its body sealed, and hands out its ticket in one transaction (the
 * counter and the item commit together or not at all), and resolves only once it is durably on disk.
 */
export async function recordOffline(
  db: OutboxDb,
  keys: FacilityKeys,
  input: NewOfflineCheckin,
): Promise<OutboxItem> {
  const day = vnDay(input.scannedAt);
  // Sealed before the transaction opens: an IndexedDB transaction ends when it waits on anything else.
  const sealed = await sealValue(keys, input.key, { ...input.request });
  const facility = keys.facility;
  const tx = db.transaction(["items", "devices", "meta"], "readwrite", { durability: "strict" });
  const seqRecord = seqRecordSchema.safeParse(await tx.objectStore("meta").get("seq"));
  const seq = (seqRecord.success ? seqRecord.data.value : 0) + 1;
  await tx.objectStore("meta").put({ name: "seq", value: seq });
  const device = deviceRecordSchema.safeParse(await tx.objectStore("devices").get(facility));
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
  const item: StoredItem = {
    key: input.key,
    seq,
    facility,
    scannedAt: vnTimestamp(input.scannedAt),
    day,
    sealed,
    offlineQueue,
    personTag: input.personTag,
    state: "waiting",
    attempts: 0,
    nextAttemptAt: 0,
    lastAttemptAt: null,
    problem: null,
    delivered: null,
    deliveredAt: null,
    attentionSince: null,
  };
  await tx.objectStore("items").add(item);
  await tx.done;
  const { sealed: _, ...rest } = item;
  return { ...rest, request: { ...input.request }, tampered: null };
}

/** Applies a change to one item, read and written in one transaction. */
export async function updateItem(
  db: OutboxDb,
  key: string,
  change: (item: StoredItem) => StoredItem,
): Promise<StoredItem | null> {
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
