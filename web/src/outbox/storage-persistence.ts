import type { PersistState } from "./outbox-state.ts";

/** Asks the browser not to clear the outbox under storage pressure, and says what it answered. */
export async function askPersistentStorage(): Promise<PersistState> {
  const storage = navigator.storage;
  if (storage?.persist === undefined) return "unsupported";
  try {
    const granted = (await storage.persisted()) || (await storage.persist());
    return granted ? "granted" : "refused";
  } catch {
    return "refused";
  }
}
