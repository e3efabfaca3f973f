/** The gateway never sees an account's password: token/take and every call's query carry its MD5 digest. */
import { createHash } from "node:crypto";

const MD5_HEX = /^[0-9a-f]{32}$/i;

/** The MD5 digest of the password's UTF-8 bytes in upper-case hex, as hospital software sends it. */
export function passwordDigest(password: string): string {
  return createHash("md5").update(password, "utf8").digest("hex").toUpperCase();
}

/** True when `text` is an MD5 digest in hex, in either case (the gateway accepts both). */
function isPasswordDigest(text: string): boolean {
  return MD5_HEX.test(text);
}
