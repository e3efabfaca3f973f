import { describe, expect, it } from "vitest";
import { guardPkOf, hashedPersonKey, rememberedChange, visitChange } from "#functions/migrations/visit-shape";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import type { CheckinRecord } from "#functions/stores/checkin-record";

const hash = makeSubjectHasher(new Uint8Array(32).fill(7));
const ID = "001090012345";

const visit: CheckinRecord = {
  pk: "CHK#01001#2026-12-07",
  sk: "2026-12-07T01:00:00.123Z#c1",
  checkinId: "c1",
  facility: "01001",
  day: "2026-12-07",
  method: "qr-cccd",
  channel: "camera",
  status: "covered",
  queueNumber: 3,
  checkedInAt: "2026-12-07T08:00:00+07:00",
  createdBy: "letan",
  personKey: `ID#${ID}`,
  patient: { idNumber: ID, name: "Nguyễn Văn A", birthDate: "1990-01-01", sex: "male" },
  lookup: { idNumber: ID, cardCode: "GD4797979797979", name: "Nguyễn Văn A" },
  insurance: {
    resultCode: "000",
    covered: true,
    cardCode: "GD4797979797979",
    benefitLevel: 4,
    validFrom: null,
    validTo: null,
    registeredFacility: "01001",
    registeredFacilityName: null,
    atRegisteredFacility: true,
    managingOffice: null,
    lastCheck: { at: "2026-12-01T08:00:00+07:00", by: "79001_BV", resultCode: "000" },
    message: "",
    messageEn: "",
  },
};

describe("the minimised shape of a stored visit", () => {
  it("names the person in keys by the keyed hash, and leaves hashed and request keys alone", () => {
    expect(hashedPersonKey(`ID#${ID}`, hash)).toBe(`ID#${hash(ID)}`);
    expect(hashedPersonKey("BHXH#4797979797", hash)).toBe(`BHXH#${hash("BHXH#4797979797")}`);
    expect(hashedPersonKey(`ID#${hash(ID)}`, hash)).toBe(`ID#${hash(ID)}`);
    expect(hashedPersonKey("PAYLOAD#abc", hash)).toBe("PAYLOAD#abc");
    expect(guardPkOf(`DUP#01001#ID#${ID}#2964`, hash)).toBe(`DUP#01001#ID#${hash(ID)}#2964`);
    expect(guardPkOf(`DUP#01001#ID#${hash(ID)}#2964`, hash)).toBeNull();
  });

  it("fills the subject index, hashes the key, drops a settled visit's lookup block and another facility's account", () => {
    const change = visitChange(visit, hash);
    expect(change.set).toMatchObject({ subjectKey: hash(ID), personKey: `ID#${hash(ID)}` });
    expect(change.set).toHaveProperty("insurance.lastCheck.by", null);
    expect(change.remove).toEqual(["lookup"]);
    const pending = visitChange({ ...visit, status: "pending", insurance: null }, hash);
    expect(pending.set.lookup).toEqual({ cardCode: "GD4797979797979" });
    expect(pending.remove).toEqual([]);
  });

  it("finds nothing to change in a visit already in the new shape", () => {
    const { lookup: _lookup, ...settled } = visit;
    const migrated = {
      ...settled,
      subjectKey: hash(ID),
      personKey: `ID#${hash(ID)}`,
      insurance: visit.insurance === null ? null : { ...visit.insurance, lastCheck: null },
    };
    expect(visitChange(migrated, hash)).toEqual({ set: {}, remove: [] });
  });

  it("keeps a remembered answer without the patient and says where its visit is", () => {
    const answer = {
      checkinId: "c1",
      facility: "01001",
      method: "qr-cccd",
      queueNumber: 3,
      duplicate: false,
      status: "covered",
      checkedInAt: "2026-12-07T08:00:00+07:00",
      patient: visit.patient,
      insurance: null,
    };
    const change = rememberedChange({ answer: JSON.stringify(answer) });
    expect(change?.answer).not.toContain(ID);
    expect(change?.visit).toEqual({ pk: visit.pk, skPrefix: "2026-12-07T01:00:00", checkinId: "c1" });
    const { patient: _patient, ...without } = answer;
    expect(
      rememberedChange({ answer: JSON.stringify(without), visit: { pk: visit.pk, sk: visit.sk } }),
    ).toBeNull();
  });
});
