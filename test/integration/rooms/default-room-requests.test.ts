import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "#domain/room-contract";
import { dynamoClients } from "#functions/config/aws-clients";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { startTestApp, type TestApp } from "#test/support/local-app";

const OWN = "01001";
const room = (number: number): Room => ({
  id: `${OWN}-p${number}`,
  name: `Phòng khám ${number}`,
  number,
  serviceCode: "02.1896",
  serviceName: "Khám Nội",
  open: true,
  closedReason: null,
});

/**
 * The DynamoDB requests one check-in sends, counted on the handlers' own client: the default room
 * must cost the same with 2 open rooms as with 20 (no count query per room).
 */
describe("a check-in's DynamoDB requests do not grow with the facility's open rooms", () => {
  let t: TestApp;
  let reception = "";
  const sent: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    reception = await t.token("receptionist", { facility: OWN });
    dynamoClients().client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return await next(args);
      },
      { step: "initialize", name: "countRequests" },
    );
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  const requestsOfCheckIn = async (person: (typeof fixtures.people)[number]) => {
    sent.length = 0;
    const res = await t.call("POST", "/api/checkins", {
      token: reception,
      body: { method: "qr-cccd", payload: person.qr },
    });
    expect(res.status).toBe(201);
    return [...sent];
  };

  it("sends as many requests with 20 open rooms as with two", async () => {
    const people = fixtures.people.slice(0, 4);
    const [warm, first, second, third] = people;
    if (warm === undefined || first === undefined || second === undefined || third === undefined)
      throw new Error("too few fixture people");
    for (const number of [1, 2])
      expect((await t.call("POST", "/api/rooms", { token: reception, body: room(number) })).status).toBe(200);
    await requestsOfCheckIn(warm);
    const withTwo = await requestsOfCheckIn(first);
    for (let number = 3; number <= 20; number += 1)
      expect((await t.call("POST", "/api/rooms", { token: reception, body: room(number) })).status).toBe(200);
    const withTwenty = await requestsOfCheckIn(second);
    const again = await requestsOfCheckIn(third);
    console.info(
      `DynamoDB requests of one check-in: 2 open rooms ${withTwo.length} (${withTwo.join(", ")}); 20 open rooms ${withTwenty.length} (${withTwenty.join(", ")})`,
    );
    expect(withTwenty.length).toBe(withTwo.length);
    expect(again.length).toBe(withTwo.length);
  });
});
