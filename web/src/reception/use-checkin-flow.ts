import { useCallback, useRef, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { Channel } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import { type CheckinInput, newIdempotencyKey, postCheckin } from "#web/api/checkins";
import { ApiError, messagesOf } from "#web/api/client";
import type { CheckinAnswerView } from "#web/api/schemas";
import { playCue } from "#web/feedback/beep";
import { checkInOffline } from "#web/outbox/offline-checkin";
import type { OutboxSync } from "#web/outbox/outbox-sync";
import type { FrameScan } from "#web/qr-decoder/decode-frame";
import { makeReaderTracker, pageStorage, READER_TIMING } from "#web/scan-handling/reader-tracker";
import { makeRepeatFilter } from "#web/scan-handling/repeat-filter";
import { decideScan } from "#web/scan-handling/scan-decision";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

/** A message beside the result: a refused code, a hint, or a failed call. */
interface Notice {
  readonly tone: "error" | "warn";
  readonly messages: Bilingual;
  /** The text that was read, shown as text so the clerk sees what the scanner produced. */
  readonly scanned: string | null;
  /** For an insurance-card QR: check in with it as a BHYT card. */
  readonly sendAsCard: (() => void) | null;
}

/** What the flow needs to keep checking patients in when the server cannot be reached. */
export interface OfflineCheckins {
  readonly sync: OutboxSync | null;
  readonly facility: string;
  /** The facility's name for offline tickets, as the server last gave it. */
  readonly facilityName: string | null;
  /** Whether the sign-in still works; without it check-ins wait in the outbox for a new one. */
  readonly signedIn: () => boolean;
}

export interface CheckinFlow {
  readonly busy: boolean;
  readonly answer: CheckinAnswerView | null;
  /** True when the answer on screen is an offline ticket still waiting in the outbox. */
  readonly waiting: boolean;
  readonly notice: Notice | null;
  /** Bumps after every check-in, so the day's list reloads. */
  readonly version: number;
  handleScan(text: string, channel: Channel): void;
  submit(input: CheckinInput): Promise<boolean>;
  showNotice(notice: Notice | null): void;
  /** The camera's state and frames, and photos without a code, for the reader counts. */
  cameraLive(live: boolean): void;
  cameraFrame(scan: FrameScan, at: number): void;
  photoNothing(): void;
}

const CANNOT_READ: Bilingual = {
  vi: RECEPTION_TEXTS.vi.cameraCannotRead,
  en: RECEPTION_TEXTS.en.cameraCannotRead,
};

/** Repeated reads of one card within this time are the same scan. */
const REPEAT_COOLDOWN_MS = 5_000;

/** Scan → shared parser → check-in, one at a time, with sound and the result for the clerk. */
export function useCheckinFlow(
  token: string,
  offline: OfflineCheckins | null = null,
  roomOf: () => string | null = () => null,
): CheckinFlow {
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<CheckinAnswerView | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [version, setVersion] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const repeats = useRef(makeRepeatFilter(REPEAT_COOLDOWN_MS));
  const reader = useRef(makeReaderTracker({ ...READER_TIMING, storage: pageStorage() }));

  const send = useCallback(
    async (input: CheckinInput): Promise<boolean> => {
      setBusy(true);
      // One key and one scan time per scan, kept by the outbox for every later attempt.
      const key = newIdempotencyKey();
      const scannedAt = new Date();
      const sync = offline?.sync ?? null;
      const keepOffline = async (sentBefore: boolean): Promise<boolean> => {
        if (offline === null || sync === null) return false;
        const result = await checkInOffline(sync, {
          request: input,
          key,
          scannedAt,
          facilityName: offline.facilityName,
          sentBefore,
        });
        // The reader's counts travel with the stored item: they are not sent again with the next one.
        if (!result.answer.duplicate && input.reader !== undefined) reader.current.counted(input.reader);
        setAnswer(result.answer);
        setWaiting(result.item.state !== "done");
        setNotice(null);
        playCue(result.answer.duplicate ? "attention" : "success");
        return true;
      };
      try {
        if (sync !== null && offline !== null && (sync.isOffline() || !offline.signedIn())) {
          return await keepOffline(false);
        }
        let result: CheckinAnswerView;
        try {
          result = await postCheckin(token, input, key);
        } catch (error) {
          // No answer, or the server failing: the patient gets an offline ticket with this same key.
          if (sync !== null && error instanceof ApiError && (error.status === 0 || error.status >= 500)) {
            sync.unreachableNow();
            return await keepOffline(true);
          }
          // The sign-in was refused: the patient is kept in the outbox and sent after the new sign-in.
          if (sync !== null && error instanceof ApiError && error.status === 401)
            return await keepOffline(false);
          throw error;
        }
        // A duplicate counted nothing: its failed scans go with the next check-in.
        if (!result.duplicate && input.reader !== undefined) reader.current.counted(input.reader);
        sync?.reachable();
        if (typeof result.facilityName === "string") void sync?.rememberFacilityName(result.facilityName);
        setAnswer(result);
        setWaiting(false);
        setNotice(null);
        playCue(result.status === "covered" && !result.duplicate ? "success" : "attention");
        return true;
      } catch (error) {
        setNotice({ tone: "error", messages: messagesOf(error), scanned: null, sendAsCard: null });
        playCue("error");
        return false;
      } finally {
        setBusy(false);
        setVersion((n) => n + 1);
      }
    },
    [token, offline],
  );

  // Scans arriving while one is in flight wait their turn, so results show in scan order.
  const submit = useCallback(
    (input: CheckinInput): Promise<boolean> => {
      // The room is read when the scan is taken, and kept with it in the outbox.
      const room = roomOf();
      const withReader = {
        ...input,
        reader: reader.current.report(new Date()),
        ...(room === null ? {} : { room }),
      };
      const next = queue.current.then(() => send(withReader));
      queue.current = next.catch(() => undefined);
      return next;
    },
    [send, roomOf],
  );

  const handleScan = useCallback(
    (text: string, channel: Channel) => {
      if (channel === "scanner") reader.current.wedgeScan(new Date());
      if (!repeats.current.accept(text, performance.now())) return;
      const decision = decideScan(text, vnDay(new Date()));
      if (decision.kind === "send") {
        void submit({ method: decision.method, payload: decision.payload, channel });
        return;
      }
      if (decision.kind === "refuse") reader.current.refused();
      playCue("error");
      setNotice({
        tone: decision.kind === "bhyt" ? "warn" : "error",
        messages: decision.messages,
        scanned: text,
        sendAsCard:
          decision.kind === "bhyt"
            ? () => {
                setNotice(null);
                void submit({ method: "bhyt-card", payload: decision.payload, channel });
              }
            : null,
      });
    },
    [submit],
  );

  const cameraLive = useCallback((live: boolean) => reader.current.cameraLive(live), []);
  const cameraFrame = useCallback((scan: FrameScan, at: number) => {
    if (!reader.current.cameraFrame(scan, at)) return;
    playCue("attention");
    setNotice({ tone: "warn", messages: CANNOT_READ, scanned: null, sendAsCard: null });
  }, []);
  const photoNothing = useCallback(() => reader.current.refused(), []);

  return {
    busy,
    answer,
    waiting,
    notice,
    version,
    handleScan,
    submit,
    showNotice: setNotice,
    cameraLive,
    cameraFrame,
    photoNothing,
  };
}
