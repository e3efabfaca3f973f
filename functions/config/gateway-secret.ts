import * as z from "zod";

/** The gateway account as the deployment stores it in Secrets Manager. */
const gatewaySecretSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
});

/** Reads a secret's string value by ARN. */
export type SecretReader = (arn: string) => Promise<string>;

/** Raised at cold start when the gateway secret cannot be read or has the wrong shape. */
export class GatewaySecretError extends Error {
  override readonly name = "GatewaySecretError";
  readonly code = "GATEWAY_SECRET_INVALID";
}

/** Reads a secret with the AWS SDK, imported only when a secret is configured (never in local runs). */
const readFromSecretsManager: SecretReader = async (arn) => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient({});
  const result = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (result.SecretString === undefined)
    throw new GatewaySecretError("The gateway secret has no string value");
  return result.SecretString;
};

/**
 * Puts the national gateway account into the settings: when `GATEWAY_SECRET_ARN` is set (in AWS),
 * GATEWAY_USERNAME and GATEWAY_PASSWORD are taken from that secret, so the password never sits in
 * the function's configuration. Without it (local runs, tests) nothing happens. Call it once, at
 * cold start, before the registry settings are read.
 */
export async function loadGatewaySecret(
  env: NodeJS.ProcessEnv = process.env,
  read: SecretReader = readFromSecretsManager,
): Promise<void> {
  const arn = env.GATEWAY_SECRET_ARN;
  if (arn === undefined || arn === "") return;
  let value: unknown;
  try {
    value = JSON.parse(await read(arn));
  } catch (error) {
    if (error instanceof GatewaySecretError) throw error;
    throw new GatewaySecretError("The gateway secret could not be read", { cause: error });
  }
  const parsed = gatewaySecretSchema.safeParse(value);
  // Never echo the value: it holds the password.
  if (!parsed.success) throw new GatewaySecretError("The gateway secret needs a username and a password");
  env.GATEWAY_USERNAME = parsed.data.username;
  env.GATEWAY_PASSWORD = parsed.data.password;
}
