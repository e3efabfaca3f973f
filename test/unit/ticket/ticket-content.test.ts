import { describe, expect, it } from "vitest";
import { makeFacilityNames } from "#functions/stores/facility-names";
import { ticketContent } from "#web/ticket/ticket-content";

const answer = {
  queueNumber: 12,
  facility: "01001",
  facilityName: "Bệnh viện Đa khoa Thành phố (mẫu)",
  method: "qr-cccd",
  status: "covered",
  checkedInAt: "2026-11-25T08:03:11+07:00",
  insurance: { benefitLevel: 4 },
} as const;

describe("ticketContent", () => {
  it("prints the facility, the number, the date and time, the coverage in words and the method", () => {
    expect(ticketContent(answer, "vi")).toEqual({
      facility: "Bệnh viện Đa khoa Thành phố (mẫu)",
      numberLabel: "Số thứ tự",
      number: "12",
      dateTime: "25/11/2026 08:03",
      method: "Cách tiếp đón: QR căn cước",
      coverage: "Được hưởng bảo hiểm y tế",
      benefit: "Mức hưởng 80 %",
      next: "Mời ngồi chờ gọi số.",
    });
  });

  it("prints an offline series number exactly as stored, and the code when the name is unknown", () => {
    const content = ticketContent(
      { ...answer, queueNumber: "B-07", facilityName: null, status: "pending", insurance: null },
      "en",
    );
    expect(content.number).toBe("B-07");
    expect(content.facility).toBe("Facility 01001");
    expect(content.coverage).toBe("Health insurance will be checked later");
    expect(content.benefit).toBeNull();
  });
});

describe("ticketContent with an exam room", () => {
  it("prints the room ticket the waiting room calls, and the room to wait for", () => {
    const content = ticketContent(
      { ...answer, roomTicket: { label: "P3 – 012", roomName: "Phòng khám Nội" } },
      "vi",
    );
    expect(content.number).toBe("P3 – 012");
    expect(content.room).toBe("Chờ khám tại: Phòng khám Nội");
  });
});

describe("makeFacilityNames", () => {
  it("reads a facility once, and answers null without caching when the table cannot be read", async () => {
    let reads = 0;
    let failing = true;
    const names = makeFacilityNames({
      async getFacility(code) {
        reads += 1;
        if (failing) throw new Error("table unavailable");
        return { code, name: "Trạm Y tế", provinceCode: "001" };
      },
    });
    expect(await names.nameOf("01832")).toBeNull();
    failing = false;
    expect(await names.nameOf("01832")).toBe("Trạm Y tế");
    expect(await names.nameOf("01832")).toBe("Trạm Y tế");
    expect(reads).toBe(2);
  });
});
