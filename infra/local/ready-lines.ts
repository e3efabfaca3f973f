/** The facility the demo links sign in at: the seeded fixture hospital. */
const DEMO_FACILITY = "01001";

/**
 * What `npm start` prints once everything answers: the base URL first (scripts wait for
 * "tiepdon ready at"), then each page with its demo sign-in link.
 */
export function readyLines(
  url: string,
  dynamoPid: number | null,
  gateway: { url: string; mock: boolean; username: string },
  /** The setting that named another gateway (the old name while it is still in use). */
  baseUrlSetting = "GATEWAY_BASE_URL",
): string[] {
  return [
    `tiepdon ready at ${url} (DynamoDB Local pid ${dynamoPid ?? "external"})`,
    `  reception  ${url}/?dev=receptionist:${DEMO_FACILITY}`,
    `  kiosk      ${url}/kiosk?dev=kiosk:${DEMO_FACILITY}`,
    `  dashboard  ${url}/dashboard?dev=health-dept:`,
    gateway.mock
      ? `  gateway    ${gateway.url} (the built-in mock; account ${gateway.username}, see "Point your hospital software at the mock")`
      : `  gateway    ${gateway.url} as ${gateway.username} (from ${baseUrlSetting}; the mock is not mounted)`,
    `  demo sign-in: the links above sign in as facility ${DEMO_FACILITY}'s receptionist and kiosk and the national health department;`,
    `  ${url}/, /kiosk and /dashboard without ?dev= show a demo sign-in form (any role, facility or province).`,
  ];
}
