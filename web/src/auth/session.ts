/** The signed-in user: a JWT kept in sessionStorage (gone with the tab) and dropped on expiry. */
import * as z from "zod";
import { PAGE_ROLES, type PageRole } from "#domain/roles";

export type Role = PageRole;

export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly facility: string | null;
  readonly province: string | null;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  readonly source: "dev" | "oidc";
}

const STORAGE_KEY = "tiepdon.session";

// Claim names shared by the local tokens and Cognito ID tokens; API Gateway may flatten groups to text.
const claimsSchema = z.object({
  exp: z.number(),
  "cognito:groups": z.union([z.array(z.string()), z.string()]).optional(),
  "custom:facility": z.string().optional(),
  "custom:province": z.string().optional(),
});

const storedSchema = z.object({ token: z.string(), source: z.enum(["dev", "oidc"]) });

/** The JWT's payload, unverified (the server verifies; the page only reads), or null. */
function payloadOf(token: string): unknown {
  const part = token.split(".")[1];
  if (part === undefined) return null;
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

function decodeClaims(token: string): z.infer<typeof claimsSchema> | null {
  const parsed = claimsSchema.safeParse(payloadOf(token));
  return parsed.success ? parsed.data : null;
}

function roleOf(groups: string[] | string | undefined): Role | null {
  const list = Array.isArray(groups) ? groups : (groups ?? "").replace(/^\[|\]$/g, "").split(/[\s,]+/);
  return PAGE_ROLES.find((role) => list.includes(role)) ?? null;
}

/** Reads the role and scope out of a token (the server verifies it; the page only needs to know). */
export function sessionFromToken(
  token: string,
  source: Session["source"],
  now = Date.now(),
  options: { keepExpired?: boolean } = {},
): Session | null {
  const claims = decodeClaims(token);
  const role = claims === null ? null : roleOf(claims["cognito:groups"]);
  if (claims === null || role === null) return null;
  if (claims.exp * 1000 <= now && options.keepExpired !== true) return null;
  return {
    token,
    role,
    facility: claims["custom:facility"] ?? null,
    province: claims["custom:province"] ?? null,
    expiresAt: claims.exp * 1000,
    source,
  };
}

/**
 * The stored session, or null when there is none or it has expired (then it is removed). With
 * `keepExpired` an expired one is kept: the reception page goes on checking patients in offline
 * and asks for a new sign-in only to send them.
 */
export function loadSession(now = Date.now(), options: { keepExpired?: boolean } = {}): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return null;
    const stored = storedSchema.safeParse(JSON.parse(raw));
    const session = stored.success
      ? sessionFromToken(stored.data.token, stored.data.source, now, options)
      : null;
    if (session === null) sessionStorage.removeItem(STORAGE_KEY);
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: session.token, source: session.source }));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Whether the session's token still works (the server refuses it after this). */
export function isCurrent(session: Session, now = Date.now()): boolean {
  return session.expiresAt > now;
}

const setupClaimsSchema = z.object({
  exp: z.number(),
  "tiepdon:mfa": z.literal("setup-required"),
  "cognito:username": z.string().optional(),
  email: z.string().optional(),
});

/**
 * Whether the ID token says its user must set up TOTP first (Cognito's pre-token step took the
 * privileged group away and added the claim); answers the name to label the secret with.
 */
export function mfaSetupRequired(idToken: string, now = Date.now()): { account: string } | null {
  const claims = setupClaimsSchema.safeParse(payloadOf(idToken));
  if (!claims.success || claims.data.exp * 1000 <= now) return null;
  return { account: claims.data["cognito:username"] ?? claims.data.email ?? "tiepdon" };
}
