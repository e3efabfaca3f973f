import { randomBytes, randomUUID } from "node:crypto";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import * as z from "zod";

/**
 * How the smoke test gets a receptionist's ID token: one step, swappable per target. `close`
 * undoes whatever the sign-in created (an account, a session).
 */
export interface SmokeSignIn {
  /** What the step does, printed with the checks. */
  readonly description: string;
  token(): Promise<string>;
  close(): Promise<void>;
}

/** The local app's demo sign-in (`/api/dev/token`, present in demo mode only). */
export function demoSignIn(baseUrl: string, facility: string): SmokeSignIn {
  return {
    description: `demo sign-in of the local app as a receptionist of ${facility}`,
    async token() {
      const response = await fetch(new URL("/api/dev/token", baseUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "receptionist", facility }),
      });
      const body: unknown = await response.json().catch(() => null);
      const parsed = z.object({ token: z.string().min(1) }).safeParse(body);
      if (!response.ok || !parsed.success)
        throw new Error(`the demo sign-in answered ${response.status}: is the app running in demo mode?`);
      return parsed.data.token;
    },
    async close() {},
  };
}

export interface CognitoSmokeOptions {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly facility: string;
}

/**
 * Cognito in AWS: a smoke account made for this run (receptionist of the smoke facility, a random
 * password never stored), signed in with AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH, an IAM-signed
 * call: the hosted sign-in page is not scriptable and SRP needs a password kept somewhere), and
 * deleted again by `close`, so no standing smoke password exists to leak.
 */
export function cognitoSignIn(options: CognitoSmokeOptions): SmokeSignIn {
  const cognito = new CognitoIdentityProviderClient({ region: options.region });
  const username = `smoke-${randomUUID()}`;
  const pool = { UserPoolId: options.userPoolId, Username: username };
  let created = false;
  return {
    description: `Cognito smoke account ${username} (receptionist of ${options.facility}), deleted afterwards`,
    async token() {
      // Upper, lower, digit and symbol: whatever the pool's password policy asks.
      const password = `Sm0ke!${randomBytes(18).toString("base64url")}`;
      await cognito.send(
        new AdminCreateUserCommand({
          ...pool,
          MessageAction: "SUPPRESS",
          UserAttributes: [{ Name: "custom:facility", Value: options.facility }],
        }),
      );
      created = true;
      await cognito.send(new AdminSetUserPasswordCommand({ ...pool, Password: password, Permanent: true }));
      await cognito.send(new AdminAddUserToGroupCommand({ ...pool, GroupName: "receptionist" }));
      const answer = await cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: options.userPoolId,
          ClientId: options.clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      const token = answer.AuthenticationResult?.IdToken;
      if (token === undefined)
        throw new Error(`Cognito asked for ${answer.ChallengeName ?? "more"} instead of signing in`);
      return token;
    },
    async close() {
      if (created) await cognito.send(new AdminDeleteUserCommand(pool));
      cognito.destroy();
    },
  };
}
