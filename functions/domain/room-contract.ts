/**
 * The HTTP contract of exam rooms, their queues and the calls shown in the waiting room, one zod
 * schema per boundary: the functions build the answers, the pages parse them, and the OpenAPI
 * document is generated from them.
 */
import * as z from "zod";
import { PRIORITY_MARKS } from "./priority.ts";

/**
 * A room id: the facility's code, then a short lower-case name safe in a URL ("01001-noi-1"), so a
 * request naming another facility's room is recognised as such and refused.
 */
const ROOM_ID_PATTERN = /^\d{5}-[a-z0-9][a-z0-9-]{0,31}$/;

/** True when the room id belongs to the facility. */
export function isRoomOf(roomId: string, facility: string): boolean {
  return roomId.startsWith(`${facility}-`);
}
export const roomIdSchema = z.string().regex(ROOM_ID_PATTERN);

/** An exam room or service of a facility; its exam service is what XML0 sends as MA_DICH_VU/TEN_DICH_VU. */
export const roomSchema = z.object({
  id: roomIdSchema,
  name: z.string().min(1).max(80),
  /** The number the waiting room hears ("phòng khám số 3") and the ticket starts with ("P3"). */
  number: z.number().int().min(1).max(999),
  serviceCode: z.string().min(1).max(50),
  serviceName: z.string().min(1).max(200),
  open: z.boolean(),
  /** Why a closed room takes no calls, shown to whoever tries ("Bác sĩ đi hội chẩn"). */
  closedReason: z.string().max(200).nullable(),
});
export type Room = z.infer<typeof roomSchema>;

/** A room created or changed: the body of `POST /api/rooms` and of the admin page's room writes. */
export const roomWriteSchema = roomSchema.strict();

/** `/api/admin/facilities/{code}/rooms/{room}` path: the facility and one of its rooms. */
export const adminRoomPathSchema = z.object({ code: z.string().regex(/^\d{5}$/), room: roomIdSchema });

/** `GET /api/admin/facilities/{code}/rooms` answer: every room of the facility, open or closed. */
export const adminRoomListSchema = z.object({ facility: z.string(), rooms: z.array(roomSchema) });

/** GET /api/rooms answer item: the room and how many wait for it today. */
const roomWithQueueSchema = roomSchema.extend({ waiting: z.number().int().min(0) });

export const roomListAnswerSchema = z.object({ date: z.string(), rooms: z.array(roomWithQueueSchema) });

/** A call as the waiting room sees it: numbers and rooms only, nothing personal. */
export const callSchema = z.object({
  /** Unique and increasing within the facility's day: the `since` of the next catch-up. */
  callId: z.string(),
  room: roomIdSchema,
  roomNumber: z.number().int(),
  number: z.number().int(),
  label: z.string(),
  priority: z.boolean(),
  kind: z.enum(["call", "recall"]),
  /** When it was called (ISO 8601, UTC). */
  at: z.string(),
});
export type Call = z.infer<typeof callSchema>;

/** GET /api/calls query: the display names its facility, which must be the caller's own. */
export const callsQuerySchema = z
  .object({
    facility: z.string().regex(/^\d{5}$/),
    since: z.string().max(200).optional(),
  })
  .strict();

export const callsAnswerSchema = z.object({ date: z.string(), calls: z.array(callSchema) });

/** The states of a ticket after it left the waiting list. */
export const TICKET_STATES = ["waiting", "called", "missed", "done"] as const;

/** A ticket as the room page lists it; the name only goes to room staff, the mark never says why. */
const queueTicketSchema = z.object({
  number: z.number().int(),
  label: z.string(),
  checkinId: z.string(),
  name: z.string().nullable(),
  priority: z.boolean(),
  state: z.enum(TICKET_STATES),
  arrivedAt: z.string(),
  calledAt: z.string().nullable(),
});
export type QueueTicket = z.infer<typeof queueTicketSchema>;

/** GET /api/rooms/{room}/queue answer. */
export const roomQueueAnswerSchema = z.object({
  date: z.string(),
  room: roomSchema,
  waiting: z.array(queueTicketSchema),
  called: z.array(queueTicketSchema),
  missed: z.array(queueTicketSchema),
});

/** POST /api/rooms/{room}/calls answer: the called visit and its ticket. */
export const callAnswerSchema = z.object({
  checkinId: z.string(),
  ticket: queueTicketSchema,
  call: callSchema,
});

/** POST /api/rooms/{room}/tickets/{number} body: what room staff do with a called or missed ticket. */
const TICKET_ACTIONS = ["recall", "skip", "return", "done"] as const;
export const ticketActionSchema = z.object({ action: z.enum(TICKET_ACTIONS) }).strict();
export type TicketAction = z.infer<typeof ticketActionSchema>["action"];

export const ticketActionAnswerSchema = z.object({
  ticket: queueTicketSchema,
  call: callSchema.nullable(),
});

/** A priority mark as a page sends it: only the law's marks parse. */
const priorityMarkSchema = z.enum(PRIORITY_MARKS);

/**
 * The room ticket of a check-in: the room, its per-room number of the day and the ticket text as
 * it reads everywhere ("P3 – 012"); the marks are for reception, the room page only sees "priority".
 */
export const roomTicketSchema = z.object({
  room: roomIdSchema,
  roomName: z.string(),
  roomNumber: z.number().int(),
  number: z.number().int(),
  label: z.string(),
  marks: z.array(priorityMarkSchema),
  priority: z.boolean(),
});
export type RoomTicket = z.infer<typeof roomTicketSchema>;

/** POST /api/rooms/{room}/tickets/{number}/marks body: one mark added or removed by reception. */
export const markChangeSchema = z.union([
  z.object({ add: priorityMarkSchema }).strict(),
  z.object({ remove: priorityMarkSchema }).strict(),
]);
export type MarkChange = z.infer<typeof markChangeSchema>;

/** POST /api/rooms/{room}/tickets/{number}/marks answer: the ticket and its marks after the change. */
export const markAnswerSchema = z.object({ ticket: queueTicketSchema, marks: z.array(priorityMarkSchema) });

/** What the real-time channel carries to displays and room pages (the same shape locally and in AWS). */
export const callMessageSchema = z.object({
  type: z.literal("call"),
  facility: z.string(),
  call: callSchema,
});
export type CallMessage = z.infer<typeof callMessageSchema>;

/**
 * A room's queue changed (a check-in joined it, a ticket was skipped, brought back, finished or
 * marked): room pages read their queue again. Names no one.
 */
const queueMessageSchema = z.object({
  type: z.literal("queue"),
  facility: z.string(),
  room: z.string(),
});

/** Any message of a facility's channel. */
export const channelMessageSchema = z.discriminatedUnion("type", [callMessageSchema, queueMessageSchema]);
export type ChannelMessage = z.infer<typeof channelMessageSchema>;
