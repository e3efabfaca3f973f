import { ERROR_CODE } from "#domain/errors";
import { MIN_SUBJECT_KEY_BYTES } from "#functions/privacy/subject-hash";

/** Reads a secret's string value by ARN. */
export type SubjectSecretReader = (arn: string) => Promise<string>;

/** Raised at cold start when the subject key is missing or too short. */
class SubjectKeyError extends Error {
  override readonly name = "SubjectKeyError";
  readonly code = ERROR_CODE.SUBJECT_KEY_INVALID;
}

const readFromSecretsManager: SubjectSecretReader = async (arn) => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const result = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (result.SecretString === undefined)
    throw new SubjectKeyError("The subject key secret has no string value");
  return result.SecretString;
};

function keyOf(text: string): Uint8Array {
  const bytes = Buffer.from(text.trim(), "base64");
  // Never echo the value: it is the key.
  if (bytes.byteLength < MIN_SUBJECT_KEY_BYTES)
    throw new SubjectKeyError(`The subject key must be base64 of at least ${MIN_SUBJECT_KEY_BYTES} bytes`);
  return new Uint8Array(bytes);
}

/**
 * The deployment's key for hashing ID numbers, read once at cold start: from the secret named by
 * `SUBJECT_KEY_SECRET_ARN` in AWS, else from `SUBJECT_KEY` (base64; local runs and tests).
 */
export async function loadSubjectKey(
  env: NodeJS.ProcessEnv = process.env,
  read: SubjectSecretReader = readFromSecretsManager,
): Promise<Uint8Array> {
  const arn = env.SUBJECT_KEY_SECRET_ARN;
  if (arn !== undefined && arn !== "") {
    try {
      return keyOf(await read(arn));
    } catch (error) {
      if (error instanceof SubjectKeyError) throw error;
      throw new SubjectKeyError("The subject key secret could not be read", { cause: error });
    }
  }
  const local = env.SUBJECT_KEY;
  if (local === undefined || local === "")
    throw new SubjectKeyError("Set SUBJECT_KEY_SECRET_ARN or SUBJECT_KEY");
  return keyOf(local);
}
