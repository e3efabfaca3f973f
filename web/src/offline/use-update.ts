import { useEffect, useState } from "preact/hooks";
import { registerServiceWorker } from "./service-worker.ts";

let registered = false;
let pending: (() => void) | null = null;
const listeners = new Set<(apply: (() => void) | null) => void>();

/**
 * Registers the service worker once per page; answers the action that installs a waiting new
 * version (and reloads), or null while there is none. The page decides when to call it.
 */
export function useServiceWorkerUpdate(): (() => void) | null {
  const [apply, setApply] = useState<(() => void) | null>(() => pending);
  useEffect(() => {
    const listener = (next: (() => void) | null) => setApply(() => next);
    listeners.add(listener);
    if (!registered) {
      registered = true;
      registerServiceWorker((action) => {
        pending = action;
        for (const notify of listeners) notify(action);
      });
    }
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return apply;
}
