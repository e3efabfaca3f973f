/** The exam-room calls of the reception page: the facility's rooms, and priority marks of a ticket. */

import type * as z from "zod";
import { type MarkChange, markAnswerSchema, roomListAnswerSchema } from "#domain/room-contract";
import { requestJson } from "./client.ts";

/** The facility's rooms with how many wait for each today. */
export const getRooms = (token: string) =>
  requestJson({ method: "GET", path: "/api/rooms", token, retries: 2 }, roomListAnswerSchema);

/**
 * The rooms a kiosk offers, asked once with a short wait: a patient is never kept waiting for the
 * list, since the facility's default room applies without it.
 */
export const getRoomsOnce = (token: string) =>
  requestJson({ method: "GET", path: "/api/rooms", token, timeoutMs: 3_000 }, roomListAnswerSchema);

/** Adds or removes one priority mark of a waiting ticket. */
export const postMark = (token: string, room: string, number: number, change: MarkChange) =>
  requestJson(
    {
      method: "POST",
      path: `/api/rooms/${encodeURIComponent(room)}/tickets/${number}/marks`,
      token,
      body: change,
      timeoutMs: 10_000,
    },
    markAnswerSchema,
  );

/** A room as the kiosk and reception offer it: open, with how many wait for it. */
export type RoomOption = z.infer<typeof roomListAnswerSchema>["rooms"][number];
