/**
 * Call-to-display latency through the calls socket: a screen subscribes over the local server's
 * AppSync Events-style socket with the pages' own client code, a room calls patients one after
 * another over the API, and each latency runs from sending the call to its event reaching the
 * screen. Runs against the check-in benchmark's server, so it sits beside that run's figures.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { callChannelOf, EVENT_SOCKET_PATH } from "#domain/call-channel";
import { callAnswerSchema, callMessageSchema, type Room } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { makeRoomQueueStore } from "#functions/stores/room-queue-store";
import { runSubscription } from "#web/calls/event-socket";
import { quantile } from "./support/figures.ts";

export interface CallLatency {
  readonly calls: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

async function devToken(url: string, role: string, facility: string): Promise<string> {
  const response = await fetch(`${url}/api/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ role, facility }),
  });
  return z.object({ token: z.string() }).parse(await response.json()).token;
}

/** Measures `calls` calls of one room of `facility`, each waited for on the screen before the next. */
export async function measureCallLatency(input: {
  readonly url: string;
  readonly doc: DynamoDBDocumentClient;
  readonly checkinsTable: string;
  readonly facility: string;
  readonly calls: number;
}): Promise<CallLatency> {
  const { url, facility } = input;
  const room: Room = {
    id: `${facility}-bench`,
    name: "Phòng đo thời gian gọi số",
    number: 99,
    serviceCode: "02.1896",
    serviceName: "Khám Nội",
    open: true,
    closedReason: null,
  };
  const reception = await devToken(url, "receptionist", facility);
  const written = await fetch(`${url}/api/rooms`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${reception}` },
    body: JSON.stringify(room),
  });
  if (!written.ok) throw new Error(`room write answered ${written.status}`);
  const day = vnDay(new Date());
  const queues = makeRoomQueueStore(input.doc, { table: input.checkinsTable, retentionDays: 1 });
  for (let index = 0; index < input.calls; index += 1) {
    const arrivedAt = new Date(Date.now() - (input.calls - index) * 1000);
    await queues.addTicket(
      facility,
      room,
      day,
      { checkinId: `bench-call-${index}`, name: null, marks: [], arrivedAt: arrivedAt.toISOString() },
      new Date(),
    );
  }

  const roomToken = await devToken(url, "room", facility);
  const screenToken = await devToken(url, "kiosk", facility);
  const host = new URL(url).host;
  const arrived = new Map<string, number>();
  const stop = new AbortController();
  let subscribed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    subscribed = resolve;
  });
  const link = runSubscription({
    endpoint: { url: `ws://${host}${EVENT_SOCKET_PATH}`, host },
    token: screenToken,
    channel: callChannelOf(facility),
    signal: stop.signal,
    onSubscribed: () => subscribed(),
    onEvent: (event) => {
      const message = callMessageSchema.safeParse(event);
      if (message.success) arrived.set(message.data.call.callId, performance.now());
    },
  });
  link.catch(() => subscribed());
  await ready;

  const latencies: number[] = [];
  try {
    for (let index = 0; index < input.calls; index += 1) {
      const sent = performance.now();
      const response = await fetch(`${url}/api/rooms/${room.id}/calls`, {
        method: "POST",
        headers: { authorization: `Bearer ${roomToken}` },
      });
      if (response.status !== 201) throw new Error(`call answered ${response.status}`);
      const { call } = callAnswerSchema.parse(await response.json());
      const deadline = sent + 10_000;
      while (!arrived.has(call.callId) && performance.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 1));
      const at = arrived.get(call.callId);
      if (at === undefined) throw new Error(`call ${call.callId} never reached the screen`);
      latencies.push(at - sent);
    }
  } finally {
    stop.abort();
    await link.catch(() => undefined);
  }
  return {
    calls: latencies.length,
    p50Ms: quantile(latencies, 0.5),
    p95Ms: quantile(latencies, 0.95),
    maxMs: Math.max(...latencies),
  };
}
