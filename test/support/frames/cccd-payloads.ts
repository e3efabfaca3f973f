import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { createRng } from "./prng.ts";

/** The card QR texts of the named fixture people, exactly as their cards carry them. */
export const FIXTURE_PAYLOADS: readonly string[] = fixtures.people.map((p) => p.qr);

const FAMILY = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Huỳnh",
  "Phan",
  "Vũ",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
];
const MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân", "Bảo", "Kim"];
const GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hương", "Khánh", "Linh"];
const GIVEN2 = ["Lộc", "Mỹ", "Nga", "Nhật", "Phúc", "Quyên", "Sơn", "Thảo", "Trọng", "Tuấn", "Uyên", "Yến"];
const STREETS = [
  "Phố Huế",
  "Lê Lợi",
  "Trần Hưng Đạo",
  "Nguyễn Trãi",
  "Hai Bà Trưng",
  "Điện Biên Phủ",
  "Quang Trung",
];
const WARDS = [
  "Phường Hàng Bài",
  "Phường Bến Nghé",
  "Phường Điện Biên",
  "Xã Tam Mỹ Tây",
  "Phường Ba Đình",
  "Xã Xuân Lâm",
];
const PLACES = [
  { code: "001", tail: "Quận Hoàn Kiếm, Hà Nội" },
  { code: "079", tail: "Quận 1, TP. Hồ Chí Minh" },
  { code: "038", tail: "TP. Thanh Hóa, Thanh Hóa" },
  { code: "049", tail: "Huyện Núi Thành, Quảng Nam" },
  { code: "052", tail: "TP. Quy Nhơn, Bình Định" },
  { code: "048", tail: "Quận Hải Châu, Đà Nẵng" },
  { code: "092", tail: "Quận Ninh Kiều, Cần Thơ" },
];

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * Makes `count` CCCD-shaped QR texts (12-digit number|old number or empty|name|ddmmyyyy|sex|address|issue
 * date), varied in length and diacritics, the same for the same seed.
 */
export function generateCccdPayloads(count: number, seed: number): string[] {
  const rng = createRng(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const place = rng.pick(PLACES);
    const year = rng.int(1935, 2020);
    const female = rng.next() < 0.5;
    // The 4th digit of a CCCD number encodes sex and century; the 5th-6th the birth year.
    const centuryDigit = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
    const id = `${place.code}${centuryDigit}${pad(year % 100, 2)}${pad(rng.int(0, 999999), 6)}`;
    const oldId = rng.next() < 0.6 ? pad(rng.int(10000000, 399999999), 9) : "";
    const middle = female ? rng.pick(["Thị", "Ngọc", "Thu", "Kim", "Bảo"]) : rng.pick(MIDDLE);
    const given =
      rng.next() < 0.4 ? `${rng.pick(GIVEN)} ${rng.pick(GIVEN2)}` : rng.pick([...GIVEN, ...GIVEN2]);
    const name = `${rng.pick(FAMILY)} ${middle} ${given}`;
    const birth = `${pad(rng.int(1, 28), 2)}${pad(rng.int(1, 12), 2)}${year}`;
    const house = rng.next() < 0.7 ? `Số ${rng.int(1, 250)} ` : `Ngõ ${rng.int(1, 120)} `;
    const address = `${house}${rng.pick(STREETS)}, ${rng.pick(WARDS)}, ${place.tail}`;
    const issued = `${pad(rng.int(1, 28), 2)}${pad(rng.int(1, 12), 2)}${rng.int(2021, 2025)}`;
    out.push(`${id}|${oldId}|${name}|${birth}|${female ? "Nữ" : "Nam"}|${address}|${issued}`);
  }
  return out;
}
