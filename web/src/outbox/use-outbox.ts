import { useEffect, useMemo, useState } from "preact/hooks";
import { queueSeriesAnswerSchema } from "#domain/contract";
import { postRecheck } from "#web/api/checkins";
import { requestJson } from "#web/api/client";
import { isCurrent, type Session } from "#web/auth/session";
import type { FacilityKeys } from "#web/outbox-seal/seal-crypto";
import { facilityKeys } from "#web/outbox-seal/seal-keys";
import { deviceOf, keepSeries, type OutboxDb, openOutbox } from "./outbox-db.ts";
import type { DeviceRecord } from "./outbox-records.ts";
import type { OutboxSnapshot } from "./outbox-state.ts";
import { OutboxSync } from "./outbox-sync.ts";

export interface OutboxState {
  readonly sync: OutboxSync | null;
  readonly snapshot: OutboxSnapshot | null;
  /** The device's offline series at this facility, once leased. */
  readonly device: DeviceRecord | null;
}

/** Leases this device's offline series while online; a device that has one keeps it. */
async function ensureSeries(db: OutboxDb, facility: string, token: string): Promise<DeviceRecord | null> {
  const known = await deviceOf(db, facility);
  if (known !== null) return known;
  try {
    const answer = await requestJson(
      { method: "POST", path: "/api/checkins/series", token, retries: 2 },
      queueSeriesAnswerSchema,
    );
    return await keepSeries(db, facility, answer.series);
  } catch {
    return null;
  }
}

/**
 * The reception page's outbox: opened once per facility with that facility's keys, kept up to
 * date with the sign-in. Another facility signed in on this browser opens its own keys and
 * never reads, shows or sends these items.
 */
export function useOutbox(session: Session, renew: () => Promise<string | null>): OutboxState {
  const facility = session.facility ?? "";
  const [db, setDb] = useState<OutboxDb | null>(null);
  const [keys, setKeys] = useState<FacilityKeys | null>(null);
  const [snapshot, setSnapshot] = useState<OutboxSnapshot | null>(null);
  const [device, setDevice] = useState<DeviceRecord | null>(null);

  useEffect(() => {
    let cancelled = false;
    void openOutbox().then((opened) => {
      if (!cancelled) setDb(opened);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (facility === "") return;
    let cancelled = false;
    void facilityKeys(facility).then((made) => {
      if (!cancelled) setKeys(made);
    });
    return () => {
      cancelled = true;
    };
  }, [facility]);

  const sync = useMemo(
    () =>
      db === null || keys === null || keys.facility !== facility
        ? null
        : new OutboxSync(db, keys, { token: () => null, renew: async () => null }, (token) =>
            postRecheck(token),
          ),
    [db, keys, facility],
  );

  useEffect(() => {
    if (sync === null) return;
    const unsubscribe = sync.subscribe(setSnapshot);
    sync.start();
    return () => {
      unsubscribe();
      sync.stop();
    };
  }, [sync]);

  useEffect(() => {
    // The token is sent even when this computer's clock says it expired: the server's clock decides (401).
    sync?.setAuth({ token: () => session.token, renew });
  }, [sync, session, renew]);

  useEffect(() => {
    if (db === null || facility === "") return;
    let cancelled = false;
    const lease = async () => {
      const record = isCurrent(session)
        ? await ensureSeries(db, facility, session.token)
        : await deviceOf(db, facility);
      if (!cancelled) setDevice(record);
    };
    void lease();
    return () => {
      cancelled = true;
    };
  }, [db, facility, session, snapshot?.offline]);

  return { sync, snapshot, device };
}
