/**
 * The second sign-in step of the local provider: a TOTP code for accounts that have set one up,
 * and the set-up itself for accounts that must use one (admin, health department) or asked for it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import { mustUseMfa } from "#domain/mfa-policy";
import { acceptedTotpStep, newTotpSecret, otpauthUri } from "#functions/mfa/totp";
import type { Account, AccountStore } from "./account-store.ts";
import { sendHtml } from "./interaction-http.ts";
import { BAD_CREDENTIALS, signInPage, totpCodePage, totpSetUpPage } from "./sign-in-pages.ts";

/** Wrong codes allowed in one sign-in before the password must be given again. */
const MAX_FAILURES = 5;

const WRONG_CODE = {
  vi: "Mã xác thực không đúng, đã hết hạn hoặc đã được dùng. Hãy nhập mã mới đang hiện trên ứng dụng.",
  en: "The code is wrong, expired or already used. Type the new code the app shows now.",
};
const TOO_MANY = {
  vi: "Nhập sai mã quá nhiều lần. Hãy đăng nhập lại.",
  en: "Too many wrong codes. Sign in again.",
};

const pendingSchema = z.object({
  mfa: z.object({
    accountId: z.string(),
    failures: z.number().int(),
    /** Set while the account confirms a new secret: that secret, sealed for the account. */
    setUp: z.string().optional(),
  }),
});
type Pending = z.infer<typeof pendingSchema>["mfa"];

export interface MfaStepDeps {
  readonly accounts: AccountStore;
  /** The name the authenticator app shows beside the account. */
  readonly issuerLabel: string;
  /** Stores what the next form post continues from (replacing the interaction's result). */
  remember(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>): Promise<void>;
  /** Ends the interaction with the account signed in. */
  finish(req: IncomingMessage, res: ServerResponse, account: Account): Promise<void>;
  readonly now?: () => Date;
}

export interface MfaStep {
  /** After a right password: asks for a code, offers the set-up, or finishes the sign-in. */
  afterPassword(
    req: IncomingMessage,
    res: ServerResponse,
    account: Account,
    action: string,
    wantsMfa: boolean,
  ): Promise<void>;
  /** The code form's post (`/totp`): checks the code against the kept or the new secret. */
  checkCode(
    req: IncomingMessage,
    res: ServerResponse,
    result: unknown,
    form: URLSearchParams,
    action: string,
  ): Promise<void>;
}

export function makeMfaStep(deps: MfaStepDeps): MfaStep {
  const now = deps.now ?? (() => new Date());
  const setUpView = (account: Account, secret: string) => ({
    secret,
    uri: otpauthUri(deps.issuerLabel, account.username, secret),
    required: mustUseMfa(account.groups),
  });
  const ask = async (
    req: IncomingMessage,
    res: ServerResponse,
    account: Account,
    pending: Pending,
    action: string,
    status: number,
    error: typeof WRONG_CODE | null,
  ) => {
    await deps.remember(req, res, { mfa: pending });
    const setUpSecret = pending.setUp === undefined ? null : deps.accounts.openTotp(account, pending.setUp);
    sendHtml(
      res,
      status,
      setUpSecret === null
        ? totpCodePage(`${action}/totp`, error)
        : totpSetUpPage(`${action}/totp`, setUpView(account, setUpSecret), error),
    );
  };

  return {
    async afterPassword(req, res, account, action, wantsMfa) {
      if (account.totpSecret !== undefined) {
        await ask(req, res, account, { accountId: account.sub, failures: 0 }, action, 200, null);
        return;
      }
      if (!mustUseMfa(account.groups) && !wantsMfa) {
        await deps.finish(req, res, account);
        return;
      }
      const setUp = deps.accounts.sealTotp(account, newTotpSecret());
      await ask(req, res, account, { accountId: account.sub, failures: 0, setUp }, action, 200, null);
    },

    async checkCode(req, res, result, form, action) {
      const parsed = pendingSchema.safeParse(result);
      const account = parsed.success ? await deps.accounts.findBySub(parsed.data.mfa.accountId) : null;
      if (!parsed.success || account === null || !account.enabled) {
        sendHtml(res, 401, signInPage(`${action}/login`, BAD_CREDENTIALS));
        return;
      }
      const pending = parsed.data.mfa;
      const code = form.get("code") ?? "";
      if (pending.setUp !== undefined) {
        const secret = deps.accounts.openTotp(account, pending.setUp);
        const step = secret === null ? null : acceptedTotpStep(secret, code, now(), undefined);
        if (secret !== null && step !== null) {
          await deps.accounts.keepTotp(account, secret, step);
          await deps.finish(req, res, account);
          return;
        }
      } else {
        const secret = deps.accounts.totpSecretOf(account);
        const step = secret === null ? null : acceptedTotpStep(secret, code, now(), account.totpLastStep);
        if (step !== null && (await deps.accounts.takeTotpStep(account, step))) {
          await deps.finish(req, res, account);
          return;
        }
      }
      const failures = pending.failures + 1;
      if (failures >= MAX_FAILURES) {
        await deps.remember(req, res, {});
        sendHtml(res, 401, signInPage(`${action}/login`, TOO_MANY, account.username));
        return;
      }
      await ask(req, res, account, { ...pending, failures }, action, 401, WRONG_CODE);
    },
  };
}
