import { describe, expect, it } from "vitest";
import { AuthError, ForbiddenError } from "#domain/errors";
import { principalOf } from "#functions/http/auth";
import { httpEvent } from "#test/support/events";

const eventWith = (claims: Record<string, unknown>) => httpEvent({ method: "GET", path: "/x", claims });

function refusal(claims: Record<string, unknown>): { kind: string; code: string } {
  try {
    principalOf(eventWith(claims));
  } catch (error) {
    if (error instanceof AuthError) return { kind: "401", code: error.code };
    if (error instanceof ForbiddenError) return { kind: "403", code: error.code };
    throw error;
  }
  return { kind: "accepted", code: "" };
}

describe("who is calling", () => {
  it("takes role and scope from an ID token, with groups flattened as the authorizer passes them", () => {
    const principal = principalOf(
      eventWith({
        sub: "u1",
        token_use: "id",
        "cognito:groups": ["receptionist"],
        "custom:facility": "01001",
      }),
    );
    expect(principal).toEqual({ sub: "u1", role: "receptionist", facility: "01001", province: null });
  });

  it("refuses an access token, which carries the groups but not the province", () => {
    const access = { sub: "u2", token_use: "access", "cognito:groups": ["health-dept"], client_id: "web" };
    expect(refusal(access)).toEqual({ kind: "401", code: "ID_TOKEN_REQUIRED" });
    expect(refusal({ sub: "u2", "cognito:groups": ["health-dept"], "custom:province": "001" })).toEqual({
      kind: "401",
      code: "ID_TOKEN_REQUIRED",
    });
  });

  it("never reads a missing province as the whole country", () => {
    for (const role of ["health-dept", "admin"]) {
      expect(refusal({ sub: "u3", token_use: "id", "cognito:groups": [role] })).toEqual({
        kind: "403",
        code: "PROVINCE_MISSING",
      });
      expect(
        refusal({ sub: "u3", token_use: "id", "cognito:groups": [role], "custom:province": "" }),
      ).toEqual({ kind: "403", code: "PROVINCE_MISSING" });
    }
    const national = principalOf(
      eventWith({ sub: "u4", token_use: "id", "cognito:groups": "[health-dept national]" }),
    );
    expect(national).toMatchObject({ role: "health-dept", province: null });
    const markedByClaim = principalOf(
      eventWith({ sub: "u6", token_use: "id", "cognito:groups": "[admin]", "custom:national": "true" }),
    );
    expect(markedByClaim).toMatchObject({ role: "admin", province: null });
    expect(
      refusal({ sub: "u7", token_use: "id", "cognito:groups": ["admin"], "custom:national": "false" }),
    ).toEqual({ kind: "403", code: "PROVINCE_MISSING" });
    const provincial = principalOf(
      eventWith({ sub: "u5", token_use: "id", "cognito:groups": ["admin"], "custom:province": "079" }),
    );
    expect(provincial).toMatchObject({ role: "admin", province: "079" });
  });
});

describe("a token of the devices' app client", () => {
  const DEVICE_CLIENTS = ["device-client-id"];
  const tokenOf = (groups: string, aud: string) =>
    eventWith({ sub: "d1", token_use: "id", "cognito:groups": groups, "custom:facility": "01001", aud });
  const outcome = (groups: string, aud: string) => {
    try {
      return principalOf(tokenOf(groups, aud), DEVICE_CLIENTS).role;
    } catch (error) {
      return error instanceof ForbiddenError ? `403 ${error.code}` : "other";
    }
  };

  it("carries a kiosk, and no staff role, whatever the groups look like", () => {
    expect(outcome("[kiosk]", "device-client-id")).toBe("kiosk");
    expect(outcome("[receptionist]", "device-client-id")).toBe("403 DEVICE_ACCOUNT_REQUIRED");
    expect(outcome("[room]", "device-client-id")).toBe("403 DEVICE_ACCOUNT_REQUIRED");
    expect(outcome("[receptionist kiosk]", "device-client-id")).toBe("403 DEVICE_ACCOUNT_REQUIRED");
    // The pages' client is unaffected.
    expect(outcome("[receptionist]", "web-client-id")).toBe("receptionist");
  });

  it("answers the refusal in Vietnamese and English", () => {
    const error = (() => {
      try {
        principalOf(tokenOf("[room]", "device-client-id"), DEVICE_CLIENTS);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toMatchObject({
      messages: {
        vi: expect.stringContaining("tài khoản thiết bị"),
        en: expect.stringContaining("device account"),
      },
    });
  });
});
