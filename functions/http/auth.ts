import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { type Clerk, receptionistClerk } from "#domain/clerk";
import { DEVICE_ROLE, deviceAccountRequired } from "#domain/device-client";
import { AuthError, ERROR_CODE, ForbiddenError } from "#domain/errors";
import { ROLES, type Role } from "#domain/roles";
import { once } from "#functions/config/env";

/** Roles whose reach is a province, or the whole country only with the explicit national mark. */
const PROVINCIAL_ROLES: readonly Role[] = ["health-dept", "admin"];

/** The group that marks an account as national; a missing province never means national. */
export const NATIONAL_GROUP = "national";

/** Claim names shared by the local tokens and the Cognito ID tokens. */
export const CLAIMS = {
  groups: "cognito:groups",
  facility: "custom:facility",
  province: "custom:province",
  name: "name",
  idNumber: "custom:cccd",
  tokenUse: "token_use",
  audience: "aud",
  /** "true" on a national account (Cognito); locally the national group says the same. */
  national: "custom:national",
} as const;

/** Who is calling, taken from the claims the JWT authorizer verified. */
export interface Principal {
  readonly sub: string;
  readonly role: Role;
  readonly facility: string | null;
  /** The caller's province; null only for an explicitly national account or a facility-bound one. */
  readonly province: string | null;
}

type ClaimValue = string | number | boolean | string[] | undefined;

/** API Gateway flattens array claims into "[a b]" strings; accept that, plain strings and arrays. */
function groupsOf(value: ClaimValue): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== "string") return [];
  return value
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .filter((group) => group !== "");
}

function textClaim(value: ClaimValue): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

const noCredentials = () =>
  new AuthError(ERROR_CODE.UNAUTHENTICATED, {
    vi: "Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ.",
    en: "Not signed in, or the sign-in is not valid.",
  });

/**
 * The devices' app client ids (`DEVICE_CLIENT_ID`, comma-separated): the stack and the local
 * server set it for every API function. Unset (a handler built on its own in a test) it names none.
 */
const deviceClientIds = once(() => (process.env.DEVICE_CLIENT_ID ?? "").split(",").filter((id) => id !== ""));

/**
 * Reads the caller from the authorizer context; no verified claims means 401. A token of the
 * devices' client carries a device account only: any other role there is refused (403).
 */
export function principalOf(
  event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, "requestContext">,
  deviceClients: readonly string[] = deviceClientIds(),
): Principal {
  const claims = event.requestContext.authorizer?.jwt?.claims as Record<string, ClaimValue> | undefined;
  const sub = claims === undefined ? null : textClaim(claims.sub);
  if (claims === undefined || sub === null) throw noCredentials();
  // The authorizer also lets access tokens through (client_id matches); they lack the scope claims.
  if (claims[CLAIMS.tokenUse] !== "id") {
    throw new AuthError(ERROR_CODE.ID_TOKEN_REQUIRED, {
      vi: "Chỉ chấp nhận ID token; hãy đăng nhập lại.",
      en: "Only ID tokens are accepted; please sign in again.",
    });
  }
  const groups = groupsOf(claims[CLAIMS.groups]);
  const role = groups.find((group): group is Role => (ROLES as readonly string[]).includes(group));
  if (role === undefined) {
    throw new ForbiddenError(ERROR_CODE.ROLE_MISSING, {
      vi: "Tài khoản chưa được gán vai trò.",
      en: "The account has no role.",
    });
  }
  if (role !== DEVICE_ROLE && groupsOf(claims[CLAIMS.audience]).some((aud) => deviceClients.includes(aud)))
    throw deviceAccountRequired();
  const province = textClaim(claims[CLAIMS.province]);
  const national = groups.includes(NATIONAL_GROUP) || claims[CLAIMS.national] === "true";
  if (PROVINCIAL_ROLES.includes(role) && province === null && !national) {
    throw new ForbiddenError(ERROR_CODE.PROVINCE_MISSING, {
      vi: "Tài khoản chưa được gán tỉnh và không phải tài khoản toàn quốc.",
      en: "The account has no province and is not marked national.",
    });
  }
  return { sub, role, facility: textClaim(claims[CLAIMS.facility]), province };
}

/** Throws 403 unless the caller has one of the roles. */
export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role)) {
    throw new ForbiddenError(ERROR_CODE.ROLE_FORBIDDEN, {
      vi: "Vai trò của bạn không được phép thực hiện thao tác này.",
      en: "Your role may not do this.",
    });
  }
}

/** The facility a facility-bound caller acts for; a token without one cannot act. */
export function facilityOf(principal: Principal): string {
  if (principal.facility === null) {
    throw new ForbiddenError(ERROR_CODE.FACILITY_MISSING, {
      vi: "Tài khoản chưa được gán cơ sở khám chữa bệnh.",
      en: "The account is not bound to a facility.",
    });
  }
  return principal.facility;
}

/**
 * The clerk the gateway records for the caller's card checks: a receptionist's own full name and
 * ID number from the sign-in (403 CLERK_IDENTITY_MISSING without them); null for a kiosk, which
 * checks under its facility's clerk.
 */
export function clerkOf(
  event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, "requestContext">,
  principal: Principal,
): Clerk | null {
  if (principal.role !== "receptionist") return null;
  const claims = event.requestContext.authorizer?.jwt?.claims as Record<string, ClaimValue> | undefined;
  return receptionistClerk({
    name: textClaim(claims?.[CLAIMS.name]) ?? undefined,
    "custom:cccd": textClaim(claims?.[CLAIMS.idNumber]) ?? undefined,
  });
}
