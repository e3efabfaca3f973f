import type { RoomOption } from "#web/api/rooms";
import { useTexts } from "#web/i18n/lang";
import { KIOSK_ROOM_TEXTS } from "./kiosk-room-texts.ts";
import { KIOSK_TEXTS } from "./kiosk-texts.ts";

/** The facility's open rooms as large buttons, Vietnamese first: one touch takes the ticket of that room. */
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
  return (
    <section class="kiosk-rooms" data-testid="kiosk-rooms" aria-labelledby="kiosk-rooms-title">
      <h1 id="kiosk-rooms-title">{t.choose}</h1>
      <p class="kiosk-hint">{t.chooseHint}</p>
      <div class="kiosk-room-list">
        {rooms.map((room) => (
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
      <button type="button" class="big" onClick={onBack}>
        {k.back}
      </button>
    </section>
  );
}
