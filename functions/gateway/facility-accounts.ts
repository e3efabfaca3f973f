/**
 * Each facility's gateway account as the functions that call the gateway see it: read from the
 * store, opened with the facility secret box, and trusted for a short bound, so a password changed
 * on the admin page is used within that bound without a deploy. The secret is opened again only
 * when its sealed value changed, so KMS is asked about once per facility per container.
 */
import type { Clerk } from "#domain/clerk";
import { type GatewayAccount, INSTALL_ACCOUNT_FACILITY } from "#functions/config/gateway-account";
import type { GatewayAccountStore, StoredGatewayAccount } from "#functions/stores/gateway-account-store";
import type { FacilitySecretBox } from "./facility-secret-box.ts";
import type { SigningCertificate } from "./signing-certificate.ts";

/** How long a container trusts an account it read: the bound on a password change taking effect. */
const FACILITY_ACCOUNT_MAX_AGE_MS = 60_000;

/** The facility's signing key and certificate, opened. */
type FacilityCertificate = Pick<SigningCertificate, "privateKeyPem" | "certificatePem">;

export interface FacilityAccountsOptions {
  readonly store: Pick<GatewayAccountStore, "read" | "markRefused">;
  readonly box: FacilitySecretBox;
  /**
   * The install's own account (from its settings), used only for the demo facility
   * (INSTALL_ACCOUNT_FACILITY) while that facility registers none; no other facility falls back on it.
   */
  readonly fallback?: GatewayAccount | null;
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export interface FacilityAccounts {
  /** The facility's account, or null when it has none (and there is no fallback). */
  accountOf(facilityCode: string): Promise<GatewayAccount | null>;
  /** The facility's signing certificate, or null when none was uploaded. */
  certificateOf(facilityCode: string): Promise<FacilityCertificate | null>;
  /** The clerk the facility names for its kiosks' checks, or null when it names none. */
  kioskClerkOf(facilityCode: string): Promise<Clerk | null>;
  /** Records that the gateway refused the facility's own password (the admin's list shows it). */
  reportRefused(facilityCode: string, resultCode: string): Promise<void>;
}

interface Known {
  readonly readAt: number;
  readonly record: StoredGatewayAccount | null;
  readonly account: GatewayAccount | null;
  readonly certificate: FacilityCertificate | null;
}

/** Builds the look-up; one per container. */
export function makeFacilityAccounts(options: FacilityAccountsOptions): FacilityAccounts {
  const maxAge = options.maxAgeMs ?? FACILITY_ACCOUNT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const fallback = options.fallback ?? null;
  const known = new Map<string, Promise<Known>>();

  async function openAccount(code: string, record: StoredGatewayAccount | null, before: Known | undefined) {
    if (record?.username === undefined || record.sealedPassword === undefined)
      return code === INSTALL_ACCOUNT_FACILITY ? fallback : null;
    if (before?.record?.sealedPassword === record.sealedPassword && before.account !== null)
      return { ...before.account, username: record.username };
    return { username: record.username, password: await options.box.open(code, record.sealedPassword) };
  }

  async function openCertificate(
    code: string,
    record: StoredGatewayAccount | null,
    before: Known | undefined,
  ) {
    const stored = record?.certificate;
    if (stored === undefined) return null;
    if (before?.record?.certificate?.sealedKey === stored.sealedKey && before.certificate !== null)
      return before.certificate;
    return {
      privateKeyPem: await options.box.open(code, stored.sealedKey),
      certificatePem: stored.certificatePem,
    };
  }

  async function refresh(code: string, before: Known | undefined): Promise<Known> {
    const record = await options.store.read(code);
    return {
      readAt: now(),
      record,
      account: await openAccount(code, record, before),
      certificate: await openCertificate(code, record, before),
    };
  }

  async function current(code: string): Promise<Known> {
    const pending = known.get(code);
    const before = pending === undefined ? undefined : await pending.catch(() => undefined);
    if (before !== undefined && now() - before.readAt < maxAge) return before;
    const next = refresh(code, before);
    known.set(code, next);
    try {
      return await next;
    } catch (error) {
      // A failed read is not kept: the next check reads again.
      if (known.get(code) === next) known.delete(code);
      throw error;
    }
  }

  return {
    accountOf: async (code) => (await current(code)).account,
    certificateOf: async (code) => (await current(code)).certificate,
    kioskClerkOf: async (code) => (await current(code)).record?.kioskClerk ?? null,
    async reportRefused(code, resultCode) {
      const sealed = (await known.get(code))?.record?.sealedPassword;
      // The install's own account (no record) has nothing to mark.
      if (sealed === undefined) return;
      await options.store.markRefused(code, sealed, { code: resultCode, at: new Date(now()).toISOString() });
    },
  };
}
