import { useCallback, useRef, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { Channel } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import { type CheckinInput, newIdempotencyKey, postCheckin } from "#web/api/checkins";
import { messagesOf } from "#web/api/client";
import type { CheckinAnswerView } from "#web/api/schemas";
import { playCue } from "#web/feedback/beep";
import type { FrameScan } from "#web/scan/decode-frame";
import { makeReaderTracker, pageStorage, READER_TIMING } from "#web/scan-flow/reader-tracker";
import { makeRepeatFilter } from "#web/scan-flow/repeat-filter";
import { decideScan } from "#web/scan-flow/scan-decision";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

/** A message beside the result: a refused code, a hint, or a failed call. */
export interface Notice {
  readonly tone: "error" | "warn";
  readonly messages: Bilingual;
  /** The text that was read, shown as text so the clerk sees what the scanner produced. */
  readonly scanned: string | null;
  /** For an insurance-card QR: check in with it as a BHYT card. */
  readonly sendAsCard: (() => void) | null;
}

export interface CheckinFlow {
  readonly busy: boolean;
  readonly answer: CheckinAnswerView | null;
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
export function useCheckinFlow(token: string): CheckinFlow {
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<CheckinAnswerView | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [version, setVersion] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const repeats = useRef(makeRepeatFilter(REPEAT_COOLDOWN_MS));
  const reader = useRef(makeReaderTracker({ ...READER_TIMING, storage: pageStorage() }));

  const send = useCallback(
    async (input: CheckinInput): Promise<boolean> => {
      setBusy(true);
      try {
        const result = await postCheckin(token, input, newIdempotencyKey());
        // A duplicate counted nothing: its failed scans go with the next check-in.
        if (!result.duplicate && input.reader !== undefined) reader.current.counted(input.reader);
        setAnswer(result);
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
    [token],
  );

  // Scans arriving while one is in flight wait their turn, so results show in scan order.
  const submit = useCallback(
    (input: CheckinInput): Promise<boolean> => {
      const withReader = { ...input, reader: reader.current.report(new Date()) };
      const next = queue.current.then(() => send(withReader));
      queue.current = next.catch(() => undefined);
      return next;
    },
    [send],
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
