import { useTexts } from "#web/i18n/lang";
import { RECEPTION_ROOM_TEXTS } from "./room-texts.ts";
import type { RoomChoice } from "./use-room-choice.ts";

/** The exam room the next check-in joins; hidden where the facility has no rooms. */
export function RoomPicker({ choice }: { choice: RoomChoice }) {
  const t = useTexts(RECEPTION_ROOM_TEXTS);
  const open = choice.rooms.filter((room) => room.open);
  if (open.length === 0) return null;
  return (
    <label class="room-picker">
      <span>{t.room}</span>
      <select
        data-testid="room-picker"
        value={choice.chosen ?? ""}
        onChange={(event) => choice.choose(event.currentTarget.value)}
      >
        {open.map((room) => (
          <option key={room.id} value={room.id}>
            {t.roomOption(room.number, room.name, room.waiting)}
          </option>
        ))}
      </select>
    </label>
  );
}
