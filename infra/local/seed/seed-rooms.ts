/**
 * Exam rooms of the seeded facilities, as many as such a facility runs: a commune station one or
 * two, a district hospital a handful, a provincial general hospital a dozen or more, a central
 * hospital dozens. Each room offers the facility's default exam service until an administrator
 * sets the real one.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { examServiceOf } from "#domain/exam-service";
import type { Facility } from "#domain/facility";
import type { Room } from "#domain/room-contract";
import { seededRandom } from "#functions/gateway-mock/seeded-random";
import { makeRoomStore } from "#functions/stores/room-store";
import { type FacilityKind, kindOfName } from "./national-facilities.ts";

/** The fewest and most rooms of each kind of facility. */
const ROOMS_OF_KIND: Record<FacilityKind, readonly [number, number]> = {
  "central-hospital": [30, 48],
  "general-hospital": [12, 20],
  hospital: [5, 9],
  "health-centre": [3, 6],
  clinic: [2, 3],
  "commune-station": [1, 2],
};

/** The specialties rooms are named after, the general exam first; later rooms add more general exam rooms. */
const SPECIALTIES = [
  "Nội",
  "Nhi",
  "Ngoại",
  "Sản",
  "Mắt",
  "Tai Mũi Họng",
  "Răng Hàm Mặt",
  "Da liễu",
  "Y học cổ truyền",
  "Phục hồi chức năng",
] as const;

/** The kind of a demo facility: the province's general hospital by its code, the others by name. */
export function kindOfDemoFacility(facility: Facility): FacilityKind {
  return facility.code.endsWith("001") ? "general-hospital" : kindOfName(facility.name);
}

/** The rooms of one facility, the same on every seed (drawn from its code). */
export function roomsOf(facility: Facility, kind: FacilityKind): Room[] {
  const random = seededRandom(Number(facility.code) * 7919 + 17);
  const [min, max] = ROOMS_OF_KIND[kind];
  const count = random.int(min, max);
  const service = examServiceOf(facility.code, null);
  return Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    const specialty = SPECIALTIES[index] ?? "Nội";
    const name =
      kind === "commune-station"
        ? number === 1
          ? "Phòng khám chung"
          : "Phòng khám Nhi – Sản"
        : index < SPECIALTIES.length
          ? `Phòng khám ${specialty}`
          : `Phòng khám Nội ${number - SPECIALTIES.length + 1}`;
    return {
      id: `${facility.code}-p${number}`,
      name,
      number,
      serviceCode: service.code,
      serviceName: service.name,
      open: true,
      closedReason: null,
    };
  });
}

/** Writes the rooms of every facility in batches; answers how many. */
export async function seedRooms(
  doc: DynamoDBDocumentClient,
  table: string,
  facilities: readonly { facility: Facility; kind: FacilityKind }[],
): Promise<number> {
  const entries = facilities.flatMap(({ facility, kind }) =>
    roomsOf(facility, kind).map((room) => ({ facility: facility.code, room })),
  );
  await makeRoomStore(doc, table).putRooms(entries);
  return entries.length;
}
