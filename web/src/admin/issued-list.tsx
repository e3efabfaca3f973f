import { useTexts } from "#web/i18n/lang";
import type { IssuedPasswords } from "./admin-api.ts";
import { ADMIN_TEXTS } from "./admin-texts.ts";

/** One-time passwords, shown once until the administrator dismisses them. */
export function IssuedList({ issued, dismiss }: { issued: IssuedPasswords; dismiss: () => void }) {
  const t = useTexts(ADMIN_TEXTS);
  return (
    <div class="notice notice-warn admin-issued" role="status" aria-label={t.oneTimeTitle}>
      <h3>{t.oneTimeTitle}</h3>
      <p>{t.oneTimeNote}</p>
      <table class="admin-table">
        <tbody>
          {issued.map((entry) => (
            <tr key={entry.username} data-username={entry.username}>
              <td>{entry.username}</td>
              <td>
                <code class="one-time-password">{entry.oneTimePassword ?? "—"}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={dismiss}>
        {t.dismiss}
      </button>
    </div>
  );
}
