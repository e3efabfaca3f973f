/**
 * The wire contract of the national card-check gateway (Công văn 1923/BHXH-CNTT), with its own
 * field names: one schema per message, shared by the client and the mock so both sides agree.
 */
import * as z from "zod";

/** The path suffixes of the gateway's two operations. */
export const GATEWAY_PATHS = {
  token: "/api/token/take",
  cardCheck: "/api/egw/KQNhanLichSuKCB2024",
} as const;

/** POST /api/token/take body. */
export const tokenRequestSchema = z.object({ username: z.string(), password: z.string() });

const tokenFields = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});

/** The token answer: flat, or wrapped in `APIKey` as some gateway versions do. */
export const tokenAnswerSchema = z.union([
  tokenFields,
  z.object({ APIKey: tokenFields }).transform((answer) => answer.APIKey),
]);

/** POST /api/egw/KQNhanLichSuKCB2024 body: the card (or ID) asked about, and the clerk asking. */
export const cardCheckRequestSchema = z.object({
  maThe: z.string(),
  hoTen: z.string(),
  /** dd/mm/yyyy, a bare year, or "" when unknown. */
  ngaySinh: z.string(),
  hoTenCb: z.string().optional(),
  cccdCb: z.string().optional(),
});
export type CardCheckRequest = z.infer<typeof cardCheckRequestSchema>;

/** Text fields arrive as strings, numbers, null or not at all; they leave as string or null. */
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? null : String(value)));

/** One past visit in the answer's history. */
export const visitSchema = z.looseObject({
  maHoSo: text,
  maCSKCB: text,
  tuNgay: text,
  denNgay: text,
  tenBenh: text,
  tinhTrang: text,
  kqDieuTri: text,
});
export type Visit = z.infer<typeof visitSchema>;

/** The card-check answer. Result codes are always 3 characters ("0" → "000"). */
export const gatewayAnswerSchema = z.object({
  maKetQua: z
    .union([z.string().min(1), z.number().int().nonnegative()])
    .transform((code) => String(code).padStart(3, "0")),
  ghiChu: text,
  maThe: text,
  hoTen: text,
  ngaySinh: text,
  gioiTinh: text,
  diaChi: text,
  maDKBD: text,
  gtTheTu: text,
  gtTheDen: text,
  maKV: text,
  ngayDu5Nam: text,
  maSoBHXH: text,
  maTheCu: text,
  maTheMoi: text,
  gtTheTuMoi: text,
  gtTheDenMoi: text,
  maDKBDMoi: text,
  dsLichSuKCB2018: z
    .array(visitSchema)
    .nullish()
    .transform((visits) => visits ?? []),
});

/** A validated gateway answer. */
export type GatewayAnswer = z.output<typeof gatewayAnswerSchema>;

/** The answer as the gateway writes it (what the mock sends). */
export type GatewayAnswerBody = z.input<typeof gatewayAnswerSchema>;
