/**
 * A facility with no gateway account of its own, through the whole local app: its patients are
 * admitted as pending with the missing account named as the cause (in the answer and the day's
 * list), the gateway is never asked for it, not even by the re-check schedule; a facility that has
 * an account never carries that cause, even when the gateway fails it.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { checkinAnswerSchema, checkinListSchema } from "#domain/contract";
import { DEFAULT_CLERK } from "#functions/gateway-mock/clerks";
import { qrOf } from "#functions/gateway-mock/population";
import { demoPeople } from "#test/support/demo-people";
import { startTestApp, type TestApp } from "#test/support/local-app";

const WITHOUT_ACCOUNT = "38001";
const INSTALL_ACCOUNT = "01001";

const askedSchema = z.object({ checks: z.array(z.object({ username: z.string() })) });

describe("a facility without a gateway account, through the local app", () => {
  let t: TestApp;
  const person = demoPeople(200, 230);

  beforeAll(async () => {
    t = await startTestApp({ env: { GATEWAY_ACCOUNT_MAX_AGE_SECONDS: "1", GATEWAY_TIMEOUT_MS: "3000" } });
    // The facility keeps its kiosk clerk but loses its account, as one the administrator has not set up.
    await t.doc.send(
      new UpdateCommand({
        TableName: t.names.gatewayAccounts,
        Key: { code: WITHOUT_ACCOUNT },
        UpdateExpression: "REMOVE username, sealedPassword",
      }),
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  const asked = async () => {
    const res = await fetch(`${t.url}/gateway/_checks`);
    return askedSchema.parse(await res.json()).checks.map((check) => check.username);
  };
  const checkIn = async (facility: string) => {
    const token = await t.token("receptionist", { facility, clerk: DEFAULT_CLERK });
    const res = await t.call("POST", "/api/checkins", {
      token,
      body: { method: "qr-cccd", payload: qrOf(person()) },
    });
    expect(res.status).toBe(201);
    return checkinAnswerSchema.parse(res.json);
  };
  const listed = async (facility: string, checkinId: string) => {
    const token = await t.token("receptionist", { facility, clerk: DEFAULT_CLERK });
    const res = await t.call("GET", "/api/checkins?date=today", { token });
    expect(res.status).toBe(200);
    return checkinListSchema.parse(res.json).items.find((item) => item.checkinId === checkinId);
  };

  it("admits the patient as pending, names the missing account and asks the gateway nothing", async () => {
    const from = (await asked()).length;
    const answer = await checkIn(WITHOUT_ACCOUNT);
    expect(answer.status).toBe("pending");
    expect(answer.insurance).toBeNull();
    expect(answer.pendingCause).toBe("gateway-account-missing");
    expect((await asked()).slice(from)).toEqual([]);
    expect((await listed(WITHOUT_ACCOUNT, answer.checkinId))?.pendingCause).toBe("gateway-account-missing");
  });

  it("leaves the facility's visits pending on the schedule without asking the gateway", async () => {
    const waiting = await checkIn(WITHOUT_ACCOUNT);
    const from = (await asked()).length;
    const { handler: reverify } = await import("#functions/handlers/reverify");
    await reverify();
    expect((await asked()).slice(from).filter((username) => username.startsWith(WITHOUT_ACCOUNT))).toEqual(
      [],
    );
    const row = await listed(WITHOUT_ACCOUNT, waiting.checkinId);
    expect(row?.status).toBe("pending");
    expect(row?.pendingCause).toBe("gateway-account-missing");
  });

  it("gives no cause at the facility checking under the install's account, answered or not", async () => {
    const answered = await checkIn(INSTALL_ACCOUNT);
    expect(answered.status).not.toBe("pending");
    expect(answered).not.toHaveProperty("pendingCause");

    await t.setGatewayFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 });
    try {
      const failed = await checkIn(INSTALL_ACCOUNT);
      expect(failed.status).toBe("pending");
      expect(failed).not.toHaveProperty("pendingCause");
      expect(await listed(INSTALL_ACCOUNT, failed.checkinId)).not.toHaveProperty("pendingCause");
    } finally {
      await t.setGatewayFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 });
    }
  });
});
