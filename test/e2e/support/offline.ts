import type { BrowserContext, Page } from "playwright-core";
import * as z from "zod";

type RouteHandler = Parameters<BrowserContext["route"]>[1];
const cuts = new WeakMap<BrowserContext, RouteHandler>();

/**
 * Takes the browser off the network. `setOffline` does not reach a service worker's own
 * requests, so every request of the context is aborted as well, as a cable pulled out would.
 * Routes a test adds later take precedence and may fall back to this one.
 */
export async function cutNetwork(context: BrowserContext): Promise<void> {
  const handler: RouteHandler = (route) => route.abort("internetdisconnected");
  cuts.set(context, handler);
  await context.setOffline(true);
  await context.route("**/*", handler);
}

/** Puts the browser back on the network (routes the test added itself stay). */
export async function restoreNetwork(context: BrowserContext): Promise<void> {
  const handler = cuts.get(context);
  if (handler !== undefined) await context.unroute("**/*", handler);
  cuts.delete(context);
  await context.setOffline(false);
}

const storedItemSchema = z.object({
  key: z.string(),
  seq: z.number(),
  facility: z.string(),
  scannedAt: z.string(),
  day: z.string(),
  state: z.enum(["waiting", "attention", "done"]),
  attempts: z.number(),
  offlineQueue: z.object({ series: z.string(), number: z.number() }).nullable(),
  request: z.looseObject({ method: z.string(), payload: z.string(), channel: z.string() }).nullable(),
  problem: z.object({ status: z.number(), code: z.string() }).nullable(),
  delivered: z
    .object({
      checkinId: z.string(),
      queueNumber: z.number(),
      queueSeries: z.string().nullable(),
      status: z.string(),
      duplicate: z.boolean(),
      timeFlag: z.string().nullable(),
    })
    .nullable(),
});
export type StoredItem = z.infer<typeof storedItemSchema>;

/**
 * The page's outbox as IndexedDB holds it, in scan order, each sealed body opened the way the
 * page opens it: with its facility's key from the keys database, usable by this origin's pages
 * only (read with the browser's own API; a body that does not open reads as null).
 */
export async function readOutbox(page: Page): Promise<StoredItem[]> {
  const raw = await page.evaluate(async () => {
    const readAll = (name: string, store: string, index: string | null) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        // Only read: a database the page has not created yet must not be created here.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            resolve([]);
            return;
          }
          const source = db.transaction(store).objectStore(store);
          const request = index === null ? source.getAll() : source.index(index).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      });
    const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const keys = new Map<string, CryptoKey>();
    for (const entry of await readAll("tiepdon-outbox-keys", "keys", null)) {
      const { facility, seal } = entry as { facility: string; seal: CryptoKey };
      keys.set(facility, seal);
    }
    const items = await readAll("tiepdon-outbox", "items", "bySeq");
    return Promise.all(
      items.map(async (value) => {
        const { sealed, ...item } = value as {
          key: string;
          facility: string;
          sealed: { iv: string; ct: string } | null;
        };
        const key = keys.get(item.facility);
        if (sealed === null || key === undefined) return { ...item, request: null };
        try {
          const plain = await crypto.subtle.decrypt(
            {
              name: "AES-GCM",
              iv: fromBase64(sealed.iv),
              additionalData: new TextEncoder().encode(`tiepdon-outbox\n${item.facility}\n${item.key}`),
            },
            key,
            fromBase64(sealed.ct),
          );
          return { ...item, request: JSON.parse(new TextDecoder().decode(plain)) as unknown };
        } catch {
          return { ...item, request: null };
        }
      }),
    );
  });
  return z.array(storedItemSchema).parse(raw);
}

/** The device's offline series at a facility, once leased. */
export async function readSeries(page: Page, facility: string): Promise<string | null> {
  const raw = await page.evaluate(
    (code) =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open("tiepdon-outbox");
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("devices")) {
            db.close();
            resolve(null);
            return;
          }
          const request = db.transaction("devices").objectStore("devices").get(code);
          request.onsuccess = () => {
            db.close();
            resolve(request.result ?? null);
          };
          request.onerror = () => resolve(null);
        };
      }),
    facility,
  );
  const parsed = z.object({ series: z.string() }).nullable().safeParse(raw);
  return parsed.success ? (parsed.data?.series ?? null) : null;
}

/** The printed label of an item: "B-07". */
export function ticketOf(item: StoredItem): string {
  if (item.offlineQueue === null) return "—";
  return `${item.offlineQueue.series}-${String(item.offlineQueue.number).padStart(2, "0")}`;
}

/** Types an ID number into the reception form and checks the patient in; answers the ticket shown. */
export async function checkInTyped(page: Page, idNumber: string): Promise<string> {
  const before = await page
    .getByTestId("queue-number")
    .textContent({ timeout: 50 })
    .catch(() => null);
  const beforeId = await page
    .getByTestId("patient-id")
    .textContent({ timeout: 50 })
    .catch(() => null);
  await page.locator("#typed-value").fill(idNumber);
  await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
  await page.waitForFunction(
    ([previous, previousId, id]) => {
      const shown = document.querySelector("[data-testid=queue-number]")?.textContent ?? null;
      const who = document.querySelector("[data-testid=patient-id]")?.textContent ?? null;
      return who === id && (shown !== previous || previousId !== id);
    },
    [before, beforeId, idNumber] as const,
    { timeout: 15_000 },
  );
  return (await page.getByTestId("queue-number").textContent()) ?? "";
}
