import { describe, expect, it } from "vitest";
import { GatewaySecretError, loadGatewayAccount } from "#functions/config/gateway-account";

const ARN = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:gateway-AbCdEf";

describe("loadGatewayAccount", () => {
  it("takes the gateway account from the secret named by GATEWAY_SECRET_ARN and leaves the environment alone", async () => {
    const env: NodeJS.ProcessEnv = { GATEWAY_SECRET_ARN: ARN, GATEWAY_USERNAME: "stale" };
    const asked: string[] = [];
    const account = await loadGatewayAccount(env, async (arn) => {
      asked.push(arn);
      return JSON.stringify({ username: "clinic-01001", password: "s3cret" });
    });
    expect(asked).toEqual([ARN]);
    expect(account).toEqual({ username: "clinic-01001", password: "s3cret" });
    expect(env).toEqual({ GATEWAY_SECRET_ARN: ARN, GATEWAY_USERNAME: "stale" });
  });

  it("reads GATEWAY_USERNAME and GATEWAY_PASSWORD without GATEWAY_SECRET_ARN, so local runs never call AWS", async () => {
    const env: NodeJS.ProcessEnv = { GATEWAY_USERNAME: "local", GATEWAY_PASSWORD: "local-pw" };
    const account = await loadGatewayAccount(env, async () => {
      throw new Error("must not be called");
    });
    expect(account).toEqual({ username: "local", password: "local-pw" });
    await expect(loadGatewayAccount({ GATEWAY_USERNAME: "local" })).rejects.toBeInstanceOf(
      GatewaySecretError,
    );
  });

  it("fails the cold start on a malformed secret without echoing it", async () => {
    const env: NodeJS.ProcessEnv = { GATEWAY_SECRET_ARN: ARN };
    const failure = loadGatewayAccount(env, async () =>
      JSON.stringify({ username: "u", pass: "leaked-password" }),
    );
    await expect(failure).rejects.toBeInstanceOf(GatewaySecretError);
    await expect(failure).rejects.not.toThrow(/leaked-password/);
    await expect(loadGatewayAccount(env, async () => "not json")).rejects.toBeInstanceOf(GatewaySecretError);
  });
});
