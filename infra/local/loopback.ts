/** Names and addresses that reach this machine only. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True for a loopback host name or address (an IPv4 127/8 address counts). */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase();
  return LOOPBACK_HOSTS.has(name) || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * True when a request's Host header names this machine: a page of another site that a DNS name
 * points at 127.0.0.1 (DNS rebinding) sends its own name and is turned away.
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (header === undefined || header === "") return false;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed?.[1] !== undefined) return isLoopbackHost(bracketed[1]);
  return isLoopbackHost(header.replace(/:\d+$/, ""));
}

/** Why `npm start` will not listen beyond this machine, and what to do instead. */
export const NOT_LOOPBACK_REASON =
  "the local mode listens on this machine only (127.0.0.1). Its demo sign-in mints a token for any role, facility or province, so on a network address anyone on the clinic's network could read and change every check-in. For several PCs, deploy to AWS (`npx cdk deploy`, see the README), where sign-in goes through Cognito.";
