/**
 * Every page path a sign-in starts from and comes back to: each is a redirect and sign-out URI of
 * the pages' app client, in the stack's Cognito client and in the local OpenID provider alike.
 */
export const SIGN_IN_PATHS: readonly string[] = [
  "/",
  "/kiosk",
  "/kiosk/",
  "/dashboard",
  "/dashboard/",
  "/room",
  "/display",
  "/admin",
];
