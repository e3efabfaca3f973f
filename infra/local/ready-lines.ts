import { gatewayBaseUrlSetting } from "#functions/config/gateway-base-url";

/** The setting that named another gateway when this process started (the local app later sets the current name). */
const STARTED_WITH = gatewayBaseUrlSetting(process.env) ?? "GATEWAY_BASE_URL";

import { DEMO_ACCOUNTS, type FirstAdmin } from "./auth/local-sign-in.ts";

/** The facility the demo links sign in at: the seeded fixture hospital. */
const DEMO_FACILITY = "01001";

type GatewayLine = { url: string; mock: boolean; username: string };

/** `baseUrlSetting`: the setting that named another gateway (the old name while it is still in use). */
function gatewayLine(gateway: GatewayLine, baseUrlSetting: string): string {
  return gateway.mock
    ? `  gateway    ${gateway.url} (the built-in mock; account ${gateway.username}, see "Point your hospital software at the mock")`
    : `  gateway    ${gateway.url} as ${gateway.username} (from ${baseUrlSetting}; the mock is not mounted)`;
}

/**
 * What `npm start` prints once everything answers: the base URL first (scripts wait for
 * "tiepdon ready at"), then each page with its demo sign-in link, then the demo accounts that
 * sign in through the local OpenID provider as staff would.
 */
export function readyLines(
  url: string,
  dynamoPid: number | null,
  gateway: GatewayLine,
  /** The setting that named another gateway (the old name while it is still in use). */
  baseUrlSetting: string = STARTED_WITH,
): string[] {
  const width = Math.max(...DEMO_ACCOUNTS.map((account) => account.username.length));
  return [
    `tiepdon ready at ${url} (DynamoDB Local pid ${dynamoPid ?? "external"})`,
    `  reception  ${url}/?dev=receptionist:${DEMO_FACILITY}`,
    `  kiosk      ${url}/kiosk?dev=kiosk:${DEMO_FACILITY}`,
    `  dashboard  ${url}/dashboard?dev=health-dept:`,
    gatewayLine(gateway, baseUrlSetting),
    `  demo sign-in: the links above sign in as facility ${DEMO_FACILITY}'s receptionist and kiosk and the national health department;`,
    `  ${url}/, /kiosk and /dashboard without ?dev= show a demo sign-in form (any role, facility or province).`,
    `  demo accounts (the real sign-in path: "Đăng nhập bằng tài khoản" on the page, OpenID provider ${url}/auth):`,
    ...DEMO_ACCOUNTS.map(
      (account) =>
        `    ${account.username.padEnd(width)}  password ${account.password.padEnd(22)} ${url}${account.page}` +
        (account.totpSecret === undefined ? "" : `  TOTP secret ${account.totpSecret}`),
    ),
    "  (admin and health-department accounts ask for a 6-digit code: add the TOTP secret to an authenticator app)",
  ];
}

/**
 * What `npm start -- --clinic` prints: the pages without any demo sign-in and, on the first
 * start only, the first administrator's one-time password.
 */
export function clinicReadyLines(
  url: string,
  dynamoPid: number | null,
  gateway: GatewayLine,
  firstAdmin: FirstAdmin | null,
  baseUrlSetting: string = STARTED_WITH,
): string[] {
  return [
    `tiepdon ready at ${url} (clinic mode: no demo data, no demo sign-in; DynamoDB Local pid ${dynamoPid ?? "external"})`,
    `  reception  ${url}/`,
    `  kiosk      ${url}/kiosk`,
    `  dashboard  ${url}/dashboard`,
    `  sign-in    ${url}/auth (the local OpenID provider; accounts in this PC's database)`,
    gatewayLine(gateway, baseUrlSetting),
    ...(firstAdmin === null
      ? []
      : [
          `  first administrator: user name ${firstAdmin.username}, one-time password ${firstAdmin.oneTimePassword}`,
          "  (shown this once; the first sign-in asks for a new password of at least 12 characters)",
        ]),
  ];
}
