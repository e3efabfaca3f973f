/** The administrator's work on staff accounts: list, create (one or a CSV), reset, disable, enable. */
import pMap from "p-map";
import { type AccountDraft, checkAccount, readAccountCsv } from "#domain/account-rules";
import type {
  AdminFacility,
  IssuedPassword,
  LineError,
  NewAccountInput,
  StaffAccount,
} from "#domain/admin-contract";
import { type AdminScope, scopeCovers } from "#domain/admin-scope";
import { lineError } from "#domain/facility-import";
import type { AdminFacilityStore } from "#functions/stores/admin-facility-store";
import { type AccountDirectory, accountNotFound } from "./account-directory.ts";
import { ImportRejectedError, outOfScope } from "./import-errors.ts";

export interface AccountAdminDeps {
  readonly directory: AccountDirectory;
  readonly facilities: AdminFacilityStore;
  readonly newPassword: () => string;
}

/** Accounts created at once during an import (hashing and the pool's rate limit bound it). */
const CREATE_CONCURRENCY = 8;

/** Whether the scope reaches an account: by its province, or only a national admin for a national one. */
function reaches(scope: AdminScope, account: StaffAccount): boolean {
  if (account.province === null) return scope.national;
  return scopeCovers(scope, account.province);
}

export async function listAccounts(
  deps: AccountAdminDeps,
  scope: AdminScope,
  facility?: string,
): Promise<StaffAccount[]> {
  const accounts = await deps.directory.list(facility === undefined ? {} : { facility });
  return accounts.filter((account) => reaches(scope, account));
}

async function facilitiesByCode(store: AdminFacilityStore): Promise<Map<string, AdminFacility>> {
  return new Map((await store.list()).map((facility) => [facility.code, facility]));
}

/** Checks every account (rules, duplicates in the list, names already taken) before creating any. */
async function checkAll(
  deps: AccountAdminDeps,
  scope: AdminScope,
  rows: ReadonlyArray<{ line: number; input: NewAccountInput } | LineError>,
): Promise<AccountDraft[]> {
  const facilities = await facilitiesByCode(deps.facilities);
  const taken = new Set((await deps.directory.list({})).map((account) => account.username));
  const errors: LineError[] = [];
  const drafts: AccountDraft[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if ("code" in row) {
      errors.push(row);
      continue;
    }
    const checked = checkAccount(row.line, row.input, scope, facilities);
    if ("code" in checked) errors.push(checked);
    else if (seen.has(checked.username))
      errors.push(
        lineError(
          row.line,
          "DUPLICATE",
          `Tên ${checked.username} đã có ở dòng ${seen.get(checked.username)}.`,
          `User name ${checked.username} is already on line ${seen.get(checked.username)}.`,
        ),
      );
    else if (taken.has(checked.username))
      errors.push(
        lineError(
          row.line,
          "ACCOUNT_EXISTS",
          `Tên đăng nhập ${checked.username} đã có người dùng.`,
          `The user name ${checked.username} is taken.`,
        ),
      );
    else {
      seen.set(checked.username, row.line);
      drafts.push(checked);
    }
  }
  if (rows.length === 0)
    errors.push(lineError(1, "CSV_EMPTY", "Tệp không có dòng dữ liệu nào.", "The file has no data lines."));
  if (errors.length > 0) throw new ImportRejectedError(errors);
  return drafts;
}

/** Creates the accounts with one-time passwords, answered once; a bad line creates none. */
async function createAll(
  deps: AccountAdminDeps,
  drafts: readonly AccountDraft[],
): Promise<Array<IssuedPassword & { draft: AccountDraft }>> {
  return await pMap(
    drafts,
    async (draft) => {
      const password = deps.newPassword();
      await deps.directory.create(draft, password);
      return { username: draft.username, oneTimePassword: draft.email === null ? password : null, draft };
    },
    { concurrency: CREATE_CONCURRENCY },
  );
}

export async function createAccount(deps: AccountAdminDeps, scope: AdminScope, input: NewAccountInput) {
  const drafts = await checkAll(deps, scope, [{ line: 1, input }]);
  const [created] = await createAll(deps, drafts);
  if (created === undefined) throw new Error("the checked account was not created");
  return created;
}

export async function importAccounts(deps: AccountAdminDeps, scope: AdminScope, csv: string) {
  return await createAll(deps, await checkAll(deps, scope, readAccountCsv(csv)));
}

/** The account, if the scope reaches it: another province's is 403, a missing one 404. */
async function reachable(deps: AccountAdminDeps, scope: AdminScope, username: string): Promise<StaffAccount> {
  const account = await deps.directory.find(username);
  if (account === null) throw accountNotFound(username);
  if (!reaches(scope, account)) throw outOfScope(`Tài khoản ${username} / Account ${username}`);
  return account;
}

export async function resetPassword(deps: AccountAdminDeps, scope: AdminScope, username: string) {
  const account = await reachable(deps, scope, username);
  const oneTimePassword = await deps.directory.resetPassword(username, deps.newPassword());
  return { account, issued: { username, oneTimePassword } satisfies IssuedPassword };
}

/** Forgets the account's TOTP set-up (a lost phone); the next sign-in sets a new one up. */
export async function resetMfa(deps: AccountAdminDeps, scope: AdminScope, username: string) {
  const account = await reachable(deps, scope, username);
  await deps.directory.resetMfa(username);
  return account;
}

export async function setEnabled(
  deps: AccountAdminDeps,
  scope: AdminScope,
  username: string,
  enabled: boolean,
) {
  const account = await reachable(deps, scope, username);
  await deps.directory.setEnabled(username, enabled);
  return { ...account, enabled };
}
