import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { compactFromIso } from "#domain/date-text";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { checkInTyped, cutNetwork, readOutbox, readSeries, restoreNetwork } from "./support/offline.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { ensureWebBuilt } from "./support/web-build.ts";
import { scanInPage } from "./support/wedge.ts";

const FIRST = "01001";
const SECOND = "01002";

// People of the small seed's registry, none of them checked in by another browser test file.
const people = generatePopulation(300, generateFacilities(120)).slice(260, 264);

const listSchema = z.object({
  items: z.array(z.object({ checkinId: z.string(), patient: z.object({ idNumber: z.string().nullable() }) })),
});

const auditLineSchema = z.object({ action: z.string(), facility: z.string().nullable(), target: z.string() });

/** Every database of the origin, every store, every value, serialised as the page can read it. */
async function readEverythingRaw(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump: Record<string, Record<string, unknown[]>> = {};
    for (const info of await indexedDB.databases()) {
      const name = info.name ?? "";
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      dump[name] = {};
      for (const store of Array.from(db.objectStoreNames)) {
        dump[name][store] = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    // A CryptoKey serialises to {}: its material never reaches the page; binary values as byte lists.
    return JSON.stringify(dump, (_key, value: unknown) =>
      value instanceof ArrayBuffer || ArrayBuffer.isView(value)
        ? Array.from(new Uint8Array(value instanceof ArrayBuffer ? value : value.buffer))
        : value,
    );
  });
}

/** Changes one character of a stored item's ciphertext, as someone editing the browser's files would. */
async function alterCiphertext(page: Page, itemKey: string): Promise<void> {
  await page.evaluate(
    (key) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("tiepdon-outbox");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction("items", "readwrite").objectStore("items");
          const get = store.get(key);
          get.onsuccess = () => {
            const item = get.result as { sealed: { ct: string } };
            const ct = item.sealed.ct;
            const flipped = ct[10] === "A" ? "B" : "A";
            item.sealed.ct = `${ct.slice(0, 10)}${flipped}${ct.slice(11)}`;
            const put = store.put(item);
            put.onsuccess = () => {
              db.close();
              resolve();
            };
            put.onerror = () => reject(put.error);
          };
        };
      }),
    itemKey,
  );
}

describe.runIf(requireBrowser("outbox-sealed.test.ts"))(
  "the outbox on a shared PC: sealed at rest, per facility, altered items refused",
  () => {
    let app: TestApp;
    let browser: LaunchedBrowser;
    let watch: PageWatch;

    async function listedIds(facility: string): Promise<string[]> {
      const token = await app.token("receptionist", { facility });
      const res = await app.call("GET", "/api/checkins?date=today&limit=200", { token });
      expect(res.status).toBe(200);
      return listSchema.parse(res.json).items.map((item) => item.patient.idNumber ?? "");
    }

    async function outboxLines(): Promise<z.infer<typeof auditLineSchema>[]> {
      const scan = await app.doc.send(new ScanCommand({ TableName: app.names.audit }));
      return (scan.Items ?? [])
        .map((item) => auditLineSchema.safeParse(item))
        .flatMap((parsed) =>
          parsed.success && parsed.data.action === "outbox-discard" ? [parsed.data] : [],
        );
    }

    beforeAll(async () => {
      app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it("keeps no ID number, name, birth date or address readable in IndexedDB; another facility sees and sends none; an altered item is refused, reported and never sent", async () => {
      const [scanned, other, typed, altered] = people;
      if (scanned === undefined || other === undefined || typed === undefined || altered === undefined)
        throw new Error("people missing");
      const page = await browser.context.newPage();
      watch = watchPage(page);
      await page.goto(`${app.url}/?dev=receptionist:${FIRST}`);
      await expect.poll(() => readSeries(page, FIRST), { timeout: 15_000 }).not.toBeNull();
      await cutNetwork(browser.context);
      await checkInTyped(page, typed.idNumber);
      for (const person of [scanned, other, altered]) {
        await scanInPage(page, qrOf(person));
        await page.waitForFunction(
          (id) => document.querySelector("[data-testid=patient-id]")?.textContent === id,
          person.idNumber,
          { timeout: 15_000 },
        );
      }
      await expect.poll(async () => (await readOutbox(page)).length).toBe(4);
      // The page itself still shows whom it checked in (opened in memory with the facility's key).
      expect(await page.locator("[data-testid=outbox-row][data-state=waiting]").count()).toBe(4);
      await expect.poll(() => page.getByText(scanned.name).count()).toBeGreaterThan(0);

      const raw = await readEverythingRaw(page);
      expect(raw).toContain("tiepdon-outbox");
      for (const person of [scanned, other, typed, altered]) {
        expect(raw).not.toContain(person.idNumber);
        expect(raw).not.toContain(person.name);
        expect(raw.toLowerCase()).not.toContain(person.name.toLowerCase());
        expect(raw).not.toContain(person.birthDate);
        expect(raw).not.toContain(compactFromIso(person.birthDate));
        expect(raw).not.toContain(person.address);
        expect(raw).not.toContain(person.address.split(",")[0] ?? person.address);
      }

      // Signing out with unsent check-ins warns first, in Vietnamese.
      await page.getByRole("button", { name: "Đăng xuất" }).click();
      expect(await page.getByTestId("sign-out-warning").textContent()).toContain("4 lượt tiếp đón chưa gửi");
      await page.getByRole("button", { name: "Ở lại để gửi" }).click();
      await expect.poll(() => page.getByTestId("sign-out-warning").count()).toBe(0);
      const items = await readOutbox(page);
      const alteredKey = items.find((item) => item.request?.payload.startsWith(altered.idNumber))?.key;
      if (alteredKey === undefined) throw new Error("the altered person's item is missing");
      await page.close();

      // A second facility on the same browser, online: none of the first's items, and none sent.
      await restoreNetwork(browser.context);
      const second = await browser.context.newPage();
      await second.goto(`${app.url}/?dev=receptionist:${SECOND}`);
      await expect.poll(() => readSeries(second, SECOND), { timeout: 15_000 }).not.toBeNull();
      await second.locator("#typed-value").waitFor();
      await second.waitForTimeout(3_000);
      expect(await second.locator("[data-testid=outbox-row]").count()).toBe(0);
      expect(await second.getByTestId("outbox-waiting").count()).toBe(0);
      expect((await readOutbox(second)).map((item) => item.state)).toEqual([
        "waiting",
        "waiting",
        "waiting",
        "waiting",
      ]);
      const ids = [scanned, other, typed, altered].map((person) => person.idNumber);
      for (const facility of [FIRST, SECOND]) {
        expect((await listedIds(facility)).filter((id) => ids.includes(id))).toEqual([]);
      }

      // One item's ciphertext altered; the first facility signs in again.
      await alterCiphertext(second, alteredKey);
      await second.close();
      const back = await browser.context.newPage();
      const backWatch = watchPage(back);
      await back.goto(`${app.url}/?dev=receptionist:${FIRST}`);
      await expect
        .poll(async () => (await readOutbox(back)).map((item) => item.state).sort(), { timeout: 30_000 })
        .toEqual(["attention", "done", "done", "done"]);
      const refused = (await readOutbox(back)).find((item) => item.key === alteredKey);
      expect(refused?.state).toBe("attention");
      expect(refused?.problem?.code).toBe("OUTBOX_ITEM_TAMPERED");
      const sent = await listedIds(FIRST);
      expect(sent).toEqual(expect.arrayContaining([scanned.idNumber, other.idNumber, typed.idNumber]));
      expect(sent).not.toContain(altered.idNumber);
      const problem = back.locator(
        "[data-testid=outbox-row][data-state=attention] [data-testid=sync-problem]",
      );
      expect(await problem.getAttribute("data-code")).toBe("OUTBOX_ITEM_TAMPERED");
      expect(await problem.textContent()).toContain("đã bị sửa đổi");
      await expect
        .poll(async () => (await outboxLines()).map((line) => line.target), { timeout: 15_000 })
        .toEqual([`outbox item ${alteredKey} tampered`]);

      // Discarded with a reason: gone from the PC, and the discard is in the audit trail.
      await problem.getByTestId("discard").click();
      await back.getByTestId("discard-reason").selectOption("tampered");
      await back.getByTestId("discard-confirm").click();
      await expect.poll(async () => (await readOutbox(back)).length, { timeout: 15_000 }).toBe(3);
      await expect
        .poll(async () => (await outboxLines()).map((line) => line.target).sort(), { timeout: 15_000 })
        .toEqual([`outbox item ${alteredKey} discarded (tampered)`, `outbox item ${alteredKey} tampered`]);
      expect((await outboxLines()).every((line) => line.facility === FIRST)).toBe(true);
      expect(await listedIds(FIRST)).not.toContain(altered.idNumber);
      expect([...watch.errors, ...backWatch.errors]).toEqual([]);
    });
  },
);
