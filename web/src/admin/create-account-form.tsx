import { useState } from "preact/hooks";
import type { AdminFacility } from "#domain/admin-contract";
import { ROLES } from "#domain/roles";
import { useTexts } from "#web/i18n/lang";
import { createAccount, type IssuedPasswords } from "./admin-api.ts";
import { ADMIN_TEXTS } from "./admin-texts.ts";

const EMPTY = { username: "", role: "receptionist", facility: "", province: "", name: "", idNumber: "" };
/** These roles work at one facility; the others are scoped to a province. */
const FACILITY_ROLES = ["receptionist", "room", "kiosk"];

interface Props {
  readonly token: string;
  readonly facilities: readonly AdminFacility[];
  /** Runs the change, shows its problem if it fails and reloads the list if it succeeds. */
  readonly act: (run: () => Promise<void>) => Promise<void>;
  readonly onIssued: (issued: IssuedPasswords) => void;
}

/** The form that creates one account; the form is cleared once the account exists. */
export function CreateAccountForm({ token, facilities, act, onIssued }: Props) {
  const t = useTexts(ADMIN_TEXTS);
  const [form, setForm] = useState(EMPTY);
  const submit = (event: Event) => {
    event.preventDefault();
    const byFacility = FACILITY_ROLES.includes(form.role);
    void act(async () => {
      const answer = await createAccount(token, {
        username: form.username,
        role: form.role,
        ...(byFacility ? { facility: form.facility } : { province: form.province }),
        ...(form.name === "" ? {} : { name: form.name }),
        ...(form.idNumber === "" ? {} : { idNumber: form.idNumber }),
      });
      onIssued(answer.accounts);
      setForm(EMPTY);
    });
  };
  const field = (key: keyof typeof EMPTY) => ({
    value: form[key],
    onInput: (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      setForm({ ...form, [key]: event.currentTarget.value }),
  });

  return (
    <form class="admin-form" aria-label={t.createAccount} onSubmit={submit}>
      <h3>{t.createAccount}</h3>
      <label>
        {t.username}
        <input name="username" required {...field("username")} />
      </label>
      <label>
        {t.role}
        <select name="role" {...field("role")}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t.roles[role]}
            </option>
          ))}
        </select>
      </label>
      {FACILITY_ROLES.includes(form.role) ? (
        <label>
          {t.facility}
          <select name="facility" required {...field("facility")}>
            <option value="" />
            {facilities
              .filter((entry) => entry.active)
              .map((entry) => (
                <option key={entry.code} value={entry.code}>
                  {entry.code} · {entry.name}
                </option>
              ))}
          </select>
        </label>
      ) : (
        <label>
          {t.province}
          <input name="province" pattern="\d{3}" inputMode="numeric" {...field("province")} />
        </label>
      )}
      <label>
        {t.name}
        <input name="full-name" {...field("name")} />
      </label>
      <label>
        {t.idNumber}
        <input name="id-number" inputMode="numeric" {...field("idNumber")} />
      </label>
      <button type="submit" class="primary">
        {t.createAccount}
      </button>
    </form>
  );
}
