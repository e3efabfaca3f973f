import { useEffect, useRef } from "preact/hooks";

/** How long the press must last: long enough that no patient's tap or lean reaches it. */
const HOLD_MS = 3_000;

interface Props {
  readonly label: string;
  readonly class: string;
  readonly onHeld: () => void;
}

/**
 * A button that acts only when held down for `HOLD_MS`, by finger, mouse, or the Enter or space
 * key (held, not pressed): a deliberate gesture for staff on a screen that patients touch.
 */
export function HoldButton({ label, class: className, onHeld }: Props) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancel = () => {
    if (timer.current === null) return;
    clearTimeout(timer.current);
    timer.current = null;
  };
  const start = () => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      onHeld();
    }, HOLD_MS);
  };
  useEffect(() => cancel, []);
  return (
    <button
      type="button"
      class={className}
      aria-label={label}
      title={label}
      onPointerDown={start}
      onPointerUp={cancel}
      onPointerLeave={cancel}
      onPointerCancel={cancel}
      onBlur={cancel}
      onContextMenu={(event) => event.preventDefault()}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        start();
      }}
      onKeyUp={cancel}
    />
  );
}
