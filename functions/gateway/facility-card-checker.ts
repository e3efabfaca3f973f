/**
 * The card check as BHXH issues accounts: one account per facility (`<maCSKCB>_BV`), so each
 * facility gets its own client, with its own token pair and its own circuit breaker. A refused or
 * locked account stops only its facility; a changed password is used from the next check on; a
 * facility with no account is answered "unavailable" at once, and its patients are admitted as
 * pending, never turned away.
 */
import { type Clerk, kioskClerk } from "#domain/clerk";
import type { Identity } from "#domain/types";
import type { GatewayAccount } from "#functions/config/gateway-account";
import {
  type CardCheck,
  type GatewayClient,
  type GatewayClientOptions,
  makeGatewayClient,
} from "./gateway-client.ts";

/** On whose behalf a card is checked: the facility whose account asks, and the clerk who asks. */
export interface CardCheckAs {
  readonly facility: string;
  /**
   * The signed-in receptionist; null for checks no person at the counter makes (a kiosk, the
   * re-check schedule), which go out under the clerk the facility names for them.
   */
  readonly clerk: Clerk | null;
}

/** The facility's gateway account, or null when the facility has none registered. */
type FacilityAccountOf = (facility: string) => Promise<GatewayAccount | null>;

/** The result code a check carries when the facility has no gateway account (never a gateway code). */
export const NO_GATEWAY_ACCOUNT = "GATEWAY_ACCOUNT_MISSING";

export interface FacilityCardCheckerOptions extends Omit<GatewayClientOptions, "account" | "breaker"> {
  readonly accountOf: FacilityAccountOf;
  /** The clerk a facility names for checks no person at the counter makes (its kiosks, the schedule). */
  readonly kioskClerkOf: (facility: string) => Promise<Clerk | null>;
  /** Told when the gateway refuses a facility's account (wrong or locked), to show and alarm on it. */
  readonly onAccountRefused?: (facility: string, resultCode: string) => void;
}

export interface FacilityCardChecker {
  /**
   * Checks a card under the facility's account and on behalf of `as.clerk`, or of the facility's
   * kiosk clerk when `as.clerk` is null; throws ClerkError (403 KIOSK_CLERK_MISSING) when the
   * facility names none, since BHXH records a real person for every check.
   */
  checkCard(identity: Identity, day: string, as: CardCheckAs): Promise<CardCheck>;
}

/** Builds the checker; one per container, so each facility's token and breaker are shared by its check-ins. */
export function makeFacilityCardChecker(options: FacilityCardCheckerOptions): FacilityCardChecker {
  const { accountOf, kioskClerkOf, onAccountRefused, ...clientOptions } = options;
  const clients = new Map<string, { readonly account: GatewayAccount; readonly client: GatewayClient }>();

  function clientOf(facility: string, account: GatewayAccount): GatewayClient {
    const known = clients.get(facility);
    const same =
      known !== undefined &&
      known.account.username === account.username &&
      known.account.password === account.password;
    if (same) return known.client;
    // A new or changed account starts with no token and a closed breaker.
    const client = makeGatewayClient({ ...clientOptions, account });
    clients.set(facility, { account, client });
    return client;
  }

  return {
    async checkCard(identity, day, as) {
      const account = await accountOf(as.facility);
      if (account === null)
        return { kind: "unavailable", reason: "no-account", resultCode: NO_GATEWAY_ACCOUNT, latencyMs: 0 };
      const clerk = as.clerk ?? kioskClerk(await kioskClerkOf(as.facility));
      const check = await clientOf(as.facility, account).checkCard(identity, day, { clerk });
      if (check.kind === "unavailable" && check.reason === "http-error" && check.resultCode === "401")
        onAccountRefused?.(as.facility, check.resultCode);
      return check;
    },
  };
}
