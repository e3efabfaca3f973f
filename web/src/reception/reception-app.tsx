import { useEffect, useMemo } from "preact/hooks";
import { isCurrent, type Session } from "#web/auth/session";
import { useScanWorker } from "#web/camera/use-scan-worker";
import { unlockAudio } from "#web/feedback/beep";
import { useLang, useTexts } from "#web/i18n/lang";
import { useOutbox } from "#web/outbox/use-outbox";
import { listenForWedgeScans } from "#web/scan-handling/wedge-listener";
import { useServiceWorkerUpdate } from "../offline/use-update.ts";
import { OutboxBanner, UpdateNotice } from "../outbox/outbox-banner.tsx";
import { SignOutGuard } from "../outbox/sign-out-guard.tsx";
import { PrivacyNotice } from "../privacy/privacy-notice.tsx";
import { TicketControls } from "../ticket/ticket-controls.tsx";
import { LangSwitch } from "../ui/lang-switch.tsx";
import { CameraPanel } from "./camera-panel.tsx";
import { ManualEntry } from "./manual-entry.tsx";
import { photoHintMessages } from "./photo-hints.ts";
import { PhotoScan } from "./photo-scan.tsx";
import { RoomTicketMarks } from "./priority-marks.tsx";
import { RECEPTION_TEXTS } from "./reception-texts.ts";
import { ResultCard } from "./result-card.tsx";
import { RoomPicker } from "./room-picker.tsx";
import { TodayList } from "./today-list.tsx";
import { useCheckinFlow } from "./use-checkin-flow.ts";
import { useRoomChoice } from "./use-room-choice.ts";

/** The reception counter: camera, wedge scanner, typing or a photo → result and today's list. */
export function ReceptionApp({
  session,
  signOut,
  renew,
}: {
  session: Session;
  signOut: () => void;
  renew: () => Promise<string | null>;
}) {
  const lang = useLang();
  const t = useTexts(RECEPTION_TEXTS);
  const decoder = useScanWorker();
  const outbox = useOutbox(session, renew);
  const offline = useMemo(
    () => ({
      sync: outbox.sync,
      facility: session.facility ?? "",
      facilityName: outbox.device?.facilityName ?? null,
      signedIn: () => isCurrent(session),
    }),
    [outbox.sync, outbox.device, session],
  );
  const rooms = useRoomChoice(session.token);
  const flow = useCheckinFlow(session.token, offline, rooms.current);
  const refreshRooms = rooms.refresh;
  const update = useServiceWorkerUpdate();
  const unsent = outbox.snapshot?.items.filter((item) => item.state === "waiting").length ?? 0;
  const { handleScan, showNotice } = flow;

  useEffect(() => {
    if (flow.version > 0) refreshRooms();
  }, [flow.version, refreshRooms]);
  useEffect(() => listenForWedgeScans((text) => handleScan(text, "scanner")), [handleScan]);
  useEffect(() => {
    // Browsers start audio only after a gesture: the first click or key at the counter unlocks the beep.
    const unlock = () => unlockAudio();
    window.addEventListener("pointerdown", unlock, { once: true });
    window.addEventListener("keydown", unlock, { once: true });
    return () => {
      window.removeEventListener("pointerdown", unlock);
      window.removeEventListener("keydown", unlock);
    };
  }, []);

  return (
    <div class="reception">
      <header class="app-head">
        <h1>{t.title}</h1>
        <span class="facility-tag">{t.facility(session.facility ?? "—")}</span>
        <span class="spacer" />
        <LangSwitch />
        <SignOutGuard label={t.signOut} unsent={() => outbox.sync?.unsent() ?? 0} signOut={signOut} />
      </header>
      {outbox.snapshot === null || outbox.sync === null ? null : (
        <OutboxBanner
          snapshot={outbox.snapshot}
          device={outbox.device}
          onSendNow={() => void outbox.sync?.sendNow()}
          onSignIn={signOut}
        />
      )}
      {update === null ? null : <UpdateNotice apply={update} waiting={unsent + (flow.busy ? 1 : 0)} />}
      <main class="reception-grid">
        <div class="reception-inputs">
          <CameraPanel
            decoder={decoder}
            onText={(text) => handleScan(text, "camera")}
            onFrame={flow.cameraFrame}
            onLive={flow.cameraLive}
          />
          <section class="panel">
            <RoomPicker choice={rooms} />
            <p class="scanner-ready">{t.scannerReady}</p>
            <ManualEntry onSubmit={flow.submit} />
            <PhotoScan
              decoder={decoder}
              onText={(text) => handleScan(text, "photo")}
              onNothing={(hint) => {
                flow.photoNothing();
                showNotice({
                  tone: "error",
                  messages: photoHintMessages(hint),
                  scanned: null,
                  sendAsCard: null,
                });
              }}
            />
          </section>
        </div>
        <div class="reception-result">
          {flow.notice === null ? null : (
            <div class={`notice notice-${flow.notice.tone}`} role="alert" data-testid="scan-notice">
              <p>{flow.notice.messages[lang]}</p>
              {flow.notice.scanned === null ? null : (
                <p class="scanned">
                  <span class="muted">{t.scannedText}: </span>
                  <code data-testid="scanned-text">{flow.notice.scanned}</code>
                </p>
              )}
              {flow.notice.sendAsCard === null ? null : (
                <button type="button" class="primary" onClick={flow.notice.sendAsCard}>
                  {t.sendAsCard}
                </button>
              )}
            </div>
          )}
          {flow.busy ? <p class="muted">{t.sending}</p> : null}
          {flow.answer === null ? (
            <p class="placeholder">{t.waiting}</p>
          ) : (
            <ResultCard answer={flow.answer} waiting={flow.waiting} />
          )}
          {flow.answer?.roomTicket == null ? null : (
            <RoomTicketMarks token={session.token} ticket={flow.answer.roomTicket} />
          )}
          <TicketControls answer={flow.answer} />
        </div>
      </main>
      <TodayList
        token={session.token}
        version={flow.version + (outbox.snapshot?.serverVersion ?? 0)}
        outbox={
          outbox.snapshot === null
            ? null
            : {
                items: outbox.snapshot.items,
                sendingKey: outbox.snapshot.sendingKey,
                onRetry: (key) => void outbox.sync?.retry(key),
                onDiscard: (key, reason) => void outbox.sync?.discard(key, reason),
              }
        }
      />
      <PrivacyNotice page="reception" />
    </div>
  );
}
