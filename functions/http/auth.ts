import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import { AuthError, ForbiddenError } from "#domain/errors";
import { ROLES, type Role } from "#domain/roles";

/** Claim names shared by the local tokens and the Cognito ID tokens. */
export const CLAIMS = {
  groups: "cognito:groups",
  facility: "custom:facility",
  province: "custom:province",
} as const;

/** Who is calling, taken from the claims the JWT authorizer verified. */
export interface Principal {
  readonly sub: string;
  readonly role: Role;
  readonly facility: string | null;
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
  new AuthError("UNAUTHENTICATED", {
    vi: "Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ.",
    en: "Not signed in, or the sign-in is not valid.",
  });

/** Reads the caller from the authorizer context; no verified claims means 401. */
export function principalOf(
  event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, "requestContext">,
): Principal {
  const claims = event.requestContext.authorizer?.jwt?.claims as Record<string, ClaimValue> | undefined;
  const sub = claims === undefined ? null : textClaim(claims.sub);
  if (claims === undefined || sub === null) throw noCredentials();
  const role = groupsOf(claims[CLAIMS.groups]).find((group): group is Role =>
    (ROLES as readonly string[]).includes(group),
  );
  if (role === undefined) {
    throw new ForbiddenError("ROLE_MISSING", {
      vi: "Tài khoản chưa được gán vai trò.",
      en: "The account has no role.",
    });
  }
  return {
    sub,
    role,
    facility: textClaim(claims[CLAIMS.facility]),
    province: textClaim(claims[CLAIMS.province]),
  };
}

/** Throws 403 unless the caller has one of the roles. */
export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role)) {
    throw new ForbiddenError("ROLE_FORBIDDEN", {
      vi: "Vai trò của bạn không được phép thực hiện thao tác này.",
      en: "Your role may not do this.",
    });
  }
}

/** The facility a facility-bound caller acts for; a token without one cannot act. */
export function facilityOf(principal: Principal): string {
  if (principal.facility === null) {
    throw new ForbiddenError("FACILITY_MISSING", {
      vi: "Tài khoản chưa được gán cơ sở khám chữa bệnh.",
      en: "The account is not bound to a facility.",
    });
  }
  return principal.facility;
}
