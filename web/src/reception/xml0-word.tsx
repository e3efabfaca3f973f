import type { Xml0Status } from "#web/api/schemas";
import { type Texts, useTexts } from "#web/i18n/lang";

/** The XML0 states in a word each, in both languages. */
const XML0_TEXTS: Texts<{ label: string; states: Record<Xml0Status["state"], string> }> = {
  vi: { label: "XML0", states: { waiting: "chờ gửi", sent: "đã gửi", refused: "bị từ chối" } },
  en: { label: "XML0", states: { waiting: "waiting", sent: "sent", refused: "refused" } },
};

/**
 * Where a visit's check-in message to BHXH stands, as a small word under its status; the
 * gateway's receipt or message in the tooltip. Nothing for a visit that sends none.
 */
export function Xml0Word({ status }: { status: Xml0Status | null | undefined }) {
  const t = useTexts(XML0_TEXTS);
  if (status === null || status === undefined) return null;
  const detail = status.state === "sent" ? status.transactionId : status.message;
  return (
    <small
      class={`xml0-word xml0-${status.state}`}
      data-testid="row-xml0"
      data-state={status.state}
      title={detail ?? undefined}
    >
      {t.label}: {t.states[status.state]}
    </small>
  );
}
