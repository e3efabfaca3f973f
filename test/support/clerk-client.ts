import type { Clerk } from "#domain/clerk";
import type { Identity } from "#domain/types";
import type { CardCheck, GatewayClient } from "#functions/gateway/gateway-client";

/** A gateway client whose every check is asked on behalf of one clerk, as a receptionist's would be. */
export function checkingAs(client: GatewayClient, clerk: Clerk) {
  return {
    checkCard: (identity: Identity, day?: string): Promise<CardCheck> =>
      client.checkCard(identity, day, { clerk }),
  };
}
