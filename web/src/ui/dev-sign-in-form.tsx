import { useState } from "preact/hooks";
import type { DevTokenRequest } from "#domain/dev-token";
import { currentProvinces } from "#domain/provinces";
import { messagesOf } from "#web/api/client";
import { requestDevToken } from "#web/auth/dev-sign-in";
import type { Role } from "#web/auth/session";
import { useTexts } from "#web/i18n/lang";
import { SIGN_IN_TEXTS } from "./sign-in-texts.ts";

/** The demo sign-in of the local mode: a role and a facility or province, no password. */
export function DevSignInForm(props: {
  roles: readonly Role[];
  onToken: (token: string) => void;
  onError: (notice: { vi: string; en: string }) => void;
}) {
  const t = useTexts(SIGN_IN_TEXTS);
  const [role, setRole] = useState<Role>(props.roles[0] ?? "receptionist");
  const [facility, setFacility] = useState("01001");
  const [province, setProvince] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const request: DevTokenRequest =
      role === "health-dept" || role === "admin"
        ? { role, ...(province === "" ? {} : { province }) }
        : { role, facility: facility.trim() };
    try {
      props.onToken(await requestDevToken(request));
    } catch (error) {
      props.onError(messagesOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="dev-sign-in" onSubmit={submit}>
      <p class="muted">{t.demoNote}</p>
      <label>
        {t.role}
        <select
          value={role}
          onChange={(event) => {
            const value = event.currentTarget.value;
            const chosen = props.roles.find((option) => option === value);
            if (chosen !== undefined) setRole(chosen);
          }}
        >
          {props.roles.map((option) => (
            <option key={option} value={option}>
              {t.roles[option]}
            </option>
          ))}
        </select>
      </label>
      {role === "health-dept" || role === "admin" ? (
        <label>
          {t.province}
          <select value={province} onChange={(event) => setProvince(event.currentTarget.value)}>
            <option value="">{t.national}</option>
            {currentProvinces().map((entry) => (
              <option key={entry.code} value={entry.code}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          {t.facility}
          <input
            value={facility}
            inputMode="numeric"
            pattern="\d{5}"
            required
            aria-describedby="facility-hint"
            onInput={(event) => setFacility(event.currentTarget.value)}
          />
          <small id="facility-hint">{t.facilityHint}</small>
        </label>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t.submit}
      </button>
    </form>
  );
}
