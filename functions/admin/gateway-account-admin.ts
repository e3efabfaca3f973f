/**
 * The administrator's work on a facility's gateway account, within its province: set the username
 * and password, upload the signing certificate, see what is set. Secrets go in sealed for the
 * facility and never come back out.
 */
import type { AdminScope } from "#domain/admin-scope";
import { scopeCovers } from "#domain/admin-scope";
import { ERROR_CODE, InputError } from "#domain/errors";
import type {
  GatewayAccountStatus,
  GatewayAccountWrite,
  GatewayCertificateWrite,
  KioskClerkWrite,
} from "#domain/gateway-account-contract";
import { provinceOfFacility } from "#domain/provinces";
import type { GatewayAccount } from "#functions/config/gateway-account";
import type { FacilitySecretBox } from "#functions/gateway/facility-secret-box";
import type { PasswordCheck } from "#functions/gateway/password-check";
import { readSigningCertificate } from "#functions/gateway/signing-certificate";
import type { FacilityStore } from "#functions/stores/facility-store";
import type { GatewayAccountStore, GatewayAccountSummary } from "#functions/stores/gateway-account-store";
import { facilityNotFound, outOfScope } from "./import-errors.ts";

/** What the gateway account administration reads and writes. */
export interface GatewayAdminDeps {
  readonly accounts: GatewayAccountStore;
  readonly box: FacilitySecretBox;
  readonly facilities: Pick<FacilityStore, "getFacility" | "listFacilities">;
  readonly now: () => Date;
  /** One token request with the account, before it is stored. */
  readonly checkPassword: (account: GatewayAccount) => Promise<PasswordCheck>;
}

/** The gateway refused the account at upload: nothing is stored. */
const passwordRefused = () =>
  new InputError(ERROR_CODE.GATEWAY_PASSWORD_REFUSED, {
    vi: "Cổng BHXH từ chối tên đăng nhập hoặc mật khẩu này (hoặc tài khoản đang bị khóa). Tài khoản chưa được lưu; hãy kiểm tra lại với BHXH.",
    en: "The insurance gateway refused this username or password (or the account is locked). Nothing was saved; check the account with BHXH.",
  });

/** The gateway could not be reached to try the account: it is stored, and a wrong one shows later. */
const UNCHECKED_WARNING = {
  code: ERROR_CODE.GATEWAY_UNREACHABLE,
  message:
    "Đã lưu nhưng chưa thử được mật khẩu vì không kết nối được cổng BHXH. Nếu mật khẩu sai, danh sách sẽ báo cổng từ chối.",
  messageEn:
    "Saved, but the password could not be tried: the insurance gateway did not answer. If it is wrong, the list will show the gateway's refusal.",
};

/** 403 for a facility outside the scope, 404 for one that does not exist. */
async function requireFacilityInScope(
  deps: GatewayAdminDeps,
  scope: AdminScope,
  code: string,
): Promise<void> {
  const province = provinceOfFacility(code);
  if (province === null) throw facilityNotFound(code);
  if (!scopeCovers(scope, province.oldCode)) throw outOfScope(`Cơ sở ${code} / Facility ${code}`);
  if ((await deps.facilities.getFacility(code)) === null) throw facilityNotFound(code);
}

function statusOf(code: string, record: GatewayAccountSummary | null): GatewayAccountStatus {
  return {
    facility: code,
    account:
      record?.username === undefined
        ? null
        : { username: record.username, changedAt: record.accountChangedAt ?? "" },
    certificate:
      record?.certificate === undefined
        ? null
        : { subject: record.certificate.subject, validTo: record.certificate.validTo },
    kioskClerk: record?.kioskClerk === undefined ? null : { name: record.kioskClerk.name },
    refused:
      record?.refusedCode === undefined ? null : { code: record.refusedCode, at: record.refusedAt ?? "" },
  };
}

/** What is set for the facility: the username, the certificate's subject and end, a refusal. */
export async function gatewayAccountStatus(
  deps: GatewayAdminDeps,
  scope: AdminScope,
  code: string,
): Promise<GatewayAccountStatus> {
  await requireFacilityInScope(deps, scope, code);
  return statusOf(code, await deps.accounts.read(code));
}

/** The state of every facility's account the scope reaches, in code order. */
export async function listGatewayAccounts(
  deps: GatewayAdminDeps,
  scope: AdminScope,
): Promise<GatewayAccountStatus[]> {
  const [facilities, records] = await Promise.all([deps.facilities.listFacilities(), deps.accounts.list()]);
  const byCode = new Map(records.map((record) => [record.code, record]));
  return facilities
    .filter((facility) => scopeCovers(scope, facility.provinceCode))
    .map((facility) => statusOf(facility.code, byCode.get(facility.code) ?? null));
}

/**
 * Sets the facility's username and password, the password sealed for the facility, once one token
 * request shows the gateway takes them: a refused account is answered GATEWAY_PASSWORD_REFUSED and
 * nothing is written; an unreachable gateway does not block onboarding (stored, with a warning).
 */
export async function setGatewayAccount(
  deps: GatewayAdminDeps,
  scope: AdminScope,
  code: string,
  write: GatewayAccountWrite,
): Promise<GatewayAccountStatus> {
  await requireFacilityInScope(deps, scope, code);
  const check = await deps.checkPassword({ username: write.username, password: write.password });
  if (check === "refused") throw passwordRefused();
  await deps.accounts.putAccount(code, {
    username: write.username,
    sealedPassword: await deps.box.seal(code, write.password),
    at: deps.now().toISOString(),
  });
  const status = statusOf(code, await deps.accounts.read(code));
  return check === "unreachable" ? { ...status, warning: UNCHECKED_WARNING } : status;
}

/**
 * Reads the uploaded PKCS#12 with its passphrase and keeps the certificate and the sealed key;
 * a file that cannot sign is refused with its code (wrong passphrase, not a certificate, expired,
 * key not the certificate's) and nothing is written.
 */
export async function setGatewayCertificate(
  deps: GatewayAdminDeps,
  scope: AdminScope,
  code: string,
  write: GatewayCertificateWrite,
): Promise<GatewayAccountStatus> {
  await requireFacilityInScope(deps, scope, code);
  await storeSigningCertificate(deps, code, Buffer.from(write.pkcs12, "base64"), write.password);
  return statusOf(code, await deps.accounts.read(code));
}

/**
 * Reads a PKCS#12 file with its passphrase and keeps its certificate and sealed key for the
 * facility; throws the certificate's coded refusal and writes nothing when it cannot sign.
 * Answers the certificate's subject.
 */
export async function storeSigningCertificate(
  deps: Pick<GatewayAdminDeps, "accounts" | "box" | "now">,
  code: string,
  file: Uint8Array,
  passphrase: string,
): Promise<string> {
  const now = deps.now();
  const read = readSigningCertificate(file, passphrase, now);
  await deps.accounts.putCertificate(code, {
    sealedKey: await deps.box.seal(code, read.privateKeyPem),
    certificatePem: read.certificatePem,
    subject: read.subject,
    serialNumber: read.serialNumber,
    validFrom: read.validFrom.toISOString(),
    validTo: read.validTo.toISOString(),
    changedAt: now.toISOString(),
  });
  return read.subject;
}

/** Names the clerk the facility's kiosks check cards under (BHXH records a clerk for every check). */
export async function setKioskClerk(
  deps: GatewayAdminDeps,
  scope: AdminScope,
  code: string,
  write: KioskClerkWrite,
): Promise<GatewayAccountStatus> {
  await requireFacilityInScope(deps, scope, code);
  await deps.accounts.putKioskClerk(code, { name: write.name.normalize("NFC"), id: write.id });
  return statusOf(code, await deps.accounts.read(code));
}
