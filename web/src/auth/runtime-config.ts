/**
 * How the pages sign in, from /config.json: written by the CDK stack in AWS (Cognito), answered
 * by the local server locally (its own OpenID provider, and whether the demo sign-in exists).
 */
import * as z from "zod";

const cognitoConfigSchema = z.object({
  /** Hosted UI base, e.g. https://tiepdon-123.auth.ap-southeast-1.amazoncognito.com */
  authDomain: z.url(),
  clientId: z.string().min(1),
  /** The unattended devices' app client (kiosk, waiting-room screen), whose sign-in lasts for weeks. */
  deviceClientId: z.string().min(1).optional(),
  region: z.string().min(1),
  userPoolId: z.string().min(1),
  /** Cognito's user API, where the TOTP set-up is made; by default the region's public endpoint. */
  userApiEndpoint: z.url().optional(),
});

const localConfigSchema = z.object({
  authority: z.url(),
  clientId: z.string().min(1),
  deviceClientId: z.string().min(1).optional(),
  demo: z.boolean(),
});

/** Endpoints given up front, so the page needs no discovery request (and no wider CSP) for Cognito. */
interface OidcEndpoints {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly revocation_endpoint: string;
  readonly end_session_endpoint: string;
  readonly userinfo_endpoint: string;
  readonly jwks_uri: string;
}

export interface OidcConfig {
  readonly authority: string;
  readonly clientId: string;
  /** The client a kiosk or waiting-room screen signs in with; the pages' client when there is none. */
  readonly deviceClientId: string;
  readonly scopes: readonly string[];
  /** The device client's scopes: no user-API scope, a kiosk has no second step to set up. */
  readonly deviceScopes: readonly string[];
  /** Cognito's endpoints (it publishes no revocation or end-session endpoint in its discovery). */
  readonly endpoints: OidcEndpoints | null;
  /** Cognito's /logout wants `logout_uri` where OpenID names it `post_logout_redirect_uri`. */
  readonly cognitoLogout: boolean;
  /**
   * Cognito's user API, where an admin or health-department user sets up TOTP with their access
   * token; null locally, where the provider's own sign-in pages make the set-up.
   */
  readonly userApiEndpoint: string | null;
}

export interface RuntimeConfig {
  readonly oidc: OidcConfig;
  /** The local demo: the demo form and the `?dev=` shortcut exist only then. */
  readonly demo: boolean;
}

/** The last configuration read, kept so that a page opened offline can still sign in once back online. */
const KEPT_KEY = "tiepdon.config";

async function fetchConfig(): Promise<unknown> {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (!response.ok) return null;
    const body: unknown = await response.json();
    localStorage.setItem(KEPT_KEY, JSON.stringify(body));
    return body;
  } catch {
    // Offline (the service worker served the page): the configuration read last time.
    try {
      return JSON.parse(localStorage.getItem(KEPT_KEY) ?? "null");
    } catch {
      return null;
    }
  }
}

/** Reads /config.json; null when there is none (then the page cannot sign in and says so). */
export async function loadRuntimeConfig(): Promise<RuntimeConfig | null> {
  try {
    const body = await fetchConfig();
    const local = localConfigSchema.safeParse(body);
    if (local.success) {
      return {
        oidc: {
          authority: local.data.authority,
          clientId: local.data.clientId,
          deviceClientId: local.data.deviceClientId ?? local.data.clientId,
          scopes: ["openid", "profile"],
          deviceScopes: ["openid", "profile"],
          endpoints: null,
          cognitoLogout: false,
          userApiEndpoint: null,
        },
        demo: local.data.demo,
      };
    }
    const cognito = cognitoConfigSchema.safeParse(body);
    if (!cognito.success) return null;
    const { authDomain, clientId, deviceClientId, region, userPoolId, userApiEndpoint } = cognito.data;
    const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
    return {
      oidc: {
        authority: issuer,
        clientId,
        deviceClientId: deviceClientId ?? clientId,
        // The last one lets the access token call Cognito's user API (the TOTP set-up), nothing else of ours.
        scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
        deviceScopes: ["openid", "email", "profile"],
        endpoints: {
          issuer,
          authorization_endpoint: `${authDomain}/oauth2/authorize`,
          token_endpoint: `${authDomain}/oauth2/token`,
          revocation_endpoint: `${authDomain}/oauth2/revoke`,
          end_session_endpoint: `${authDomain}/logout`,
          userinfo_endpoint: `${authDomain}/oauth2/userInfo`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
        },
        cognitoLogout: true,
        userApiEndpoint: userApiEndpoint ?? `https://cognito-idp.${region}.amazonaws.com/`,
      },
      demo: false,
    };
  } catch {
    return null;
  }
}
