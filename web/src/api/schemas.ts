/**
 * The answers the pages read from the API, parsed with the contract's own schemas
 * (functions/domain/contract.ts): nothing is trusted by a cast, and nothing is defined twice.
 */
import * as z from "zod";
import type { CheckinAnswer } from "#domain/contract";

export {
  type CheckinList,
  checkinAnswerSchema,
  checkinListSchema,
  errorBodySchema,
  type KioskCheckinAnswer,
  kioskCheckinAnswerSchema,
  type RecheckSummary,
  recheckSummarySchema,
} from "#domain/contract";

/** A check-in answer as the pages hold it. */
export type CheckinAnswerView = CheckinAnswer;

/** The local demo sign-in's answer (POST /api/dev/token, local mode only). */
export const tokenSchema = z.object({ token: z.string().min(1) });
