import * as z from "zod";
import {
  callAnswerSchema,
  roomListAnswerSchema,
  roomQueueAnswerSchema,
  type TicketAction,
  ticketActionAnswerSchema,
} from "#domain/room-contract";
import { requestJson } from "#web/api/client";

export type RoomQueue = z.infer<typeof roomQueueAnswerSchema>;

/** The facility's rooms. */
export const fetchRooms = (token: string) =>
  requestJson({ method: "GET", path: "/api/rooms", token, retries: 2 }, roomListAnswerSchema);

/** One room's day. */
export const fetchQueue = (token: string, room: string) =>
  requestJson(
    { method: "GET", path: `/api/rooms/${encodeURIComponent(room)}/queue`, token, retries: 1 },
    roomQueueAnswerSchema,
  );

/** Calls the room's next patient; never repeated by itself (a repeat would call a second patient). */
export const callNext = (token: string, room: string) =>
  requestJson(
    { method: "POST", path: `/api/rooms/${encodeURIComponent(room)}/calls`, token, timeoutMs: 10_000 },
    callAnswerSchema,
  );

/** Recall, skip, bring back or finish a ticket. */
export const actOn = (token: string, room: string, number: number, action: TicketAction) =>
  requestJson(
    {
      method: "POST",
      path: `/api/rooms/${encodeURIComponent(room)}/tickets/${number}`,
      token,
      body: { action },
      timeoutMs: 10_000,
    },
    ticketActionAnswerSchema,
  );

export const roomChoiceSchema = z.string().max(60);
