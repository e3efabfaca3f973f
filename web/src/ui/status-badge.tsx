import type { Status } from "#domain/types";
import { useTexts } from "#web/i18n/lang";
import { STATUS_TEXTS } from "./status-text.ts";

/** A status as colour, symbol and words together. */
export function StatusBadge({ status, large = false }: { status: Status; large?: boolean }) {
  const text = useTexts(STATUS_TEXTS)[status];
  return (
    <span class={`status status-${status}${large ? " status-large" : ""}`} data-status={status}>
      <span class="status-icon" aria-hidden="true">
        {text.icon}
      </span>
      {text.label}
    </span>
  );
}
