import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import * as z from "zod";

/** Only this OS account may enter the data folder or read its files. */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/** The name DynamoDB Local gives its database when every key shares one (`-sharedDb`). */
const SHARED_DATABASE_FILE = "shared-local-instance.db";

/** The key pair the local functions sign DynamoDB Local requests with. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const credentialsSchema = z.object({
  // DynamoDB Local takes only letters and digits in an access key id.
  accessKeyId: z.string().regex(/^[A-Za-z0-9]{16,128}$/),
  secretAccessKey: z.string().min(20),
});

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function randomKeyId(length: number): string {
  const bytes = randomBytes(length);
  let id = "";
  // 256 is not a multiple of 36: the slight bias costs under a bit of the key's ~100 bits.
  for (const byte of bytes) id += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return id;
}

/** Creates the folder (or tightens an existing one) so that only this account can open it. */
export function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  chmodSync(dir, FOLDER_MODE);
}

/**
 * This install's own DynamoDB Local key, made once with random values and kept in the data folder.
 * DynamoDB Local without `-sharedDb` keeps a database per access key and region, so a caller with
 * any other key sees an empty database, not tiepdon's.
 */
export function installCredentials(dataDir: string): LocalCredentials {
  const file = join(dataDir, "dynamodb-credentials.json");
  if (existsSync(file)) {
    chmodSync(file, FILE_MODE);
    return credentialsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  }
  const credentials: LocalCredentials = {
    accessKeyId: `TDL${randomKeyId(21)}`,
    secretAccessKey: randomBytes(30).toString("base64url"),
  };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: FILE_MODE });
  return credentials;
}

/** The file DynamoDB Local keeps a key's database in, when it runs without `-sharedDb`. */
function databaseFileOf(credentials: LocalCredentials, region: string): string {
  return `${credentials.accessKeyId}_${region}.db`;
}

/**
 * Moves a database made by an earlier version (one shared by every key) to this install's own key,
 * once. Answers what it did, for the start-up log, or null when there was nothing to move.
 */
export function migrateSharedDatabase(
  databaseDir: string,
  credentials: LocalCredentials,
  region: string,
): string | null {
  const shared = join(databaseDir, SHARED_DATABASE_FILE);
  if (!existsSync(shared)) return null;
  const own = join(databaseDir, databaseFileOf(credentials, region));
  if (existsSync(own)) {
    return `an older database shared by every key is still in ${SHARED_DATABASE_FILE}; this install no longer reads it, delete it when you no longer need it`;
  }
  renameSync(shared, own);
  return "moved the database from the shared DynamoDB Local file to this install's own key (once); other keys now see no tables";
}

/** Gives every file under the folder mode 600 and every folder mode 700. */
export function lockDown(dir: string): void {
  if (!existsSync(dir)) return;
  chmodSync(dir, FOLDER_MODE);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) lockDown(path);
    else chmodSync(path, FILE_MODE);
  }
}
