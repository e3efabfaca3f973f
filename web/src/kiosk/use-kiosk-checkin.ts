import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ERROR_CODE } from "#domain/errors";
import { vnDay } from "#domain/vn-time";
import { type CheckinInput, newIdempotencyKey, postKioskCheckin } from "#web/api/checkins";
import { ApiError, messagesOf } from "#web/api/client";
import { getRoomsOnce } from "#web/api/rooms";
import type { KioskCheckinAnswer } from "#web/api/schemas";
import type { CameraState } from "#web/camera/use-camera";
import { playCue } from "#web/feedback/beep";
import { speakVietnamese } from "#web/feedback/speech";
import { currentLang } from "#web/i18n/lang";
import type { FrameScan } from "#web/qr-decoder/decode-frame";
import { makeReaderTracker, pageStorage, READER_TIMING } from "#web/scan-handling/reader-tracker";
import { makeRepeatFilter } from "#web/scan-handling/repeat-filter";
import { decideScan } from "#web/scan-handling/scan-decision";
import { printTicket } from "../ticket/print-ticket.ts";
import { spokenTicket } from "./kiosk-room-texts.ts";
import type { KioskStep } from "./kiosk-step.ts";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";

/** The spoken cue is always Vietnamese: the voice is for patients who may not read the screen. */
function speakResult(answer: KioskCheckinAnswer): void {
  const number =
    answer.roomTicket == null
      ? `Số thứ tự của ông bà là ${answer.queueNumber}.`
      : spokenTicket(answer.roomTicket);
  const said = speakVietnamese(`${number} ${KIOSK_TEXTS.vi.plain[answer.status]}`);
  if (!said) playCue(answer.status === "covered" ? "success" : "attention");
}

export interface KioskCheckin {
  /**
   * Offers the open rooms when the facility has more than one, else sends the check-in (the
   * facility's default room applies).
   */
  checkIn(scanned: CheckinInput): Promise<void>;
  /** Sends a check-in with the reader counts, then shows, speaks and prints the answer. */
  send(scanned: CheckinInput): Promise<void>;
  /** A text the camera read. */
  onText(text: string): void;
  /** A camera frame looked at, for the reader counts. */
  onFrame(scan: FrameScan, at: number): void;
  /** A code has been in view too long without a read: the patient is invited to type. */
  readonly cannotRead: boolean;
  /** Forgets the last patient's code and hint, for the next one. */
  clear(): void;
}

/** How long a patient waits for the kiosk to renew a refused sign-in before going to the desk. */
const RENEWAL_WAIT_MS = 20_000;

/** The renewed token, or undefined when the renewal took longer than a patient should wait. */
function renewedInTime(renew: () => Promise<string | null>): Promise<string | null | undefined> {
  return Promise.race([
    renew(),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), RENEWAL_WAIT_MS)),
  ]);
}

/** The kiosk's check-in: camera reads and typed IDs in, the answer out, reader counts kept on the way. */
export function useKioskCheckin(
  token: string,
  renew: () => Promise<string | null>,
  camera: CameraState,
  setStep: (step: KioskStep) => void,
): KioskCheckin {
  const repeats = useRef(makeRepeatFilter(5_000));
  const reader = useRef(makeReaderTracker({ ...READER_TIMING, storage: pageStorage() }));
  const [cannotRead, setCannotRead] = useState(false);
  useEffect(() => reader.current.cameraLive(camera.kind === "live"), [camera]);

  const clear = useCallback(() => {
    setCannotRead(false);
    repeats.current.reset();
  }, []);

  const send = useCallback(
    async (scanned: CheckinInput) => {
      setStep({ kind: "sending" });
      const input = { ...scanned, reader: reader.current.report(new Date()) };
      const key = newIdempotencyKey();
      // A sign-in the server refused (expired or revoked there) is renewed and the same check-in
      // sent again under the same key, so the patient in front of the kiosk still gets a number.
      const post = async () => {
        try {
          return await postKioskCheckin(token, input, key);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
          const fresh = await renewedInTime(renew);
          if (fresh === undefined) throw new ApiError(0, error.code, messagesOf(error));
          if (fresh === null) throw error;
          return await postKioskCheckin(fresh, input, key);
        }
      };
      try {
        const answer = await post();
        // A duplicate counted nothing: its failed scans go with the next check-in.
        if (!answer.duplicate) reader.current.counted(input.reader);
        setStep({ kind: "result", answer });
        speakResult(answer);
        // Every kiosk check-in prints its ticket, a repeat too: the patient may have lost the first.
        setTimeout(() => printTicket(answer, currentLang()), 0);
      } catch (error) {
        playCue("error");
        // The kiosk keeps no outbox: without the server the patient is checked in at the desk.
        if (error instanceof ApiError && (error.status === 0 || error.status >= 500))
          setStep({ kind: "offline" });
        else if (error instanceof ApiError && error.code === ERROR_CODE.KIOSK_CLERK_MISSING)
          setStep({ kind: "desk" });
        else setStep({ kind: "problem", messages: messagesOf(error) });
      }
    },
    [token, renew, setStep],
  );

  const checkIn = useCallback(
    async (scanned: CheckinInput) => {
      setStep({ kind: "sending" });
      // Without the list the facility's default room still gives the patient a ticket.
      const rooms = await getRoomsOnce(token).then(
        (list) => list.rooms.filter((room) => room.open),
        () => [],
      );
      if (rooms.length > 1) setStep({ kind: "room", scanned, rooms });
      else await send(scanned);
    },
    [token, setStep, send],
  );

  const onText = useCallback(
    (text: string) => {
      if (!repeats.current.accept(text, performance.now())) return;
      const decision = decideScan(text, vnDay(new Date()));
      // A patient who holds up the insurance card's QR is served with it: no method to choose at a kiosk.
      if (decision.kind === "send")
        void checkIn({ method: decision.method, payload: decision.payload, channel: "kiosk" });
      else if (decision.kind === "bhyt")
        void checkIn({ method: "bhyt-card", payload: decision.payload, channel: "kiosk" });
      else {
        reader.current.refused();
        playCue("error");
        setStep({ kind: "problem", messages: decision.messages });
      }
    },
    [checkIn, setStep],
  );
  const onFrame = useCallback((scan: FrameScan, at: number) => {
    if (reader.current.cameraFrame(scan, at)) setCannotRead(true);
  }, []);

  return { checkIn, send, onText, onFrame, cannotRead, clear };
}
