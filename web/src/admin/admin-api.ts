/** The admin page's calls to `/api/admin/*`; a refused import keeps its per-line errors. */
import type * as z from "zod";
import {
  accountImportAnswerSchema,
  accountListSchema,
  adminFacilitySchema,
  type FacilityWrite,
  facilityImportAnswerSchema,
  facilityListSchema,
  issuedPasswordSchema,
  type LineError,
  type NewAccountInput,
  staffAccountSchema,
} from "#domain/admin-contract";
import { errorBodySchema } from "#domain/contract";
import type { Bilingual } from "#domain/errors";
import {
  type GatewayAccountWrite,
  type GatewayCertificateWrite,
  gatewayAccountListSchema,
  gatewayAccountStatusSchema,
  type KioskClerkWrite,
} from "#domain/gateway-account-contract";
import { adminRoomListSchema, type Room, roomSchema } from "#domain/room-contract";
import { subjectEraseSchema, subjectExportSchema } from "#domain/subject-contract";

/** A refused call: its message, and each bad line of an import. */
class AdminError extends Error {
  readonly messages: Bilingual;
  readonly lines: readonly LineError[];
  constructor(messages: Bilingual, lines: readonly LineError[] = []) {
    super(messages.en);
    this.name = "AdminError";
    this.messages = messages;
    this.lines = lines;
  }
}

const NETWORK: Bilingual = {
  vi: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
  en: "The server could not be reached. Check the network and try again.",
};

async function call<T>(
  token: string,
  method: "GET" | "POST" | "PUT",
  path: string,
  schema: z.ZodType<T>,
  body?: { json: unknown } | { csv: string },
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${token}` };
  let payload: string | undefined;
  if (body !== undefined && "csv" in body) {
    headers["content-type"] = "text/csv; charset=utf-8";
    payload = body.csv;
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body.json);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  } catch {
    throw new AdminError(NETWORK);
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(json);
    if (!parsed.success)
      throw new AdminError({
        vi: `Lỗi máy chủ (${response.status}).`,
        en: `Server error (${response.status}).`,
      });
    const { message, messageEn, lines } = parsed.data.error;
    throw new AdminError({ vi: message, en: messageEn }, lines ?? []);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new AdminError({
      vi: "Máy chủ trả lời không đúng định dạng.",
      en: "The server's answer was not in the expected form.",
    });
  return parsed.data;
}

export const fetchFacilities = (token: string) =>
  call(token, "GET", "/api/admin/facilities", facilityListSchema);

export const importFacilities = (token: string, csv: string) =>
  call(token, "POST", "/api/admin/facilities/import", facilityImportAnswerSchema, { csv });

export const writeFacility = (token: string, code: string, change: FacilityWrite) =>
  call(token, "PUT", `/api/admin/facilities/${encodeURIComponent(code)}`, adminFacilitySchema, {
    json: change,
  });

export const fetchAccounts = (token: string, facility: string | null) =>
  call(
    token,
    "GET",
    `/api/admin/accounts${facility === null ? "" : `?facility=${encodeURIComponent(facility)}`}`,
    accountListSchema,
  );

export const createAccount = (token: string, account: NewAccountInput) =>
  call(token, "POST", "/api/admin/accounts", accountImportAnswerSchema, { json: account });

export const importAccounts = (token: string, csv: string) =>
  call(token, "POST", "/api/admin/accounts", accountImportAnswerSchema, { csv });

export const resetPassword = (token: string, username: string) =>
  call(
    token,
    "POST",
    `/api/admin/accounts/${encodeURIComponent(username)}/reset-password`,
    issuedPasswordSchema,
  );

export const resetMfa = (token: string, username: string) =>
  call(token, "POST", `/api/admin/accounts/${encodeURIComponent(username)}/reset-mfa`, staffAccountSchema);

export const setEnabled = (token: string, username: string, enabled: boolean) =>
  call(
    token,
    "POST",
    `/api/admin/accounts/${encodeURIComponent(username)}/${enabled ? "enable" : "disable"}`,
    staffAccountSchema,
  );

export const messagesOfAdmin = (error: unknown): { messages: Bilingual; lines: readonly LineError[] } =>
  error instanceof AdminError
    ? { messages: error.messages, lines: error.lines }
    : { messages: { vi: "Đã có lỗi không mong muốn.", en: "Something unexpected went wrong." }, lines: [] };

export type IssuedPasswords = z.infer<typeof accountImportAnswerSchema>["accounts"];

export const fetchRooms = (token: string, facility: string) =>
  call(token, "GET", `/api/admin/facilities/${encodeURIComponent(facility)}/rooms`, adminRoomListSchema);

export const writeRoom = (token: string, facility: string, room: Room) =>
  call(
    token,
    "PUT",
    `/api/admin/facilities/${encodeURIComponent(facility)}/rooms/${encodeURIComponent(room.id)}`,
    roomSchema,
    { json: room },
  );

export const fetchGatewayAccounts = (token: string) =>
  call(token, "GET", "/api/admin/gateway-accounts", gatewayAccountListSchema);

export const writeGatewayAccount = (token: string, facility: string, account: GatewayAccountWrite) =>
  call(
    token,
    "PUT",
    `/api/admin/facilities/${encodeURIComponent(facility)}/gateway-account`,
    gatewayAccountStatusSchema,
    { json: account },
  );

export const writeGatewayCertificate = (token: string, facility: string, upload: GatewayCertificateWrite) =>
  call(
    token,
    "PUT",
    `/api/admin/facilities/${encodeURIComponent(facility)}/gateway-certificate`,
    gatewayAccountStatusSchema,
    { json: upload },
  );

/** Names the clerk the facility's kiosks check cards under (the ID number is never read back). */
export const writeKioskClerk = (token: string, facility: string, clerk: KioskClerkWrite) =>
  call(
    token,
    "PUT",
    `/api/admin/facilities/${encodeURIComponent(facility)}/kiosk-clerk`,
    gatewayAccountStatusSchema,
    { json: clerk },
  );

/** Everything held about one ID number within the administrator's provinces (the ID in the body). */
export const searchSubject = (token: string, idNumber: string) =>
  call(token, "POST", "/api/admin/subjects/search", subjectExportSchema, { json: { idNumber } });

/** Erases what is held about one ID number within the administrator's provinces. */
export const eraseSubject = (token: string, idNumber: string) =>
  call(token, "POST", "/api/admin/subjects/erase", subjectEraseSchema, { json: { idNumber } });
