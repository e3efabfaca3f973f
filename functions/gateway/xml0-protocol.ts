/**
 * The wire contract of the gateway's newer operations, with its own field names: the visit
 * history (Lskcb2025, since Công văn 2746) and the check-in table (XML0, QĐ 3176). Both take the
 * account and its tokens as the card check does; both take form-urlencoded bodies only.
 */
import * as z from "zod";

export const XML0_PATHS = {
  visitHistory: "/api/egw/Lskcb2025",
  checkIn: "/api/qd130/checkInKcbQd3176",
} as const;

/** `loaiHoSo` of a check-in table (full claim records are 130, and not tiepdon's to send). */
export const CHECK_IN_RECORD_TYPE = "0";

/** The headers of a checkInKcbQd3176 call: the token pair and the password digest. */
export const xml0HeadersSchema = z.object({
  accesstoken: z.string().min(1),
  tokenid: z.string().min(1),
  passwordhash: z.string().regex(/^[0-9a-fA-F]{32}$/),
});

/** The form body of a checkInKcbQd3176 call. */
export const xml0FormSchema = z.object({
  username: z.string().min(1),
  loaiHoSo: z.literal(CHECK_IN_RECORD_TYPE),
  maTinh: z.string().regex(/^\d{2}$/),
  maCSKCB: z.string().regex(/^\d{5}$/),
  fileHSBase64: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

const code = z.union([z.string().min(1), z.number().int().nonnegative()]).transform((value) => String(value));
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? null : String(value)));

/** The gateway's answer to an XML0: "200" accepted with its receipt, anything else refused. */
export const xml0AnswerSchema = z.object({
  maKetQua: code,
  maGiaoDich: text,
  /** yyyyMMddHHmmss, Vietnamese time. */
  thoiGianTiepNhan: text,
  thongDiep: text,
});

/** The form body of a Lskcb2025 call: who is asked about, and the clerk asking. */
export const visitHistoryFormSchema = z.object({
  maThe: z.string().min(1),
  hoTen: z.string(),
  /** dd/MM/yyyy. */
  ngaySinh: z.string(),
  hoTenCb: z.string().min(1),
  cccdCb: z.string().regex(/^\d{12}$/),
});
export type VisitHistoryForm = z.infer<typeof visitHistoryFormSchema>;
