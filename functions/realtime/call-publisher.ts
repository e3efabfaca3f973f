import * as z from "zod";
import { callChannelOf } from "#domain/call-channel";
import type { ChannelMessage } from "#domain/room-contract";
import { localCallHub } from "./local-call-hub.ts";

/** Sends a call, or a room's queue change, to the screens of its facility as soon as it is written. */
export interface CallPublisher {
  publish(message: ChannelMessage): Promise<void>;
}

/** Locally: straight to the local server's open sockets. */
export function makeLocalPublisher(): CallPublisher {
  return {
    publish: async (message) => {
      localCallHub.publish(message);
    },
  };
}

const publishAnswerSchema = z.object({
  failed: z.array(z.unknown()).optional(),
});

/**
 * In AWS: AppSync Events' HTTP publish endpoint, signed with the function's role. A publish that
 * fails is not the call's failure: the call is stored, and screens catch up through GET /api/calls.
 */
export function makeAppSyncPublisher(options: { host: string; fetch: typeof fetch }): CallPublisher {
  return {
    publish: async (message) => {
      const response = await options.fetch(`https://${options.host}/event`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ channel: callChannelOf(message.facility), events: [JSON.stringify(message)] }),
      });
      if (!response.ok) throw new Error(`call publish answered ${response.status}`);
      const answer = publishAnswerSchema.parse(await response.json());
      if ((answer.failed ?? []).length > 0) throw new Error("call publish was refused");
    },
  };
}
