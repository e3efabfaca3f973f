/**
 * The wire contract of the national card-check gateway (Công văn 1923/BHXH-CNTT), with its own
 * field names: how a token is taken, how a card check travels (credentials and tokens in the
 * query string, the body as JSON or form-urlencoded) and what the answer holds.
 */
import * as z from "zod";

/** The path suffixes of the gateway's two operations. */
export const GATEWAY_PATHS = {
  token: "/api/token/take",
  cardCheck: "/api/egw/KQNhanLichSuKCB2024",
} as const;

/** POST /api/token/take body (JSON or form-urlencoded). */
export const tokenRequestSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

/** The pair the token answer wraps in `APIKey`; `expires_in` is the date-time the pair expires. */
const apiKeySchema = z.object({
  access_token: z.string().min(1),
  id_token: z.string().min(1),
  token_type: z.string().nullish(),
  username: z.string().nullish(),
  expires_in: z.string().min(1),
});

/** The token answer: `{"maKetQua": "200", "APIKey": {…}}`, or another maKetQua and no key. */
export const tokenAnswerSchema = z.object({
  maKetQua: z.union([z.string(), z.number()]).transform((code) => String(code)),
  APIKey: apiKeySchema.nullish(),
});

/** The query string of a card check: the account and both tokens, never an Authorization header. */
export const cardCheckQuerySchema = z.object({
  token: z.string().min(1),
  id_token: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
});
export type CardCheckQuery = z.infer<typeof cardCheckQuerySchema>;

/** POST /api/egw/KQNhanLichSuKCB2024 body: the card (or ID) asked about, and the clerk asking. */
export const cardCheckRequestSchema = z.object({
  maThe: z.string(),
  hoTen: z.string(),
  /** dd/mm/yyyy, ddmmyyyy or yyyy. */
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

const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);

/** One past visit (dsLichSuKCB2018); times are yyyyMMddHHmm. */
const visitSchema = z.looseObject({
  maHoSo: text,
  maCSKCB: text,
  ngayVao: text,
  ngayRa: text,
  tenBenh: text,
  tinhTrang: text,
  kqDieuTri: text,
  lyDoVV: text,
});

/** One past card check (dsLichSuKT2018); thoiGianKT is yyyyMMddHHmm. */
const pastCheckSchema = z.looseObject({
  userKT: text,
  thoiGianKT: text,
  thongBao: text,
  maLoi: text,
});

/** The card-check answer as the client reads it. Result codes are always 3 characters ("0" → "000"). */
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
  cqBHXH: text,
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
  tenDKBDMoi: text,
  dsLichSuKCB2018: list(visitSchema),
  dsLichSuKT2018: list(pastCheckSchema),
});

/** A validated gateway answer. */
export type GatewayAnswer = z.output<typeof gatewayAnswerSchema>;

type Texts<K extends string> = { [key in K]: string | null };

/** A past visit as the gateway writes it: every field present. */
export type VisitBody = Texts<
  "maHoSo" | "maCSKCB" | "ngayVao" | "ngayRa" | "tenBenh" | "tinhTrang" | "kqDieuTri" | "lyDoVV"
>;

/** A past check as the gateway writes it: every field present. */
export type PastCheckBody = Texts<"userKT" | "thoiGianKT" | "thongBao" | "maLoi">;

/** The answer as the gateway writes it (what the mock sends): every field present, null when empty. */
export type GatewayAnswerBody = { maKetQua: string } & Texts<
  | "ghiChu"
  | "maThe"
  | "hoTen"
  | "ngaySinh"
  | "gioiTinh"
  | "diaChi"
  | "maDKBD"
  | "cqBHXH"
  | "gtTheTu"
  | "gtTheDen"
  | "maKV"
  | "ngayDu5Nam"
  | "maSoBHXH"
  | "maTheCu"
  | "maTheMoi"
  | "gtTheTuMoi"
  | "gtTheDenMoi"
  | "maDKBDMoi"
  | "tenDKBDMoi"
> & { dsLichSuKCB2018: VisitBody[]; dsLichSuKT2018: PastCheckBody[] };
