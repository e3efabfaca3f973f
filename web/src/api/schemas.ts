/**
 * The answers the pages read from the API, parsed with the contract's own schemas
 * (functions/domain/contract.ts): nothing is trusted by a cast, and nothing is defined twice.
 */
import * as z from "zod";
import type { CheckinAnswer, Xml0Status } from "#domain/contract";

export {
  type CheckinList,
  checkinAnswerSchema,
  checkinListSchema,
  errorBodySchema,
  type KioskCheckinAnswer,
  kioskCheckinAnswerSchema,
  type RecheckSummary,
  recheckSummarySchema,
  type Xml0Status,
} from "#domain/contract";

/** A check-in answer as the pages hold it; a row of the day's list also says where its XML0 stands. */
export type CheckinAnswerView = CheckinAnswer & { readonly xml0?: Xml0Status | null };

/** The local demo sign-in's answer (POST /api/dev/token, local mode only). */
export const tokenSchema = z.object({ token: z.string().min(1) });
