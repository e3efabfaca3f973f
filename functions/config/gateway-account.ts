import * as z from "zod";
import { ERROR_CODE } from "#domain/errors";

/** The national gateway account: as the deployment stores it in Secrets Manager, or as local settings give it. */
const gatewayAccountSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
});

/**
 * The one facility the install's own account serves: the demo facility, so that `npm start`
 * pointed at another gateway works from the environment. Every other facility checks under the
 * account registered for it, or not at all.
 */
export const INSTALL_ACCOUNT_FACILITY = "01001";

/** The account a gateway client signs in with (and the one the mock accepts). */
export type GatewayAccount = z.infer<typeof gatewayAccountSchema>;

/** Reads a secret's string value by ARN. */
export type SecretReader = (arn: string) => Promise<string>;

/** Raised at cold start when the gateway account cannot be read or has the wrong shape. */
export class GatewaySecretError extends Error {
  override readonly name = "GatewaySecretError";
  readonly code = ERROR_CODE.GATEWAY_SECRET_INVALID;
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
 * The national gateway account, read once at cold start and handed to whoever needs it: from the
 * secret named by `GATEWAY_SECRET_ARN` in AWS (so the password never sits in the function's
 * configuration), else from GATEWAY_USERNAME and GATEWAY_PASSWORD (local runs, tests). Nothing
 * is written back into the environment.
 */
export async function loadGatewayAccount(
  env: NodeJS.ProcessEnv = process.env,
  read: SecretReader = readFromSecretsManager,
): Promise<GatewayAccount> {
  const arn = env.GATEWAY_SECRET_ARN;
  if (arn === undefined || arn === "") {
    const local = gatewayAccountSchema.safeParse({
      username: env.GATEWAY_USERNAME,
      password: env.GATEWAY_PASSWORD,
    });
    if (!local.success)
      throw new GatewaySecretError("Set GATEWAY_SECRET_ARN, or GATEWAY_USERNAME and GATEWAY_PASSWORD");
    return local.data;
  }
  let value: unknown;
  try {
    value = JSON.parse(await read(arn));
  } catch (error) {
    if (error instanceof GatewaySecretError) throw error;
    throw new GatewaySecretError("The gateway secret could not be read", { cause: error });
  }
  const parsed = gatewayAccountSchema.safeParse(value);
  // Never echo the value: it holds the password.
  if (!parsed.success) throw new GatewaySecretError("The gateway secret needs a username and a password");
  return parsed.data;
}
