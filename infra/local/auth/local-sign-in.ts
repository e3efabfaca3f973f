import { randomBytes } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NATIONAL_GROUP } from "#functions/http/auth";
import type { LocalOpenId } from "../server.ts";
import { type AccountStore, makeAccountStore } from "./account-store.ts";
import { makeAuthorizerCheck } from "./authorizer-check.ts";
import { makeLocalProvider } from "./local-provider.ts";
import { loadOrCreateCookieKeys, loadOrCreateSigningKey, totpSealKeyOf } from "./provider-keys.ts";
import { providerStateAdapter } from "./provider-state-store.ts";

/** A demo account the ready lines print, with the page it is for. */
export interface DemoAccount {
  readonly username: string;
  readonly password: string;
  readonly page: string;
  readonly groups: readonly string[];
  readonly facility?: string;
  readonly province?: string;
  readonly name?: string;
  readonly idNumber?: string;
  /** The TOTP secret (Base32) of an account that must use a code, printed so the demo can be tried. */
  readonly totpSecret?: string;
}

/**
 * The demo's accounts. Their passwords and TOTP secrets are printed and written here on purpose:
 * demo mode also mints any token at /api/dev/token, so they protect nothing a demo has not already
 * opened. Clinic mode creates none of them.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: "letan.01001",
    password: "demo-letan-01001",
    page: "/",
    groups: ["receptionist"],
    facility: "01001",
    name: "Nguyễn Thị Tiếp Đón",
    idNumber: "001190000001",
  },
  {
    username: "kiosk.01001",
    password: "demo-kiosk-01001",
    page: "/kiosk",
    groups: ["kiosk"],
    facility: "01001",
  },
  {
    username: "soyte.toanquoc",
    password: "demo-soyte-toanquoc",
    page: "/dashboard",
    groups: ["health-dept", NATIONAL_GROUP],
    totpSecret: "RWMKBWZKEVQWN3AHVCU3SO3LVYIPBG6H",
  },
  {
    username: "soyte.001",
    password: "demo-soyte-001",
    page: "/dashboard",
    groups: ["health-dept"],
    province: "001",
    totpSecret: "3LSR2NBLXMBCACYAKFNQOYZBAOCZYKH6",
  },
  {
    username: "quantri.001",
    password: "demo-quantri-001",
    page: "/admin",
    groups: ["admin"],
    province: "001",
    totpSecret: "F55HYJOHM2LDFS446DVEGCTSCUYLDIBN",
  },
];

/** The first administrator of a clinic install, with the one-time password shown once. */
export interface FirstAdmin {
  readonly username: string;
  readonly oneTimePassword: string;
}

export interface LocalSignIn {
  readonly openId: LocalOpenId;
  readonly accounts: AccountStore;
  /** Set on the first start in clinic mode only. */
  readonly firstAdmin: FirstAdmin | null;
}

export interface LocalSignInOptions {
  readonly doc: DynamoDBDocumentClient;
  readonly accountsTable: string;
  /** The provider's sessions, grants and tokens. */
  readonly providerStateTable: string;
  readonly origin: string;
  /** Where the provider's signing key is kept; in memory when null. */
  readonly keyFile: string | null;
  /** Where the provider's cookie keys are kept; made per start when null. */
  readonly cookieKeyFile?: string | null;
  readonly mode: "demo" | "clinic";
  readonly tokenSeconds?: number;
  readonly refreshSeconds?: number;
  readonly deviceRefreshSeconds?: number;
}

/** A password that a person copies once from the screen: 16 characters from an unambiguous alphabet. */
function oneTimePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
  return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/**
 * Sets up sign-in for the local server: the accounts (demo ones in demo mode, the first
 * administrator on a clinic's first start), the OpenID provider and the authorizer's check.
 */
export async function startLocalSignIn(options: LocalSignInOptions): Promise<LocalSignIn> {
  const signingKey = await loadOrCreateSigningKey(options.keyFile);
  // TOTP secrets are sealed under a key derived from the install's own private key (kept 600).
  const accounts = makeAccountStore(options.doc, options.accountsTable, totpSealKeyOf(signingKey));
  let firstAdmin: FirstAdmin | null = null;
  // Hashing is slow on purpose (a second or more each): the demo accounts that are missing are made
  // beside the start-up rather than before it, and the provider waits for them.
  let demoAccounts: Promise<void> | null = options.mode === "demo" ? null : Promise.resolve();
  const ensureDemoAccounts = () => {
    demoAccounts ??= (async () => {
      for (const { page: _page, ...account } of DEMO_ACCOUNTS) {
        if ((await accounts.find(account.username)) === null) await accounts.create(account);
      }
    })().catch((error: unknown) => {
      demoAccounts = null;
      throw error;
    });
    return demoAccounts;
  };
  if (options.mode === "demo") ensureDemoAccounts().catch(() => undefined);
  if (options.mode === "clinic" && (await accounts.isEmpty())) {
    firstAdmin = { username: "admin", oneTimePassword: oneTimePassword() };
    await accounts.create({
      username: firstAdmin.username,
      password: firstAdmin.oneTimePassword,
      // The only administrator of this PC's own database, so it reaches everything in it.
      groups: ["admin", NATIONAL_GROUP],
      mustChangePassword: true,
    });
  }
  const provider = makeLocalProvider({
    origin: options.origin,
    accounts,
    signingKey,
    cookieKeys: loadOrCreateCookieKeys(options.cookieKeyFile ?? null),
    adapter: providerStateAdapter(options.doc, options.providerStateTable),
    ...(options.tokenSeconds === undefined ? {} : { tokenSeconds: options.tokenSeconds }),
    ...(options.refreshSeconds === undefined ? {} : { refreshSeconds: options.refreshSeconds }),
    ...(options.deviceRefreshSeconds === undefined
      ? {}
      : { deviceRefreshSeconds: options.deviceRefreshSeconds }),
  });
  const verify = makeAuthorizerCheck({
    issuer: provider.issuer,
    audiences: [provider.clientId, provider.deviceClientId],
    jwks: provider.publicJwks,
  });
  return {
    openId: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      deviceClientId: provider.deviceClientId,
      async handle(req, res) {
        await ensureDemoAccounts();
        await provider.handle(req, res);
      },
      verify,
    },
    accounts,
    firstAdmin,
  };
}
