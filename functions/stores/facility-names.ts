import type { FacilityStore } from "./facility-store.ts";

/** A facility's name by its code, read once per container: names change far less often than containers. */
export interface FacilityNames {
  /** The name, or null when the facility is unknown or the table cannot be read now (a check-in never waits on it). */
  nameOf(code: string): Promise<string | null>;
}

export function makeFacilityNames(store: Pick<FacilityStore, "getFacility">): FacilityNames {
  const known = new Map<string, string>();
  return {
    async nameOf(code) {
      const cached = known.get(code);
      if (cached !== undefined) return cached;
      try {
        const facility = await store.getFacility(code);
        if (facility === null) return null;
        known.set(code, facility.name);
        return facility.name;
      } catch {
        // The name only decorates the answer; a failed read is tried again on the next check-in.
        return null;
      }
    },
  };
}
