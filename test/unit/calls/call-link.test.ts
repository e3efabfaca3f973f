import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callChannelOf, EVENT_SOCKET_PATH, EVENT_SOCKET_PROTOCOL } from "#domain/call-channel";
import type { Call } from "#domain/room-contract";
import { localCallHub } from "#functions/realtime/local-call-hub";
import { attachCallSocket, type CallSocketOptions } from "#infra/local/call-socket";
import { type CallStreamOptions, openCallLink, type StreamState } from "#web/calls/call-stream";
import { authProtocolOf, type SocketEndpoint } from "#web/calls/event-socket";

const OWN = "01001";
const OTHER = "38001";

/** Tokens the local socket's check knows: what the local JWT check answers for each. */
const CLAIMS: Record<string, Record<string, unknown>> = {
  "display-own": { "cognito:groups": ["kiosk"], "custom:facility": OWN },
  "room-own": { "cognito:groups": "[room]", "custom:facility": OWN },
  "display-other": { "cognito:groups": ["kiosk"], "custom:facility": OTHER },
  "dashboard-own": { "cognito:groups": ["health-dept"], "custom:facility": OWN },
};
const verify: CallSocketOptions["verify"] = async (token) => CLAIMS[token] ?? null;

const call = (number: number, facility = OWN): { type: "call"; facility: string; call: Call } => {
  const at = new Date().toISOString();
  return {
    type: "call",
    facility,
    call: {
      callId: `${at}#${facility}-noi#${String(number).padStart(6, "0")}#0000`,
      room: `${facility}-noi`,
      roomNumber: 1,
      number,
      label: `P1 – ${String(number).padStart(3, "0")}`,
      priority: false,
      kind: "call",
      at,
    },
  };
};

/** A screen's link with what it saw: states, calls (live or caught up) and catch-up requests. */
function watchLink(token: string, endpoint: SocketEndpoint, facility = OWN) {
  const seen = {
    states: [] as StreamState[],
    live: [] as number[],
    caughtUp: [] as number[],
    catchUps: 0,
  };
  const options: CallStreamOptions = {
    facility,
    token,
    lastCallId: () => null,
    onState: (state) => {
      if (seen.states.at(-1) !== state) seen.states.push(state);
    },
    onCalls: (calls, live) => {
      for (const c of calls) (live ? seen.live : seen.caughtUp).push(c.number);
    },
  };
  const stop = openCallLink(options, {
    endpoint: async () => endpoint,
    catchUp: async () => {
      seen.catchUps += 1;
      return seen.catchUps === 1 ? [call(90).call] : [];
    },
    retryMinMs: 100,
    retryMaxMs: 400,
    pollMs: 50,
  });
  return { seen, stop };
}

/** Opens a raw socket and collects what the server sends. */
async function rawSocket(url: string, protocols: string[]) {
  const socket = new WebSocket(url, protocols);
  const received: Array<Record<string, unknown>> = [];
  socket.onmessage = (event) => received.push(JSON.parse(String(event.data)) as Record<string, unknown>);
  const outcome = await new Promise<"open" | "refused">((resolve) => {
    socket.onopen = () => resolve("open");
    socket.onerror = () => resolve("refused");
  });
  return { socket, received, outcome };
}

describe("the calls socket and a screen's link to it", () => {
  let server: Server;
  let endpoint: SocketEndpoint;
  let socket: { close(): void };
  const options: CallSocketOptions = { verify, keepAliveMs: 100, connectionTimeoutMs: 1_000 };

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(404).end());
    socket = attachCallSocket(server, options);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    endpoint = { url: `ws://${host}${EVENT_SOCKET_PATH}`, host };
  });
  afterAll(async () => {
    socket.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("speaks the protocol: ack with its timeout, keep-alives, own channel only, no publishing", async () => {
    const auth = authProtocolOf({ host: endpoint.host, Authorization: "display-own" });
    const raw = await rawSocket(endpoint.url, [EVENT_SOCKET_PROTOCOL, auth]);
    expect(raw.outcome).toBe("open");
    expect(raw.socket.protocol).toBe(EVENT_SOCKET_PROTOCOL);
    raw.socket.send(JSON.stringify({ type: "connection_init" }));
    const authorization = { host: endpoint.host, Authorization: "display-own" };
    raw.socket.send(
      JSON.stringify({ type: "subscribe", id: "a", channel: callChannelOf(OTHER), authorization }),
    );
    raw.socket.send(
      JSON.stringify({ type: "subscribe", id: "b", channel: callChannelOf(OWN), authorization }),
    );
    raw.socket.send(
      JSON.stringify({ type: "publish", id: "c", channel: callChannelOf(OWN), events: ["{}"] }),
    );
    await expect.poll(() => raw.received.filter((m) => m.type === "ka").length).toBeGreaterThan(1);
    expect(raw.received.find((m) => m.type === "connection_ack")).toEqual({
      type: "connection_ack",
      connectionTimeoutMs: 1_000,
    });
    expect(raw.received.find((m) => m.id === "a")).toMatchObject({
      type: "subscribe_error",
      errors: [{ errorType: "UnauthorizedException" }],
    });
    expect(raw.received.find((m) => m.id === "b")).toEqual({ type: "subscribe_success", id: "b" });
    expect(raw.received.find((m) => m.id === "c")).toMatchObject({ type: "publish_error" });
    const message = call(7);
    localCallHub.publish(message);
    await expect
      .poll(() => raw.received.find((m) => m.type === "data"))
      .toEqual({ type: "data", id: "b", event: JSON.stringify(message) });
    raw.socket.send(JSON.stringify({ type: "unsubscribe", id: "b" }));
    await expect
      .poll(() => raw.received.find((m) => m.type === "unsubscribe_success"))
      .toEqual({ type: "unsubscribe_success", id: "b" });
    expect(localCallHub.listenerCount()).toBe(0);
    raw.socket.close();
  });

  it("refuses a socket without a valid token before it opens, and a dashboard account's subscribe", async () => {
    const none = await rawSocket(endpoint.url, [EVENT_SOCKET_PROTOCOL]);
    expect(none.outcome).toBe("refused");
    const forged = await rawSocket(endpoint.url, [
      EVENT_SOCKET_PROTOCOL,
      authProtocolOf({ host: endpoint.host, Authorization: "not-a-token" }),
    ]);
    expect(forged.outcome).toBe("refused");
    const dashboard = watchLink("dashboard-own", endpoint);
    await expect.poll(() => dashboard.seen.catchUps).toBeGreaterThan(2);
    dashboard.stop();
    expect(dashboard.seen.states).not.toContain("live");
  });

  it("takes its facility's calls live after catching up, never another facility's", async () => {
    const own = watchLink("display-own", endpoint);
    const other = watchLink("display-other", endpoint, OTHER);
    const intruder = watchLink("display-other", endpoint, OWN);
    await expect.poll(() => own.seen.states).toEqual(["connecting", "live"]);
    await expect.poll(() => other.seen.states).toEqual(["connecting", "live"]);
    expect(own.seen.caughtUp).toEqual([90]);
    localCallHub.publish(call(1));
    localCallHub.publish(call(2, OTHER));
    await expect.poll(() => own.seen.live).toEqual([1]);
    await expect.poll(() => other.seen.live).toEqual([2]);
    // Another facility's display is refused the channel: it only polls the catch-up (also refused there).
    expect(intruder.seen.states).not.toContain("live");
    expect(intruder.seen.live).toEqual([]);
    for (const link of [own, other, intruder]) link.stop();
    await expect.poll(() => localCallHub.listenerCount()).toBe(0);
  });

  it("comes back by itself after the server goes away, catches up again and misses no call", async () => {
    const own = watchLink("room-own", endpoint);
    await expect.poll(() => own.seen.states).toEqual(["connecting", "live"]);
    socket.close();
    await expect.poll(() => own.seen.states).toEqual(["connecting", "live", "reconnecting"]);
    // While the socket is down, the catch-up request is polled instead.
    const before = own.seen.catchUps;
    await expect.poll(() => own.seen.catchUps).toBeGreaterThan(before + 1);
    socket = attachCallSocket(server, options);
    await expect.poll(() => own.seen.states.at(-1)).toBe("live");
    localCallHub.publish(call(3));
    await expect.poll(() => own.seen.live).toEqual([3]);
    expect(localCallHub.listenerCount()).toBe(1);
    own.stop();
    await expect.poll(() => localCallHub.listenerCount()).toBe(0);
  });

  it("drops a link that goes silent for longer than the server allows, and opens a new one", async () => {
    const quiet = createServer();
    const silent = attachCallSocket(quiet, { verify, keepAliveMs: 60_000, connectionTimeoutMs: 300 });
    await new Promise<void>((resolve) => quiet.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(quiet.address() as AddressInfo).port}`;
    const link = watchLink("display-own", { url: `ws://${host}${EVENT_SOCKET_PATH}`, host });
    await expect.poll(() => link.seen.states.filter((state) => state === "live").length).toBeGreaterThan(1);
    link.stop();
    silent.close();
    await new Promise<void>((resolve) => quiet.close(() => resolve()));
    await expect.poll(() => localCallHub.listenerCount()).toBe(0);
  });
});
