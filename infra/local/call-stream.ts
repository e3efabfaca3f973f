import type { IncomingMessage, ServerResponse } from "node:http";
import { localCallHub } from "#functions/realtime/local-call-hub";

/** Where the local server streams a facility's calls (the local stand-in of the AWS real-time channel). */
export const CALL_STREAM_PATH = "/api/calls/stream";

/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/** Roles whose screens may listen to their facility's calls. */
const LISTENERS = new Set(["kiosk", "room", "receptionist"]);

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === "string" ? value.replace(/^\[|\]$/g, "").split(/[\s,]+/) : [];
}

/**
 * Whether verified claims may listen to a facility's calls: a display, room or reception account of
 * that same facility.
 */
export function mayListen(claims: Record<string, unknown>, facility: string): boolean {
  return (
    groupsOf(claims["cognito:groups"]).some((group) => LISTENERS.has(group)) &&
    claims["custom:facility"] === facility
  );
}

/**
 * Streams the facility's calls as server-sent events (`data: <CallMessage JSON>`), the same messages
 * AppSync Events delivers in AWS. The listener goes when the connection does.
 */
export function serveCallStream(req: IncomingMessage, res: ServerResponse, facility: string): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    connection: "keep-alive",
  });
  res.write(": open\n\n");
  const unsubscribe = localCallHub.subscribe(facility, (message) => {
    res.write(`data: ${JSON.stringify(message)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(": beat\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on("close", stop);
  res.on("close", stop);
}
