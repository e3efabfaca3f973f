import * as z from "zod";
import { BadRequestError } from "#domain/errors";
import { isIsoDate, vnDay } from "#domain/vn-time";
import { checkinStore } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { toAnswer } from "#functions/stores/checkin-record";

const logger = makeLogger("checkins-list");
const store = checkinStore();

const querySchema = z
  .object({
    date: z.union([z.literal("today"), z.string().refine(isIsoDate, "a date YYYY-MM-DD")]).optional(),
    cursor: z.string().max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

// DynamoDB refuses empty key values with a 500-class error, so an empty sort key is a bad cursor.
const cursorSchema = z.object({ pk: z.string(), sk: z.string().min(1) }).strict();

const badCursor = () =>
  new BadRequestError("CURSOR_INVALID", {
    vi: "Con trỏ trang không hợp lệ.",
    en: "The page cursor is not valid.",
  });

function decodeCursor(cursor: string | undefined, expectedPk: string): Record<string, unknown> | null {
  if (cursor === undefined) return null;
  try {
    const key = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    // A cursor only pages through the list it came from: no reading another facility or day with it.
    if (key.pk !== expectedPk) throw badCursor();
    return key;
  } catch {
    throw badCursor();
  }
}

/** GET /api/checkins?date=: the receptionist's own facility's check-ins of a day, newest first. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  const query = parseQuery(event, querySchema);
  const facility = facilityOf(principal);
  const day = query.date === undefined || query.date === "today" ? vnDay(new Date()) : query.date;
  const page = await store.listDay(facility, day, {
    limit: query.limit ?? 50,
    cursor: decodeCursor(query.cursor, `CHK#${facility}#${day}`),
  });
  return jsonResponse(200, {
    date: day,
    items: page.items.map((item) => toAnswer(item, false)),
    nextCursor: page.next === null ? null : Buffer.from(JSON.stringify(page.next)).toString("base64url"),
  });
});
