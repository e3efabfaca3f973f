import type { IncomingMessage, ServerResponse } from "node:http";
import type { JWK } from "jose";
import Provider, { type AdapterFactory, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import * as z from "zod";
import { DEVICE_CLIENT_NAME, DEVICE_ROLE, deviceAccountRequired } from "#domain/device-client";
import { DEVICE_PATHS, SIGN_IN_PATHS } from "#infra/page-paths";
import type { AccountStore } from "./account-store.ts";
import { ID_TOKEN_CLAIM_NAMES, idTokenClaims } from "./claims.ts";
import { readForm, sendHtml } from "./interaction-http.ts";
import { makeMfaStep } from "./mfa-step.ts";
import { SIGNING_ALG, type SigningKey } from "./provider-keys.ts";
import { BAD_CREDENTIALS, changePasswordPage, signInPage, signOutPage } from "./sign-in-pages.ts";

/** Where the provider is mounted on the local server: the issuer is `<origin>/auth`. */
const AUTH_PATH = "/auth";

/** The pages' client, public (no secret) with PKCE, as the Cognito app client for the pages. */
const WEB_CLIENT_ID = "tiepdon-web";

/** The unattended devices' client (kiosk, waiting-room screen), as their own Cognito app client. */
const DEVICE_CLIENT_ID = DEVICE_CLIENT_NAME;

/** A device stays signed in for this long without anyone at it, as long as it renews (90 days). */
const DEVICE_REFRESH_SECONDS = 90 * 24 * 3600;

/** The resource the provider's JWT access tokens are for. */
const API_RESOURCE = "urn:tiepdon:api";

export interface LocalProviderOptions {
  /** The server's origin, e.g. http://127.0.0.1:3000. */
  readonly origin: string;
  readonly accounts: AccountStore;
  readonly signingKey: SigningKey;
  /** The keys its cookies are signed with, kept across restarts so that sign-ins survive them. */
  readonly cookieKeys: readonly string[];
  /** Where the provider keeps sessions, grants and tokens, so that they outlive a restart. */
  readonly adapter: AdapterFactory;
  /** Lifetime of ID and access tokens (Cognito's default is an hour). */
  readonly tokenSeconds?: number;
  /** Lifetime of a refresh token of the pages' client (Cognito's default is 30 days). */
  readonly refreshSeconds?: number;
  /** Lifetime of a refresh token of the devices' client (90 days). */
  readonly deviceRefreshSeconds?: number;
}

export interface LocalProvider {
  readonly issuer: string;
  readonly clientId: string;
  /** The unattended devices' client: the same sign-in, a refresh token that lasts for weeks. */
  readonly deviceClientId: string;
  /** The public keys the local JWT check verifies with. */
  readonly publicJwks: readonly JWK[];
  /** Answers a request under /auth (the provider's endpoints and its sign-in pages). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const PASSWORDS_DIFFER = { vi: "Hai mật khẩu mới không giống nhau.", en: "The two new passwords differ." };
const PASSWORD_SHORT = {
  vi: "Mật khẩu mới phải có ít nhất 12 ký tự và khác mật khẩu dùng một lần.",
  en: "The new password needs at least 12 characters and must differ from the one-time password.",
};

const pendingChangeSchema = z.object({
  passwordChange: z.object({ accountId: z.string(), wantsMfa: z.boolean() }),
});

function configuration(options: LocalProviderOptions): Configuration {
  const redirectUris = SIGN_IN_PATHS.map((path) => `${options.origin}${path}`);
  const deviceUris = DEVICE_PATHS.map((path) => `${options.origin}${path}`);
  const tokenSeconds = options.tokenSeconds ?? 3600;
  const refreshSeconds = options.refreshSeconds ?? 30 * 24 * 3600;
  const deviceRefreshSeconds = options.deviceRefreshSeconds ?? DEVICE_REFRESH_SECONDS;
  return {
    adapter: options.adapter,
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        application_type: "web",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: redirectUris,
      },
      {
        client_id: DEVICE_CLIENT_ID,
        application_type: "web",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: deviceUris,
        post_logout_redirect_uris: deviceUris,
      },
    ],
    jwks: { keys: [options.signingKey.privateJwk] },
    cookies: { keys: [...options.cookieKeys] },
    claims: { openid: ID_TOKEN_CLAIM_NAMES, profile: [] },
    // The pages are served from the provider's own origin: no other site's script may call it.
    clientBasedCORS: (_ctx, origin) => origin === options.origin,
    // Cognito puts every attribute into the ID token, whatever the scope asks for.
    conformIdTokenClaims: false,
    async findAccount(_ctx, id) {
      const account = await options.accounts.findBySub(id);
      if (account === null || !account.enabled) return undefined;
      return { accountId: id, claims: () => ({ ...idTokenClaims(account), sub: id }) };
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = signOutPage(
            form.replace("</form>", '<input type="hidden" name="logout" value="yes"></form>'),
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "api",
          // Cognito's access token passes the authorizer by its client_id; this one by its audience.
          audience: WEB_CLIENT_ID,
          accessTokenFormat: "jwt",
          accessTokenTTL: tokenSeconds,
          jwt: { sign: { alg: SIGNING_ALG } },
        }),
      },
    },
    // Cognito's access tokens say what they are and carry the groups but no province: the same here.
    async extraTokenClaims(_ctx: KoaContextWithOIDC, token) {
      if (token.kind !== "AccessToken" || token.accountId === undefined) return undefined;
      const account = await options.accounts.findBySub(token.accountId);
      return { token_use: "access", "cognito:groups": account?.groups ?? [] };
    },
    interactions: { url: (_ctx, interaction) => `${AUTH_PATH}/interaction/${interaction.uid}` },
    // As the Cognito app client: every code grant gets a refresh token, which is not rotated.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: false,
    expiresWithSession: async () => false,
    pkce: { required: () => true },
    ttl: {
      AccessToken: tokenSeconds,
      IdToken: tokenSeconds,
      // Not rotated, so each lasts this long from the sign-in; renewing does not extend it.
      RefreshToken: (_ctx, _token, client) =>
        client.clientId === DEVICE_CLIENT_ID ? deviceRefreshSeconds : refreshSeconds,
      Session: 14 * 24 * 3600,
      Grant: 365 * 24 * 3600,
      Interaction: 3600,
      AuthorizationCode: 60,
    },
  };
}

/** The local OpenID provider (the certified `oidc-provider`) in Cognito's place, at `<origin>/auth`. */
export function makeLocalProvider(options: LocalProviderOptions): LocalProvider {
  const issuer = `${options.origin}${AUTH_PATH}`;
  const provider = new Provider(issuer, configuration(options));
  const callback = provider.callback();
  const mfa = makeMfaStep({
    accounts: options.accounts,
    issuerLabel: "tiepdon",
    async remember(req, res, result) {
      await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false });
    },
    async finish(req, res, account) {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub } },
        { mergeWithLastSubmission: false },
      );
    },
  });

  /** The pages' client is first-party: its consent is given with the sign-in. */
  const grantFor = async (details: Awaited<ReturnType<Provider["interactionDetails"]>>) => {
    const accountId = details.session?.accountId;
    const clientId = details.params.client_id;
    if (accountId === undefined || typeof clientId !== "string") return null;
    const grant = new provider.Grant({ accountId, clientId });
    const scope = typeof details.params.scope === "string" ? details.params.scope : "openid";
    grant.addOIDCScope(scope);
    grant.addResourceScope(API_RESOURCE, "api");
    return await grant.save();
  };

  const interaction = async (req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> => {
    const details = await provider.interactionDetails(req, res);
    const action = `${AUTH_PATH}/interaction/${details.uid}`;
    if (details.prompt.name === "consent") {
      const grantId = await grantFor(details);
      await provider.interactionFinished(
        req,
        res,
        { consent: grantId === null ? {} : { grantId } },
        {
          mergeWithLastSubmission: true,
        },
      );
      return;
    }
    if (req.method !== "POST") {
      sendHtml(res, 200, signInPage(`${action}/login`, null));
      return;
    }
    const form = await readForm(req);
    if (rest === "password") {
      await changePassword(req, res, details, form, action);
      return;
    }
    if (rest === "totp") {
      await mfa.checkCode(req, res, details.result, form, action);
      return;
    }
    const username = form.get("username") ?? "";
    const account = await options.accounts.authenticate(username, form.get("password") ?? "");
    if (account === null) {
      sendHtml(res, 401, signInPage(`${action}/login`, BAD_CREDENTIALS, username));
      return;
    }
    if (details.params.client_id === DEVICE_CLIENT_ID && !account.groups.includes(DEVICE_ROLE)) {
      sendHtml(res, 403, signInPage(`${action}/login`, deviceAccountRequired().messages, username));
      return;
    }
    const wantsMfa = form.get("setUpMfa") === "yes";
    if (account.mustChangePassword) {
      // Remembered on the interaction itself, so the change form carries no credentials.
      await provider.interactionResult(req, res, { passwordChange: { accountId: account.sub, wantsMfa } });
      sendHtml(res, 200, changePasswordPage(`${action}/password`, null));
      return;
    }
    await mfa.afterPassword(req, res, account, action, wantsMfa);
  };

  const changePassword = async (
    req: IncomingMessage,
    res: ServerResponse,
    details: Awaited<ReturnType<Provider["interactionDetails"]>>,
    form: URLSearchParams,
    action: string,
  ): Promise<void> => {
    const pending = pendingChangeSchema.safeParse(details.result);
    const account = pending.success
      ? await options.accounts.findBySub(pending.data.passwordChange.accountId)
      : null;
    if (account === null || !account.enabled) {
      sendHtml(res, 401, signInPage(`${action}/login`, BAD_CREDENTIALS));
      return;
    }
    const next = form.get("newPassword") ?? "";
    const problem =
      next !== (form.get("confirmPassword") ?? "")
        ? PASSWORDS_DIFFER
        : next.length < 12 || (await options.accounts.authenticate(account.username, next)) !== null
          ? PASSWORD_SHORT
          : null;
    if (problem !== null) {
      sendHtml(res, 400, changePasswordPage(`${action}/password`, problem));
      return;
    }
    await options.accounts.setPassword(account.username, next);
    // A changed password is one factor; the code (or its set-up) still follows where it applies.
    await mfa.afterPassword(
      req,
      res,
      account,
      action,
      pending.success && pending.data.passwordChange.wantsMfa,
    );
  };

  return {
    issuer,
    clientId: WEB_CLIENT_ID,
    deviceClientId: DEVICE_CLIENT_ID,
    publicJwks: [options.signingKey.publicJwk],
    async handle(req, res) {
      const url = req.url ?? "/";
      const match = /^\/auth\/interaction\/[^/?]+(?:\/(login|password|totp))?(?:\?|$)/.exec(url);
      if (match !== null) {
        await interaction(req, res, match[1] ?? "");
        return;
      }
      // The provider sees its own paths and finds its mount point from originalUrl.
      Object.assign(req, { originalUrl: url, url: url.slice(AUTH_PATH.length) || "/" });
      await callback(req, res);
    },
  };
}
