/**
 * The security headers of the three pages, in one place for the local server and the CloudFront
 * response-headers policy. Plain data, no CDK: the local server imports it at start-up.
 */

/**
 * The pages' Content-Security-Policy: same-origin scripts only (everything is bundled), camera
 * frames as blobs, and `connectSources` besides the page's own origin (the sign-in service's token
 * endpoint in AWS; none locally).
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    `connect-src ${["'self'", ...connectSources].join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** The reception and kiosk pages use the camera; nothing else may. */
export const PERMISSIONS_POLICY = "camera=(self), microphone=()";

/** The headers every page answer carries, as the local server sends them. */
export function pageHeaders(connectSources: readonly string[] = []): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(connectSources),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": PERMISSIONS_POLICY,
  };
}
