import { describe, expect, it } from "vitest";
import { roomSchema } from "#domain/room-contract";
import { generateFacilities } from "#functions/gateway-mock/population";
import { generateNationalFacilities } from "#infra/local/seed/national-facilities";
import { kindOfDemoFacility, roomsOf } from "#infra/local/seed/seed-rooms";

describe("seeded exam rooms", () => {
  it("gives each kind of facility a sensible number of rooms, each a valid room numbered from 1", () => {
    const national = generateNationalFacilities();
    const counts = new Map<string, number[]>();
    for (const { facility, profile } of national) {
      const rooms = roomsOf(facility, profile.kind);
      for (const room of rooms) roomSchema.parse(room);
      expect(rooms.map((room) => room.number)).toEqual(rooms.map((_, index) => index + 1));
      expect(new Set(rooms.map((room) => room.id)).size).toBe(rooms.length);
      counts.set(profile.kind, [...(counts.get(profile.kind) ?? []), rooms.length]);
    }
    const range = (kind: string) => {
      const of = counts.get(kind) ?? [];
      return [Math.min(...of), Math.max(...of)];
    };
    expect(range("commune-station")).toEqual([1, 2]);
    expect(range("central-hospital")[0]).toBeGreaterThanOrEqual(30);
    expect(range("hospital")[0]).toBeGreaterThanOrEqual(5);
    expect(range("hospital")[1]).toBeLessThanOrEqual(9);
  });

  it("draws the same rooms on every seed, and gives the demo's provincial hospitals a dozen or more", () => {
    const demo = generateFacilities(120);
    const first = demo.map((facility) => roomsOf(facility, kindOfDemoFacility(facility)));
    const again = demo.map((facility) => roomsOf(facility, kindOfDemoFacility(facility)));
    expect(again).toEqual(first);
    const hospital = demo.find((facility) => facility.code.endsWith("001"));
    if (hospital === undefined) throw new Error("no provincial hospital in the demo");
    expect(roomsOf(hospital, kindOfDemoFacility(hospital)).length).toBeGreaterThanOrEqual(12);
  });
});
