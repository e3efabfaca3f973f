/** The deployment's runtime settings from /config.json (written by the CDK stack); absent locally. */
import * as z from "zod";

const configSchema = z.object({
  /** Hosted UI base, e.g. https://tiepdon-123.auth.ap-southeast-1.amazoncognito.com */
  authDomain: z.url(),
  clientId: z.string().min(1),
  region: z.string().optional(),
  userPoolId: z.string().optional(),
});

export interface CognitoConfig {
  readonly domain: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

export interface RuntimeConfig {
  readonly cognito: CognitoConfig;
}

/** The Cognito settings, or null in local mode (no file, or not a valid file). */
export async function loadRuntimeConfig(): Promise<RuntimeConfig | null> {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (!response.ok) return null;
    const parsed = configSchema.safeParse(await response.json());
    if (!parsed.success) return null;
    return {
      cognito: {
        domain: parsed.data.authDomain,
        clientId: parsed.data.clientId,
        scopes: ["openid", "email", "profile"],
      },
    };
  } catch {
    return null;
  }
}
