/** Where staff accounts live: the local provider's accounts table, or the Cognito user pool in AWS. */

import type { AccountDraft } from "#domain/account-rules";
import type { StaffAccount } from "#domain/admin-contract";
import { ConflictError, ERROR_CODE, NotFoundError } from "#domain/errors";

export interface AccountDirectory {
  /** Every account, optionally those of one facility (the caller narrows them to its province). */
  list(filter: { readonly facility?: string }): Promise<StaffAccount[]>;
  find(username: string): Promise<StaffAccount | null>;
  /** Creates the account with a one-time password; throws ACCOUNT_EXISTS when the name is taken. */
  create(account: AccountDraft, oneTimePassword: string): Promise<void>;
  /** A new one-time password, answered once; null when the pool mails the person a code instead. */
  resetPassword(username: string, oneTimePassword: string): Promise<string | null>;
  setEnabled(username: string, enabled: boolean): Promise<void>;
  /** Forgets the account's TOTP set-up: admin and health accounts set up a new one at the next sign-in. */
  resetMfa(username: string): Promise<void>;
}

export const accountExists = (username: string) =>
  new ConflictError(ERROR_CODE.ACCOUNT_EXISTS, {
    vi: `Tên đăng nhập ${username} đã có người dùng.`,
    en: `The user name ${username} is taken.`,
  });

export const accountNotFound = (username: string) =>
  new NotFoundError(ERROR_CODE.ACCOUNT_NOT_FOUND, {
    vi: `Không có tài khoản ${username}.`,
    en: `There is no account ${username}.`,
  });
