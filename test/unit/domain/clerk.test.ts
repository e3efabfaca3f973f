import { describe, expect, it } from "vitest";
import { kioskClerk, receptionistClerk } from "#domain/clerk";
import { ForbiddenError } from "#domain/errors";

const codeOf = (run: () => unknown): string => {
  try {
    run();
    return "accepted";
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "thrown";
  }
};

describe("the clerk a card check is made by", () => {
  it("is the signed-in receptionist, by the name and ID number of their account", () => {
    expect(receptionistClerk({ name: "  Nguyễn Thị Tiếp Đón ", "custom:cccd": "001190000001" })).toEqual({
      name: "Nguyễn Thị Tiếp Đón",
      id: "001190000001",
    });
    // A name that arrives decomposed (NFD) leaves composed, as the gateway compares it.
    const decomposed = "Trần Văn Tiếp Nhận".normalize("NFD");
    expect(receptionistClerk({ name: decomposed, "custom:cccd": "038085000002" }).name).toBe(
      "Trần Văn Tiếp Nhận",
    );
  });

  it("refuses a receptionist whose account lacks either, with a message saying why", () => {
    expect(codeOf(() => receptionistClerk({ "custom:cccd": "001190000001" }))).toBe("CLERK_IDENTITY_MISSING");
    expect(codeOf(() => receptionistClerk({ name: "Nguyễn Thị Tiếp Đón" }))).toBe("CLERK_IDENTITY_MISSING");
    expect(
      codeOf(() => receptionistClerk({ name: "Nguyễn Thị Tiếp Đón", "custom:cccd": "1190000001" })),
    ).toBe("CLERK_IDENTITY_MISSING");
    expect(
      codeOf(() => receptionistClerk({ name: "Nguyễn Thị Tiếp Đón", "custom:cccd": "999190000001" })),
    ).toBe("CLERK_IDENTITY_MISSING");
  });

  it("is the facility's kiosk clerk for a kiosk, refused when the facility names none", () => {
    expect(kioskClerk({ name: "Lê Thị Thu Ngân", id: "079192000003" })).toEqual({
      name: "Lê Thị Thu Ngân",
      id: "079192000003",
    });
    expect(codeOf(() => kioskClerk(null))).toBe("KIOSK_CLERK_MISSING");
  });
});
