/**
 * The gateway's calls as HTTP requests, built the way hospital software sends them: token/take
 * with the password's MD5 digest, Lskcb2025 with the account and tokens in the query string and a
 * form body, checkInKcbQd3176 with the tokens and digest in headers and the signed XML0 in Base64.
 */
import { GATEWAY_PATHS } from "./gateway-schema.ts";
import { passwordDigest } from "./password-digest.ts";
import { CHECK_IN_RECORD_TYPE, type VisitHistoryForm, XML0_PATHS } from "./xml0-protocol.ts";

/** A request ready for fetch. */
export interface GatewayRequest {
  readonly url: string;
  readonly init: { method: "POST"; headers: Record<string, string>; body: string };
}

/** An account signed in: its username, its password's digest and a live token pair. */
export interface GatewaySession {
  readonly username: string;
  readonly passwordDigest: string;
  readonly accessToken: string;
  readonly idToken: string;
}

const FORM = "application/x-www-form-urlencoded";

function base(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

function formPost(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    url,
    init: {
      method: "POST" as const,
      headers: { "content-type": FORM, accept: "application/json", ...headers },
      body: new URLSearchParams(fields).toString(),
    },
  };
}

/** POST /api/token/take with the username and the MD5 digest of the password (form body). */
export function tokenRequest(baseUrl: string, username: string, password: string): GatewayRequest {
  return formPost(`${base(baseUrl)}${GATEWAY_PATHS.token}`, { username, password: passwordDigest(password) });
}

/** The query string every call after token/take carries: both tokens and the account. */
function credentialsQuery(session: GatewaySession): string {
  return new URLSearchParams({
    token: session.accessToken,
    id_token: session.idToken,
    username: session.username,
    password: session.passwordDigest,
  }).toString();
}

/** POST /api/egw/Lskcb2025: a person's past visits, asked by a clerk (form body only). */
export function visitHistoryRequest(
  baseUrl: string,
  session: GatewaySession,
  form: VisitHistoryForm,
): GatewayRequest {
  return formPost(`${base(baseUrl)}${XML0_PATHS.visitHistory}?${credentialsQuery(session)}`, { ...form });
}

/** POST /api/qd130/checkInKcbQd3176: a facility's signed XML0, as UTF-8 in Base64. */
export function xml0Request(
  baseUrl: string,
  session: GatewaySession,
  facilityCode: string,
  signedXml: string,
): GatewayRequest {
  return formPost(
    `${base(baseUrl)}${XML0_PATHS.checkIn}`,
    {
      username: session.username,
      loaiHoSo: CHECK_IN_RECORD_TYPE,
      maTinh: facilityCode.slice(0, 2),
      maCSKCB: facilityCode,
      fileHSBase64: Buffer.from(signedXml, "utf8").toString("base64"),
    },
    { accessToken: session.accessToken, tokenId: session.idToken, passwordHash: session.passwordDigest },
  );
}
