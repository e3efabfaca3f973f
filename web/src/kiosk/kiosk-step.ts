import type { Bilingual } from "#domain/errors";
import type { KioskCheckinAnswer } from "#web/api/schemas";

/** The screen a kiosk shows: the camera, the keypad, the answer, a problem, or offline. */
export type KioskStep =
  | { kind: "scan" }
  | { kind: "keypad" }
  | { kind: "sending" }
  | { kind: "result"; answer: KioskCheckinAnswer }
  | { kind: "problem"; messages: Bilingual }
  /** No network or no server: patients are sent to the reception desk until it is back. */
  | { kind: "offline" };
