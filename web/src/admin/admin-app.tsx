import { useCallback, useEffect, useState } from "preact/hooks";
import type { AdminFacility } from "#domain/admin-contract";
import type { Bilingual } from "#domain/errors";
import type { Session } from "#web/auth/session";
import { useLang, useTexts } from "#web/i18n/lang";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { AccountsPanel } from "./accounts-panel.tsx";
import { fetchFacilities, messagesOfAdmin } from "./admin-api.ts";
import { ADMIN_TEXTS } from "./admin-texts.ts";
import { FacilitiesPanel } from "./facilities-panel.tsx";
import { GatewayPanel } from "./gateway-panel.tsx";
import { RoomsPanel } from "./rooms-panel.tsx";
import { SubjectPanel } from "./subject-panel.tsx";

/** The administrator's page: the province's facilities and its staff accounts. */
export function AdminApp({ session, signOut }: { session: Session; signOut: () => void }) {
  const lang = useLang();
  const t = useTexts(ADMIN_TEXTS);
  const [facilities, setFacilities] = useState<readonly AdminFacility[]>([]);
  const [problem, setProblem] = useState<Bilingual | null>(null);

  const reload = useCallback(async () => {
    try {
      setFacilities((await fetchFacilities(session.token)).facilities);
      setProblem(null);
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
    }
  }, [session.token]);
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <main class="admin-page">
      <header class="admin-head">
        <h1>{t.title}</h1>
        <span class="muted">{t.scope(session.province)}</span>
        <LangSwitch />
        <button type="button" onClick={signOut}>
          {t.signOut}
        </button>
      </header>
      {problem === null ? null : (
        <p class="notice notice-error" role="alert">
          {problem[lang]}
        </p>
      )}
      <FacilitiesPanel token={session.token} facilities={facilities} reload={reload} />
      <RoomsPanel token={session.token} facilities={facilities} />
      <GatewayPanel token={session.token} facilities={facilities} />
      <AccountsPanel token={session.token} facilities={facilities} />
      <SubjectPanel token={session.token} />
    </main>
  );
}
