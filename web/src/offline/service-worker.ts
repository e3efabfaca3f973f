/**
 * Registers the service worker that keeps the pages working offline, and tells the page when a
 * new version waits, with the one action that lets it in (then the page reloads once).
 */
import { Workbox } from "workbox-window";

/** How often an open page asks for a new version (the browser also checks on every load). */
const UPDATE_CHECK_MS = 60 * 60_000;

export function registerServiceWorker(onUpdateReady: (apply: () => void) => void): void {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  const workbox = new Workbox("/sw.js");
  workbox.addEventListener("waiting", () => {
    onUpdateReady(() => {
      // The new version takes over (whichever page found it): this page reloads into it, once.
      navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
      workbox.messageSkipWaiting();
    });
  });
  void workbox.register().then(() => {
    setInterval(() => void workbox.update(), UPDATE_CHECK_MS);
  });
}
