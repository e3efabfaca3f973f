/** The deployment's runtime settings from /config.json; absent (locally) means local demo sign-in. */
import { z } from "zod";

const configSchema = z.object({
  cognito: z.object({
    /** Hosted UI base, e.g. https://tiepdon.auth.ap-southeast-1.amazoncognito.com */
    domain: z.url(),
    clientId: z.string().min(1),
    scopes: z.array(z.string()).default(["openid", "email", "profile"]),
  }),
});
export type RuntimeConfig = z.infer<typeof configSchema>;

/** The Cognito settings, or null in local mode (no file, or not a valid file). */
export async function loadRuntimeConfig(): Promise<RuntimeConfig | null> {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (!response.ok) return null;
    const parsed = configSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
