/** The gateway never sees an account's password: token/take and every call's query carry its MD5 digest. */
import { createHash } from "node:crypto";

/** The MD5 digest of the password's UTF-8 bytes in upper-case hex, as hospital software sends it. */
export function passwordDigest(password: string): string {
  return createHash("md5").update(password, "utf8").digest("hex").toUpperCase();
}
