/** Local demo sign-in: POST /api/dev/token, and the `?dev=role:scope` shortcut for demos and tests. */

import type { DevTokenRequest } from "#domain/dev-token";
import { PAGE_ROLES } from "#domain/roles";
import { requestJson } from "#web/api/client";
import { tokenSchema } from "#web/api/schemas";

/**
 * Reads `receptionist:01001`, `kiosk:01001`, `health-dept:` (national) or `health-dept:001`;
 * null when the text is none of these.
 */
export function parseDevParam(text: string): DevTokenRequest | null {
  const [role, scope = ""] = text.split(":", 2);
  const known = PAGE_ROLES.find((candidate) => candidate === role);
  if (known === undefined) return null;
  if (known === "health-dept" || known === "admin") {
    if (scope === "") return { role: known };
    return /^\d{3}$/.test(scope) ? { role: known, province: scope } : null;
  }
  return /^\d{5}$/.test(scope) ? { role: known, facility: scope } : null;
}

/** Asks the local server for a demo token. */
export async function requestDevToken(request: DevTokenRequest): Promise<string> {
  const answer = await requestJson(
    { method: "POST", path: "/api/dev/token", token: null, body: request },
    tokenSchema,
  );
  return answer.token;
}
