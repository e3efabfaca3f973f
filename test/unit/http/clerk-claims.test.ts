import { describe, expect, it } from "vitest";
import { ForbiddenError } from "#domain/errors";
import { clerkOf, principalOf } from "#functions/http/auth";
import { httpEvent } from "#test/support/events";

const base = { sub: "u1", token_use: "id", "custom:facility": "01001" };

function clerkFor(claims: Record<string, unknown>) {
  const event = httpEvent({ method: "POST", path: "/api/checkins", claims: { ...base, ...claims } });
  return clerkOf(event, principalOf(event));
}

describe("the clerk a card check is sent under", () => {
  it("is the signed-in receptionist's own full name and ID number", () => {
    expect(
      clerkFor({
        "cognito:groups": ["receptionist"],
        name: "Trần Văn Tiếp Nhận",
        "custom:cccd": "038085000002",
      }),
    ).toEqual({ name: "Trần Văn Tiếp Nhận", id: "038085000002" });
  });

  it("refuses a receptionist whose account lacks the name or the ID number, with a code that says why", () => {
    for (const claims of [{ name: "Trần Văn Tiếp Nhận" }, { "custom:cccd": "038085000002" }, {}]) {
      let code = "";
      try {
        clerkFor({ "cognito:groups": ["receptionist"], ...claims });
      } catch (error) {
        if (error instanceof ForbiddenError) code = error.code;
      }
      expect(code).toBe("CLERK_IDENTITY_MISSING");
    }
  });

  it("is left to the facility for a kiosk, which has no person behind it", () => {
    expect(clerkFor({ "cognito:groups": ["kiosk"] })).toBeNull();
  });
});
