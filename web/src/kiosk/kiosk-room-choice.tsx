import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { RoomOption } from "#web/api/rooms";
import { useTexts } from "#web/i18n/lang";
import { KIOSK_ROOM_TEXTS } from "./kiosk-room-texts.ts";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";

/** A room button's width and height with its gap, as kiosk.css draws them (a two-line name included). */
const BUTTON_MIN_WIDTH_PX = 320;
const GAP_PX = 12;
const ROW_PX = 124;
/** Below the list: the page buttons and the back button, each a large button with its gap. */
const BELOW_LIST_PX = 230;

/**
 * How many rooms fit on one page of the screen without scrolling: as many columns as the grid
 * draws and as many rows as the height below the heading leaves, at least two.
 */
function useRoomsPerPage(list: { current: HTMLElement | null }): number {
  const [perPage, setPerPage] = useState(6);
  useLayoutEffect(() => {
    const measure = () => {
      const element = list.current;
      if (element === null) return;
      const columns = Math.max(
        1,
        Math.floor((element.clientWidth + GAP_PX) / (BUTTON_MIN_WIDTH_PX + GAP_PX)),
      );
      const top = element.getBoundingClientRect().top + window.scrollY;
      const rows = Math.max(2, Math.floor((window.innerHeight - top - BELOW_LIST_PX) / ROW_PX));
      setPerPage(columns * rows);
    };
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [list]);
  return perPage;
}

/**
 * The facility's open rooms as large buttons, Vietnamese first: one touch takes the ticket of that
 * room. A big hospital's rooms come in pages that fit the screen, turned with two large buttons,
 * so no one has to scroll to find their room.
 */
export function KioskRoomChoice({
  rooms,
  onChoose,
  onBack,
}: {
  rooms: readonly RoomOption[];
  onChoose: (room: string) => void;
  onBack: () => void;
}) {
  const t = useTexts(KIOSK_ROOM_TEXTS);
  const k = useTexts(KIOSK_TEXTS);
  const list = useRef<HTMLDivElement>(null);
  const perPage = useRoomsPerPage(list);
  const pages = Math.max(1, Math.ceil(rooms.length / perPage));
  const [wanted, setPage] = useState(0);
  const page = Math.min(wanted, pages - 1);
  const shown = rooms.slice(page * perPage, (page + 1) * perPage);
  return (
    <section class="kiosk-rooms" data-testid="kiosk-rooms" aria-labelledby="kiosk-rooms-title">
      <h1 id="kiosk-rooms-title">{t.choose}</h1>
      <p class="kiosk-hint">{pages > 1 ? t.chooseHintPaged(pages) : t.chooseHint}</p>
      <div class="kiosk-room-list" ref={list}>
        {shown.map((room) => (
          <button
            type="button"
            class="big kiosk-room-button"
            key={room.id}
            data-room={room.id}
            onClick={() => onChoose(room.id)}
          >
            <span class="kiosk-room-name">{t.room(room.number, room.name)}</span>
            <span class="kiosk-room-waiting">{t.waiting(room.waiting)}</span>
          </button>
        ))}
      </div>
      {pages > 1 ? (
        <nav class="kiosk-room-pages" aria-label={t.pages} data-testid="kiosk-room-pages">
          <button type="button" class="big" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t.previous}
          </button>
          <span class="kiosk-room-page" aria-live="polite">
            {t.pageOf(page + 1, pages)}
          </span>
          <button type="button" class="big" disabled={page === pages - 1} onClick={() => setPage(page + 1)}>
            {t.next}
          </button>
        </nav>
      ) : null}
      <button type="button" class="big" onClick={onBack}>
        {k.back}
      </button>
    </section>
  );
}
