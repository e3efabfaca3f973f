import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import { localSubjectKey, SHARED_LOCAL_CREDENTIALS } from "#infra/local/local-env";
import { makeTestTables } from "#test/support/dynamo";
import { startTestApp, type TestApp } from "#test/support/local-app";

const ID = "001090054321";
const hash = makeSubjectHasher(
  new Uint8Array(Buffer.from(localSubjectKey(SHARED_LOCAL_CREDENTIALS), "base64")),
);
const storedSchema = z.object({
  subjectKey: z.string().optional(),
  personKey: z.string(),
  lookup: z.unknown().optional(),
});

describe("a one-PC clinic's start brings visits stored before the minimised shape to it", () => {
  let t: TestApp;
  const lines: string[] = [];
  const at = new Date(Date.now() - 5 * 86_400_000);
  const key = { pk: `CHK#01001#${at.toISOString().slice(0, 10)}`, sk: `${at.toISOString()}#old-visit` };

  beforeAll(async () => {
    // The clinic's tables as an earlier version left them: one settled visit in the old shape.
    const { prefix, names, clients } = await makeTestTables();
    await clients.doc.send(
      new PutCommand({
        TableName: names.checkins,
        Item: {
          ...key,
          checkinId: "old-visit",
          facility: "01001",
          day: at.toISOString().slice(0, 10),
          method: "manual-id",
          channel: "typed",
          status: "not-covered",
          queueNumber: 4,
          checkedInAt: at.toISOString().replace(/\.\d{3}Z$/, "+00:00"),
          createdBy: "letan",
          personKey: `ID#${ID}`,
          patient: { idNumber: ID, name: "Trần Thị B", birthDate: "1988-04-05", sex: "female" },
          lookup: { idNumber: ID, cardCode: null, name: "Trần Thị B" },
          insurance: null,
          ttl: Math.floor(at.getTime() / 1000) + 400 * 86_400,
        },
      }),
    );
    t = await startTestApp({ mode: "clinic", tablePrefix: prefix, log: (line) => lines.push(line) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("indexes the visit by the keyed hash, keys it by the hash and drops its settled lookup block, and says so once", async () => {
    const found = await t.doc.send(new GetCommand({ TableName: t.names.checkins, Key: key }));
    const visit = storedSchema.parse(found.Item);
    expect(visit.subjectKey).toBe(hash(ID));
    expect(visit.personKey).toBe(`ID#${hash(ID)}`);
    expect(visit.lookup).toBeUndefined();
    expect(lines.filter((line) => line.includes("minimised shape"))).toEqual([
      expect.stringContaining("brought 1 visits"),
    ]);
  });
});
