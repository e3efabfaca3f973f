/**
 * The gateway stand-in's per-facility side: token/take for facility accounts (password as its MD5
 * digest), visit history from Lskcb2025 (form body only) and the check-in table at
 * checkInKcbQd3176. It refuses what the real gateway refuses, answers its shapes, and keeps every
 * XML0 it accepted so a test can read back what a facility sent.
 */
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as z from "zod";
import { compareNames } from "#domain/names";
import { vnTimestamp } from "#domain/vn-time";
import { GATEWAY_PATHS, tokenRequestSchema, type VisitBody } from "#functions/gateway/gateway-schema";
import {
  visitHistoryFormSchema,
  XML0_PATHS,
  xml0FormSchema,
  xml0HeadersSchema,
} from "#functions/gateway/xml0-protocol";
import { accountDigest, type FacilityAccount, findAccount } from "./facility-accounts.ts";
import { bodyOf, queryOf } from "./gateway-request.ts";
import { makeTokenIssuer } from "./gateway-tokens.ts";
import { inspectXml0, type Xml0Row } from "./xml0-inspection.ts";

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** One XML0 as the stand-in received it. */
interface ReceivedXml0 {
  readonly facilityCode: string;
  readonly username: string;
  readonly transactionId: string;
  readonly receivedAt: string;
  readonly xml: string;
  readonly rows: readonly Xml0Row[];
  /** True when the same visits (MA_LK) had been received already: answered with the first receipt. */
  readonly repeat: boolean;
}

export interface FacilityGatewayDeps {
  readonly accounts: readonly FacilityAccount[];
  readonly tokenTtlSeconds: number;
  /** Past visits of the person a card or ID number names, or null when none is on file. */
  readonly visitsOf: (maThe: string) => Promise<VisitBody[] | null>;
  readonly now?: () => number;
}

export interface FacilityGateway {
  /** Answers the call, or null when the path is none of this side's. */
  handle(event: Event): Promise<Result | null>;
  /** Every XML0 accepted so far, in order of arrival (repeats included, marked). */
  received(): readonly ReceivedXml0[];
}

const usernameSchema = z.object({ username: z.string().min(1) });

function json(statusCode: number, body: unknown): Result {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}

function headersOf(event: Event): Record<string, string> {
  return Object.fromEntries(
    Object.entries(event.headers ?? {}).flatMap(([name, value]) =>
      value === undefined ? [] : [[name.toLowerCase(), value]],
    ),
  );
}

function isForm(event: Event): boolean {
  return (
    (headersOf(event)["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ===
    "application/x-www-form-urlencoded"
  );
}

/** yyyyMMddHHmmss in Vietnamese time. */
function receiptTime(nowMs: number): string {
  return vnTimestamp(new Date(nowMs)).slice(0, 19).replace(/\D/g, "");
}

/** The open account whose credentials and token pair a call carries, or null. */
type SignedIn = (username: string, digest: string, token: string, idToken: string) => FacilityAccount | null;

const historyRefusal = (maKetQua: string, ghiChu: string) =>
  json(200, { maKetQua, ghiChu, dsLichSuKCB2025: null });

/** Lskcb2025: the credentials in the query string, a form body only, a clerk registered for the facility. */
async function visitHistory(event: Event, signedIn: SignedIn, deps: FacilityGatewayDeps): Promise<Result> {
  const query = queryOf(event);
  const account = signedIn(
    query.username ?? "",
    query.password ?? "",
    query.token ?? "",
    query.id_token ?? "",
  );
  if (account === null) return historyRefusal("401", "Phiên làm việc không hợp lệ.");
  const form = isForm(event) ? visitHistoryFormSchema.safeParse(bodyOf(event)) : null;
  if (form === null || !form.success) return historyRefusal("205", "Sai định dạng tham số đầu vào.");
  const clerk = account.clerks.find((candidate) => candidate.id === form.data.cccdCb);
  if (clerk === undefined) return historyRefusal("054", "CCCD cán bộ chưa được đăng ký.");
  if (compareNames(form.data.hoTenCb, clerk.name) !== "same")
    return historyRefusal("055", "Họ tên cán bộ không khớp.");
  const visits = await deps.visitsOf(form.data.maThe.trim().toUpperCase());
  if (visits === null) return historyRefusal("050", "Không tìm thấy thông tin thẻ.");
  return json(200, { maKetQua: "000", ghiChu: "Thành công.", dsLichSuKCB2025: visits });
}

/** checkInKcbQd3176: checks the call and the XML0, keeps what it accepted, answers the first receipt again for a repeat. */
function makeXml0Intake(signedIn: SignedIn, now: () => number) {
  const received: ReceivedXml0[] = [];
  const receipts = new Map<string, { transactionId: string; receivedAt: string }>();
  const refused = (maKetQua: string, thongDiep: string) =>
    json(200, { maKetQua, maGiaoDich: null, thoiGianTiepNhan: null, thongDiep });

  function checkIn(event: Event): Result {
    const headers = xml0HeadersSchema.safeParse(headersOf(event));
    const fields = isForm(event) ? bodyOf(event) : undefined;
    const username = usernameSchema.safeParse(fields);
    if (!headers.success || !username.success)
      return refused("401", "Thiếu accessToken, tokenId, passwordHash hoặc username.");
    const { accesstoken, tokenid, passwordhash } = headers.data;
    const account = signedIn(username.data.username, passwordhash, accesstoken, tokenid);
    if (account === null) return refused("401", "Phiên làm việc không hợp lệ.");
    const form = xml0FormSchema.safeParse(fields);
    if (!form.success)
      return refused("205", "Sai tham số: username, loaiHoSo=0, maTinh, maCSKCB, fileHSBase64.");
    const { maCSKCB, maTinh, fileHSBase64 } = form.data;
    const ownFacility = account.facilityCode ?? maCSKCB;
    if (maCSKCB !== ownFacility || maTinh !== maCSKCB.slice(0, 2)) {
      return refused("403", "Tài khoản không thuộc cơ sở khám chữa bệnh đã khai báo.");
    }
    const inspection = inspectXml0(fileHSBase64, maCSKCB, account.certificatePem);
    if (!inspection.ok) return refused("205", inspection.problem);
    const key = `${maCSKCB}#${inspection.rows.map((row) => row.MA_LK).join(",")}`;
    const earlier = receipts.get(key);
    const receipt = earlier ?? { transactionId: randomUUID(), receivedAt: receiptTime(now()) };
    receipts.set(key, receipt);
    received.push({
      facilityCode: maCSKCB,
      username: account.username,
      xml: inspection.xml,
      rows: inspection.rows,
      repeat: earlier !== undefined,
      ...receipt,
    });
    return json(200, {
      maKetQua: "200",
      maGiaoDich: receipt.transactionId,
      thoiGianTiepNhan: receipt.receivedAt,
      thongDiep: "Tiếp nhận thành công.",
    });
  }

  return { checkIn, received: () => [...received] };
}

/** Builds the per-facility side of the stand-in. */
export function makeFacilityGateway(deps: FacilityGatewayDeps): FacilityGateway {
  const now = deps.now ?? (() => Date.now());
  // Tokens are keyed to the account's digest, which every later call repeats (in either case).
  const issuer = makeTokenIssuer(
    deps.accounts.map((account) => ({ username: account.username, password: accountDigest(account) })),
    deps.tokenTtlSeconds,
  );

  const signedIn: SignedIn = (username, digest, token, idToken) => {
    const account = findAccount(deps.accounts, username, digest);
    if (account === null || account.locked === true) return null;
    const valid = issuer.verify(
      { username, password: digest.toUpperCase(), token, id_token: idToken },
      now(),
    );
    return valid ? account : null;
  };
  const intake = makeXml0Intake(signedIn, now);

  function takeToken(event: Event): Result {
    const request = tokenRequestSchema.safeParse(bodyOf(event));
    if (!request.success) return json(200, { maKetQua: "205", ghiChu: "Sai tham số đầu vào.", APIKey: null });
    const account = findAccount(deps.accounts, request.data.username, request.data.password);
    if (account === null || account.locked === true) {
      return json(200, { maKetQua: "401", ghiChu: "Sai tên đăng nhập hoặc mật khẩu.", APIKey: null });
    }
    const pair = issuer.issue({ username: account.username, password: accountDigest(account) }, now());
    return json(200, {
      maKetQua: "200",
      APIKey: {
        access_token: pair.accessToken,
        id_token: pair.idToken,
        token_type: "Bearer",
        username: account.username,
        expires_in: vnTimestamp(new Date(pair.expiresAtMs)),
      },
    });
  }

  return {
    async handle(event) {
      const path = (event.rawPath ?? event.requestContext.http.path).replace(/\/+$/, "");
      if (event.requestContext.http.method.toUpperCase() !== "POST") return null;
      if (path.endsWith(GATEWAY_PATHS.token)) return takeToken(event);
      if (path.endsWith(XML0_PATHS.visitHistory)) return visitHistory(event, signedIn, deps);
      if (path.endsWith(XML0_PATHS.checkIn)) return intake.checkIn(event);
      return null;
    },
    received: () => intake.received(),
  };
}
