/**
 * The real-time channel of a facility's calls and the subset of AppSync Events' WebSocket protocol
 * the screens speak: the same messages to AppSync Events in AWS and to the local server. One zod
 * schema per direction. Pure.
 */
import * as z from "zod";

/** The channel namespace of calls; a facility's channel is `/calls/f<code>`. */
export const CALL_NAMESPACE = "calls";

/** Roles whose screens may subscribe to their own facility's calls: displays, room pages, reception. */
export const CALL_LISTENER_ROLES: readonly string[] = ["kiosk", "room", "receptionist"];

/** The path under which the socket is served (AppSync Events' and the local server's). */
export const EVENT_SOCKET_PATH = "/event/realtime";

/** The WebSocket subprotocol AppSync Events speaks; the second one carries the authorization. */
export const EVENT_SOCKET_PROTOCOL = "aws-appsync-event-ws";
export const AUTH_PROTOCOL_PREFIX = "header-";

/** The channel of a facility's calls ("/calls/f01001"): channel segments must start with a letter. */
export function callChannelOf(facility: string): string {
  return `/${CALL_NAMESPACE}/f${facility}`;
}

/** The facility whose calls a channel carries, or null when it is not a facility's call channel. */
export function facilityOfChannel(channel: string): string | null {
  const match = new RegExp(`^/${CALL_NAMESPACE}/f(\\d{5})$`).exec(channel);
  return match?.[1] ?? null;
}

/**
 * The authorization a client sends in the socket's subprotocol and with each subscribe: the API's
 * host and, for Cognito user pools, the ID token itself.
 */
export const eventAuthorizationSchema = z.object({
  host: z.string().min(1),
  Authorization: z.string().min(1),
});
export type EventAuthorization = z.infer<typeof eventAuthorizationSchema>;

const errorsSchema = z.array(z.object({ errorType: z.string(), message: z.string().optional() }));

/** What a client sends. */
export const clientEventMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("connection_init") }),
  z.object({
    type: z.literal("subscribe"),
    id: z.string().min(1).max(128),
    channel: z.string().min(1).max(1024),
    authorization: eventAuthorizationSchema.optional(),
  }),
  z.object({ type: z.literal("unsubscribe"), id: z.string().min(1).max(128) }),
  z.object({ type: z.literal("publish"), id: z.string().min(1).max(128) }).loose(),
]);
export type ClientEventMessage = z.infer<typeof clientEventMessageSchema>;

/** What the server sends: acknowledgements, keep-alives, events and errors. */
export const serverEventMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("connection_ack"), connectionTimeoutMs: z.number().int().positive() }),
  z.object({ type: z.literal("ka") }),
  z.object({ type: z.literal("subscribe_success"), id: z.string() }),
  z.object({
    type: z.literal("subscribe_error"),
    id: z.string().optional(),
    errors: errorsSchema.optional(),
  }),
  z.object({ type: z.literal("unsubscribe_success"), id: z.string() }),
  z.object({
    type: z.literal("unsubscribe_error"),
    id: z.string().optional(),
    errors: errorsSchema.optional(),
  }),
  z.object({ type: z.literal("publish_error"), id: z.string().optional(), errors: errorsSchema.optional() }),
  // AppSync Events sends each event as a JSON string.
  z.object({ type: z.literal("data"), id: z.string(), event: z.union([z.string(), z.array(z.string())]) }),
  z.object({ type: z.literal("connection_error"), errors: errorsSchema.optional() }),
  z.object({ type: z.literal("error"), id: z.string().optional(), errors: errorsSchema.optional() }),
]);
export type ServerEventMessage = z.infer<typeof serverEventMessageSchema>;
