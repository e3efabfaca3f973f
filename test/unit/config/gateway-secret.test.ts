import { describe, expect, it } from "vitest";
import { GatewaySecretError, loadGatewaySecret } from "#functions/config/gateway-secret";

const ARN = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:gateway-AbCdEf";

describe("loadGatewaySecret", () => {
  it("takes the gateway account from the secret named by GATEWAY_SECRET_ARN", async () => {
    const env: NodeJS.ProcessEnv = { GATEWAY_SECRET_ARN: ARN };
    const asked: string[] = [];
    await loadGatewaySecret(env, async (arn) => {
      asked.push(arn);
      return JSON.stringify({ username: "clinic-01001", password: "s3cret" });
    });
    expect(asked).toEqual([ARN]);
    expect(env.GATEWAY_USERNAME).toBe("clinic-01001");
    expect(env.GATEWAY_PASSWORD).toBe("s3cret");
  });

  it("does nothing without GATEWAY_SECRET_ARN, so local runs never call AWS", async () => {
    const env: NodeJS.ProcessEnv = { GATEWAY_USERNAME: "local", GATEWAY_PASSWORD: "local-pw" };
    await loadGatewaySecret(env, async () => {
      throw new Error("must not be called");
    });
    expect(env).toEqual({ GATEWAY_USERNAME: "local", GATEWAY_PASSWORD: "local-pw" });
  });

  it("fails the cold start on a malformed secret without echoing it", async () => {
    const env: NodeJS.ProcessEnv = { GATEWAY_SECRET_ARN: ARN };
    const failure = loadGatewaySecret(env, async () =>
      JSON.stringify({ username: "u", pass: "leaked-password" }),
    );
    await expect(failure).rejects.toBeInstanceOf(GatewaySecretError);
    await expect(failure).rejects.not.toThrow(/leaked-password/);
    await expect(loadGatewaySecret(env, async () => "not json")).rejects.toBeInstanceOf(GatewaySecretError);
  });
});
