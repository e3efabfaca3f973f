import type { StaffAccount } from "#domain/admin-contract";
import { useTexts } from "#web/i18n/lang";
import { ADMIN_TEXTS } from "./admin-texts.ts";

interface Props {
  readonly accounts: readonly StaffAccount[];
  readonly resetPassword: (account: StaffAccount) => void;
  readonly resetMfa: (account: StaffAccount) => void;
  readonly toggleEnabled: (account: StaffAccount) => void;
}

/** The accounts listed with their role, place, name and status, each with reset and enable/disable. */
export function AccountsTable({ accounts, resetPassword, resetMfa, toggleEnabled }: Props) {
  const t = useTexts(ADMIN_TEXTS);
  return (
    <table class="admin-table" data-table="accounts">
      <thead>
        <tr>
          <th>{t.username}</th>
          <th>{t.role}</th>
          <th>{t.facility}</th>
          <th>{t.name}</th>
          <th>{t.status}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr key={account.username} data-username={account.username}>
            <td>{account.username}</td>
            <td>{t.roles[account.role]}</td>
            <td>{account.facility ?? (account.national ? t.national : (account.province ?? ""))}</td>
            <td>{account.name ?? ""}</td>
            <td>{account.enabled ? t.enabled : t.disabled}</td>
            <td class="admin-actions">
              <button type="button" onClick={() => resetPassword(account)}>
                {t.resetPassword}
              </button>
              <button type="button" onClick={() => resetMfa(account)}>
                {t.resetMfa}
              </button>
              <button type="button" onClick={() => toggleEnabled(account)}>
                {account.enabled ? t.disable : t.enable}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
