import type { Bilingual } from "#domain/errors";
import type { CheckinInput } from "#web/api/checkins";
import type { RoomOption } from "#web/api/rooms";
import type { KioskCheckinAnswer } from "#web/api/schemas";

/** The screen a kiosk shows: the camera, the keypad, the answer, a problem, or offline. */
export type KioskStep =
  | { kind: "scan" }
  | { kind: "keypad" }
  | { kind: "sending" }
  /** The card is read and the facility has several open rooms: the patient picks one. */
  | { kind: "room"; scanned: CheckinInput; rooms: readonly RoomOption[] }
  | { kind: "result"; answer: KioskCheckinAnswer }
  | { kind: "problem"; messages: Bilingual }
  /** The kiosk may not check cards (its facility names no clerk for it): this patient goes to the desk. */
  | { kind: "desk" }
  /** No network or no server: patients are sent to the reception desk until it is back. */
  | { kind: "offline" };
