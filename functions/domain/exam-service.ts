/**
 * The exam service a visit is registered for, as XML0 names it: the room's own service when the
 * patient was sent to a room, else the facility's default exam (exam-services.json, data because
 * price-list codes change and facilities differ).
 */
import * as z from "zod";
import data from "#data/exam-services.json" with { type: "json" };
import type { ExamService } from "./xml0.ts";

const serviceSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,50}$/),
  name: z.string().min(1).max(1024),
});
const fileSchema = z.object({
  default: serviceSchema,
  facilities: z.record(z.string().regex(/^\d{5}$/), serviceSchema),
});

const services = fileSchema.parse(data);

/** The facility's default exam service (the general exam unless the facility names its own). */
function defaultExamService(facilityCode: string): ExamService {
  return services.facilities[facilityCode] ?? services.default;
}

/** The service a visit's XML0 names: the room's when it has one, else the facility's default exam. */
export function examServiceOf(facilityCode: string, roomService: ExamService | null): ExamService {
  return roomService ?? defaultExamService(facilityCode);
}
