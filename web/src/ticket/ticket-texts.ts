import type { Status } from "#domain/types";
import type { Texts } from "#web/i18n/lang";

/** The words on the paper ticket: what the patient needs, and nothing that identifies them. */
export const TICKET_TEXTS: Texts<{
  number: string;
  facility: (code: string) => string;
  room: (name: string) => string;
  method: string;
  coverage: Record<Status, string>;
  benefit: (percent: number) => string;
  next: Record<Status, string>;
}> = {
  vi: {
    number: "Số thứ tự",
    facility: (code) => `Cơ sở ${code}`,
    room: (name) => `Chờ khám tại: ${name}`,
    method: "Cách tiếp đón",
    coverage: {
      covered: "Được hưởng bảo hiểm y tế",
      "not-covered": "Không được hưởng bảo hiểm y tế hôm nay",
      "needs-review": "Cần kiểm tra thêm giấy tờ",
      pending: "Bảo hiểm y tế sẽ được kiểm tra sau",
    },
    benefit: (percent) => `Mức hưởng ${percent} %`,
    next: {
      covered: "Mời ngồi chờ gọi số.",
      "not-covered": "Mời đến quầy tiếp đón.",
      "needs-review": "Mời đến quầy tiếp đón.",
      pending: "Mời ngồi chờ gọi số.",
    },
  },
  en: {
    number: "Queue number",
    facility: (code) => `Facility ${code}`,
    room: (name) => `Wait for: ${name}`,
    method: "Checked in by",
    coverage: {
      covered: "Health insurance covers this visit",
      "not-covered": "Health insurance cannot be used today",
      "needs-review": "Your papers need a check",
      pending: "Health insurance will be checked later",
    },
    benefit: (percent) => `Benefit ${percent} %`,
    next: {
      covered: "Please wait to be called.",
      "not-covered": "Please go to the reception desk.",
      "needs-review": "Please go to the reception desk.",
      pending: "Please wait to be called.",
    },
  },
};
