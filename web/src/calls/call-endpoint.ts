/**
 * Where a screen subscribes to calls, from /config.json: AppSync Events' real-time endpoint in
 * AWS (written by the stack), the local server's own socket locally. Null when none is given.
 */
import * as z from "zod";
import type { SocketEndpoint } from "./event-socket.ts";

const endpointSchema = z.object({
  callsUrl: z.string().regex(/^wss?:\/\/[^/]+\//),
  callsHost: z.string().min(1),
});

/** The configuration the sign-in kept from its last read, for a page opened offline. */
const KEPT_KEY = "tiepdon.config";

function endpointOf(body: unknown): SocketEndpoint | null {
  const parsed = endpointSchema.safeParse(body);
  return parsed.success ? { url: parsed.data.callsUrl, host: parsed.data.callsHost } : null;
}

/** Reads the calls' socket endpoint; the kept configuration when the network is down. */
export async function loadCallEndpoint(): Promise<SocketEndpoint | null> {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (response.ok) return endpointOf(await response.json());
  } catch {
    // Offline: the configuration read last time, below.
  }
  try {
    return endpointOf(JSON.parse(localStorage.getItem(KEPT_KEY) ?? "null"));
  } catch {
    return null;
  }
}
