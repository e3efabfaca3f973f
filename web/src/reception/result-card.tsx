import { benefitPercent } from "#domain/bhyt";
import { clerkMessage, unavailableMessage } from "#domain/coverage";
import type { CheckinAnswerView } from "#web/api/schemas";
import { formatClock, formatDay } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { OUTBOX_TEXTS } from "#web/outbox/outbox-texts";
import { labelOf } from "#web/ticket/ticket-label";
import { METHOD_TEXTS } from "#web/ui/status-text";
import { StatusBadge } from "../ui/status-badge.tsx";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

/** One check-in answer for the receptionist: who, which number, covered or not, and what to do. */
export function ResultCard({ answer, waiting = false }: { answer: CheckinAnswerView; waiting?: boolean }) {
  const lang = useLang();
  const t = useTexts(RECEPTION_TEXTS);
  const o = useTexts(OUTBOX_TEXTS);
  const methods = useTexts(METHOD_TEXTS);
  const { patient, insurance } = answer;
  const todo =
    insurance === null ? unavailableMessage(answer.pendingCause) : clerkMessage(insurance.resultCode);
  return (
    <section class={`result-card result-${answer.status}`} aria-live="polite" data-testid="result-card">
      <div class="result-head">
        <div class="queue">
          <span class="queue-label">{t.queue}</span>
          <span class="queue-number" data-testid="queue-number">
            {labelOf(answer)}
          </span>
        </div>
        <div class="result-who">
          <h2 class="patient-name" data-testid="patient-name">
            {patient.name ?? t.unknownName}
          </h2>
          <StatusBadge status={answer.status} large />
        </div>
      </div>
      {waiting ? (
        <p class="notice notice-calm" data-testid="not-sent">
          {o.notSent}
        </p>
      ) : null}
      {answer.duplicate ? (
        <p class="notice notice-warn">{t.duplicate(formatClock(answer.checkedInAt))}</p>
      ) : null}
      <div class="todo" data-testid="clerk-action">
        <span class="todo-label">{t.todo}</span>
        <p>{todo[lang]}</p>
      </div>
      <dl class="facts">
        <dt>{t.idNumber}</dt>
        <dd data-testid="patient-id">{patient.idNumber ?? "—"}</dd>
        <dt>{t.birthDate}</dt>
        <dd>{formatDay(patient.birthDate)}</dd>
        <dt>{t.sex}</dt>
        <dd>{patient.sex === null ? "—" : t.sexes[patient.sex]}</dd>
        {insurance === null ? null : (
          <>
            <dt>{t.cardCode}</dt>
            <dd>{insurance.cardCode ?? "—"}</dd>
            <dt>{t.benefit}</dt>
            <dd>
              {insurance.benefitLevel === null
                ? "—"
                : t.benefitValue(insurance.benefitLevel, benefitPercent(insurance.benefitLevel))}
            </dd>
            <dt>{t.validity}</dt>
            <dd>
              {formatDay(insurance.validFrom)} – {formatDay(insurance.validTo)}
            </dd>
            <dt>{t.registered}</dt>
            <dd>
              {insurance.registeredFacility ?? "—"}
              {insurance.registeredFacilityName === null ? null : ` ${insurance.registeredFacilityName}`}
              {insurance.registeredFacility === null ? null : (
                <span class={insurance.atRegisteredFacility ? "tag tag-ok" : "tag tag-warn"}>
                  {insurance.atRegisteredFacility ? t.here : t.elsewhere}
                </span>
              )}
            </dd>
            {insurance.managingOffice === null ? null : (
              <>
                <dt>{t.managingOffice}</dt>
                <dd data-testid="managing-office">{insurance.managingOffice}</dd>
              </>
            )}
            {insurance.lastCheck === null ? null : (
              <>
                <dt>{t.lastCheck}</dt>
                <dd data-testid="last-check">
                  {t.lastCheckValue(
                    `${formatDay(insurance.lastCheck.at)} ${formatClock(insurance.lastCheck.at)}`,
                    insurance.lastCheck.by,
                    insurance.lastCheck.resultCode,
                  )}
                </dd>
              </>
            )}
            <dt>{t.resultCode}</dt>
            <dd>{insurance.resultCode}</dd>
          </>
        )}
      </dl>
      <p class="muted result-meta">
        {methods[answer.method]} · {formatClock(answer.checkedInAt)}
      </p>
    </section>
  );
}
