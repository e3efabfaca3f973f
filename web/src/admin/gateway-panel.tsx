import { useCallback, useEffect, useState } from "preact/hooks";
import type { AdminFacility } from "#domain/admin-contract";
import type { Bilingual } from "#domain/errors";
import type { GatewayAccountStatus } from "#domain/gateway-account-contract";
import { useLang, useTexts } from "#web/i18n/lang";
import {
  fetchGatewayAccounts,
  messagesOfAdmin,
  writeGatewayAccount,
  writeGatewayCertificate,
  writeKioskClerk,
} from "./admin-api.ts";
import { GATEWAY_TEXTS } from "./gateway-texts.ts";

interface Props {
  readonly token: string;
  readonly facilities: readonly AdminFacility[];
}

/** How a kiosk clerk's ID number is shown: never read back, so always masked. */
const MASKED_ID = "•••• •••• ••••";

/** The file's bytes in Base64, as the certificate route takes them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Each facility's gateway account and certificate: their state, and write-only forms to set them. */
export function GatewayPanel({ token, facilities }: Props) {
  const lang = useLang();
  const t = useTexts(GATEWAY_TEXTS);
  const [states, setStates] = useState<readonly GatewayAccountStatus[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const facility = chosen ?? facilities[0]?.code ?? null;
  const [problem, setProblem] = useState<Bilingual | null>(null);
  const [saved, setSaved] = useState(false);

  const reload = useCallback(async () => {
    try {
      setStates((await fetchGatewayAccounts(token)).facilities);
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
    }
  }, [token]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (form: HTMLFormElement, write: (data: FormData) => Promise<unknown>) => {
    setProblem(null);
    setSaved(false);
    try {
      await write(new FormData(form));
      form.reset();
      setSaved(true);
      await reload();
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
    }
  };
  const text = (data: FormData, name: string) => {
    const value = data.get(name);
    return typeof value === "string" ? value : "";
  };
  const saveAccount = (event: Event) => {
    event.preventDefault();
    if (facility === null || !(event.currentTarget instanceof HTMLFormElement)) return;
    void run(event.currentTarget, (data) =>
      writeGatewayAccount(token, facility, {
        username: text(data, "gateway-username").trim(),
        password: text(data, "gateway-password"),
      }),
    );
  };
  const uploadCertificate = (event: Event) => {
    event.preventDefault();
    if (facility === null || !(event.currentTarget instanceof HTMLFormElement)) return;
    void run(event.currentTarget, async (data) => {
      const file = data.get("gateway-certificate-file");
      if (!(file instanceof File)) return;
      await writeGatewayCertificate(token, facility, {
        pkcs12: await base64Of(file),
        password: text(data, "gateway-certificate-password"),
      });
    });
  };

  const saveKioskClerk = (event: Event) => {
    event.preventDefault();
    if (facility === null || !(event.currentTarget instanceof HTMLFormElement)) return;
    void run(event.currentTarget, (data) =>
      writeKioskClerk(token, facility, {
        name: text(data, "kiosk-clerk-name").trim(),
        id: text(data, "kiosk-clerk-id").trim(),
      }),
    );
  };

  const stateOf = (state: GatewayAccountStatus) => {
    if (state.account === null) return t.notSet;
    return state.refused === null ? t.working : t.refused(state.refused.code);
  };
  return (
    <section class="admin-section" aria-labelledby="gateway-title">
      <h2 id="gateway-title">{t.title}</h2>
      <p class="muted">{t.intro}</p>
      <table class="admin-table" data-table="gateway-accounts">
        <thead>
          <tr>
            <th>{t.facility}</th>
            <th>{t.username}</th>
            <th>{t.state}</th>
            <th>{t.certificate}</th>
            <th>{t.kioskClerk}</th>
          </tr>
        </thead>
        <tbody>
          {states.map((state) => (
            <tr key={state.facility} data-facility={state.facility} data-refused={state.refused !== null}>
              <td>{state.facility}</td>
              <td>{state.account?.username ?? t.notSet}</td>
              <td>{stateOf(state)}</td>
              <td>
                {state.certificate === null
                  ? t.notSet
                  : `${state.certificate.subject} (${t.validTo(state.certificate.validTo.slice(0, 10))})`}
              </td>
              <td data-column="kiosk-clerk">
                {state.kioskClerk === null ? t.kioskClerkMissing : `${state.kioskClerk.name} (${MASKED_ID})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {facility === null ? null : (
        <>
          <label>
            {t.facility}{" "}
            <select
              name="gateway-facility"
              value={facility}
              onChange={(e) => setChosen(e.currentTarget.value)}
            >
              {facilities.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.code} – {f.name}
                </option>
              ))}
            </select>
          </label>
          <form class="admin-form" aria-label={t.saveAccount} onSubmit={saveAccount}>
            <label>
              {t.username}
              <input name="gateway-username" required maxLength={64} placeholder={`${facility}_BV`} />
            </label>
            <label>
              {t.password}
              <input name="gateway-password" type="password" required autoComplete="new-password" />
            </label>
            <button type="submit" class="primary">
              {t.saveAccount}
            </button>
          </form>
          <form class="admin-form" aria-label={t.saveKioskClerk} onSubmit={saveKioskClerk}>
            <label>
              {t.kioskClerkName}
              <input name="kiosk-clerk-name" required maxLength={100} autoComplete="off" />
            </label>
            <label>
              {t.kioskClerkId}
              <input
                name="kiosk-clerk-id"
                required
                inputMode="numeric"
                pattern="\d{12}"
                maxLength={12}
                autoComplete="off"
              />
            </label>
            <button type="submit" class="primary">
              {t.saveKioskClerk}
            </button>
          </form>
          <form class="admin-form" aria-label={t.uploadCertificate} onSubmit={uploadCertificate}>
            <label>
              {t.certificateFile}
              <input name="gateway-certificate-file" type="file" required accept=".p12,.pfx" />
            </label>
            <label>
              {t.certificatePassword}
              <input name="gateway-certificate-password" type="password" autoComplete="off" />
            </label>
            <button type="submit" class="primary">
              {t.uploadCertificate}
            </button>
          </form>
        </>
      )}
      {saved ? <p class="notice">{t.saved}</p> : null}
      {problem === null ? null : (
        <p class="notice notice-error" role="alert">
          {problem[lang]}
        </p>
      )}
    </section>
  );
}
