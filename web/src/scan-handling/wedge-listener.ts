/**
 * Listens for wedge-scanner input anywhere on the page, without a focused field. When a burst
 * turns out to be a scan, whatever it typed into a focused field is taken back out.
 */
import { makeWedgeDetector } from "./wedge-detector.ts";

type Editable = HTMLInputElement | HTMLTextAreaElement;

function editableTarget(target: EventTarget | null): Editable | null {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
}

/** Calls `onScan` with each scanned text; returns the function that stops listening. */
export function listenForWedgeScans(onScan: (text: string) => void): () => void {
  const detector = makeWedgeDetector();
  let field: { element: Editable; value: string } | null = null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return;
    const isChar = [...event.key].length === 1;
    if (!isChar && event.key !== "Enter") return;
    const element = editableTarget(event.target);
    const before = element?.value ?? "";
    const step = detector.feed(event.key, event.timeStamp);
    // Remember the field as it was when a burst began, to restore it if the burst is a scan.
    if (step.kind === "key" && detector.length() === 1)
      field = element === null ? null : { element, value: before };
    if (step.kind === "key") {
      // Once keys are scanner-fast, keep the rest out of whatever field has focus.
      if (detector.inBurst() && element !== null) event.preventDefault();
      return;
    }
    if (step.kind === "scan") {
      event.preventDefault();
      event.stopPropagation();
      if (field !== null) {
        field.element.value = field.value;
        field.element.dispatchEvent(new Event("input", { bubbles: true }));
      }
      field = null;
      onScan(step.text);
      return;
    }
    field = null;
  };

  window.addEventListener("keydown", onKeyDown, { capture: true });
  return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
}
