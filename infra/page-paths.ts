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

/**
 * The pages an unattended device runs (the self-service kiosk and the waiting-room screen): the
 * redirect and sign-out URIs of the devices' own app client, whose sign-in lasts for weeks.
 */
export const DEVICE_PATHS: readonly string[] = ["/kiosk", "/kiosk/", "/display"];
