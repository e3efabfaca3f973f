/** The opaque page cursor of a list: the last key of a page, as base64url JSON. */
import * as z from "zod";
import { BadRequestError, ERROR_CODE } from "#domain/errors";

// DynamoDB refuses empty key values with a 500-class error, so an empty sort key is a bad cursor.
const cursorSchema = z.object({ pk: z.string(), sk: z.string().min(1) }).strict();

const badCursor = () =>
  new BadRequestError(ERROR_CODE.CURSOR_INVALID, {
    vi: "Con trỏ trang không hợp lệ.",
    en: "The page cursor is not valid.",
  });

/** The cursor of the page after the one that ended at `lastKey`; null when it was the last. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey === undefined ? null : Buffer.from(JSON.stringify(lastKey)).toString("base64url");
}

/** A page cursor back to its key; it only pages through the list it came from (no other facility or day). */
export function decodeCursor(cursor: string, expectedPk: string): { pk: string; sk: string } {
  try {
    const key = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (key.pk !== expectedPk) throw badCursor();
    return key;
  } catch {
    throw badCursor();
  }
}
