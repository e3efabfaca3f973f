import * as z from "zod";
import { makeSigV4Fetch } from "#functions/gateway/sigv4-fetch";
import {
  type CallPublisher,
  makeAppSyncPublisher,
  makeLocalPublisher,
} from "#functions/realtime/call-publisher";
import { makeRoomQueueStore } from "#functions/stores/room-queue-store";
import { makeRoomStore } from "#functions/stores/room-store";
import { dynamoClients } from "./aws-clients.ts";
import { once, readConfig, requireEnv } from "./env.ts";

/** Settings of the functions that read or write rooms, their queues and calls. */
const roomSettingsSchema = z.object({
  CHECKINS_TABLE: z.string().min(1),
  ROOM_QUEUE_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
});

/** Where calls go out: the local server's streams, AppSync Events in AWS, or nowhere (screens poll). */
const callChannelSettingsSchema = z.discriminatedUnion("CALL_CHANNEL", [
  z.object({ CALL_CHANNEL: z.literal("local") }),
  z.object({ CALL_CHANNEL: z.literal("appsync"), CALL_EVENTS_HOST: z.string().min(1) }),
  z.object({ CALL_CHANNEL: z.literal("none") }),
]);

/** The room and queue stores of this container. */
export const roomStores = once(() => {
  const settings = readConfig(roomSettingsSchema);
  const { doc } = dynamoClients();
  return {
    rooms: makeRoomStore(doc, settings.CHECKINS_TABLE),
    queues: makeRoomQueueStore(doc, {
      table: settings.CHECKINS_TABLE,
      retentionDays: settings.ROOM_QUEUE_RETENTION_DAYS,
    }),
  };
});

/** The call publisher of this container. */
export const callPublisher = once((): CallPublisher => {
  const settings = readConfig(callChannelSettingsSchema);
  switch (settings.CALL_CHANNEL) {
    case "local":
      return makeLocalPublisher();
    case "appsync":
      return makeAppSyncPublisher({
        host: settings.CALL_EVENTS_HOST,
        fetch: makeSigV4Fetch({ region: requireEnv("AWS_REGION"), service: "appsync" }),
      });
    case "none":
      return { publish: async () => undefined };
  }
});
