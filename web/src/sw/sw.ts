/**
 * The service worker: the pages, scripts, the scan worker and styles precached (Workbox), so
 * the pages open and reload with no network. It never touches /api: check-ins wait in the page's
 * outbox, never in a background-sync queue. A new version waits until the page lets it in
 * (SKIP_WAITING), which the reception page does only when no check-in is waiting to be sent.
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
clientsClaim();

/** The three pages by the paths they are opened at (with any query, such as a sign-in's). */
const PAGES: ReadonlyArray<[RegExp, string]> = [
  [/^\/(\?.*)?$/, "/index.html"],
  [/^\/kiosk\/?(\?.*)?$/, "/kiosk.html"],
  [/^\/dashboard\/?(\?.*)?$/, "/dashboard.html"],
];
for (const [path, page] of PAGES) {
  registerRoute(new NavigationRoute(createHandlerBoundToURL(page), { allowlist: [path] }));
}

// The deployment's sign-in settings: from the network when there is one, else as last seen.
const CONFIG_CACHE = "tiepdon-config";
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === "/config.json",
  async ({ request }) => {
    const cache = await caches.open(CONFIG_CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch {
      return (await cache.match(request)) ?? Response.error();
    }
  },
);

self.addEventListener("message", (event) => {
  const data: unknown = event.data;
  if (typeof data === "object" && data !== null && "type" in data && data.type === "SKIP_WAITING") {
    void self.skipWaiting();
  }
});
