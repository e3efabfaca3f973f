import { useCallback, useEffect, useState } from "preact/hooks";
import type { AdminFacility } from "#domain/admin-contract";
import type { Bilingual } from "#domain/errors";
import type { Room } from "#domain/room-contract";
import { useLang, useTexts } from "#web/i18n/lang";
import { fetchRooms, messagesOfAdmin, writeRoom } from "./admin-api.ts";
import { ROOM_TEXTS } from "./room-texts.ts";

interface Props {
  readonly token: string;
  readonly facilities: readonly AdminFacility[];
}

const EMPTY = {
  slug: "",
  number: "",
  name: "",
  serviceCode: "",
  serviceName: "",
  open: true,
  closedReason: "",
};
type Form = typeof EMPTY;

const formOf = (facility: string, room: Room): Form => ({
  slug: room.id.slice(facility.length + 1),
  number: String(room.number),
  name: room.name,
  serviceCode: room.serviceCode,
  serviceName: room.serviceName,
  open: room.open,
  closedReason: room.closedReason ?? "",
});

/** A facility's exam rooms: list, add, edit (name, number, exam service), open and close. */
export function RoomsPanel({ token, facilities }: Props) {
  const lang = useLang();
  const t = useTexts(ROOM_TEXTS);
  const [chosen, setChosen] = useState<string | null>(null);
  const facility = chosen ?? facilities[0]?.code ?? null;
  const [rooms, setRooms] = useState<readonly Room[]>([]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [problem, setProblem] = useState<Bilingual | null>(null);

  const reload = useCallback(async () => {
    if (facility === null) return;
    try {
      setRooms((await fetchRooms(token, facility)).rooms);
      setProblem(null);
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
    }
  }, [token, facility]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const save = async (room: Room) => {
    if (facility === null) return false;
    setProblem(null);
    try {
      await writeRoom(token, facility, room);
      await reload();
      return true;
    } catch (error) {
      setProblem(messagesOfAdmin(error).messages);
      return false;
    }
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (facility === null) return;
    const saved = await save({
      id: `${facility}-${form.slug.trim()}`,
      name: form.name.trim(),
      number: Number(form.number),
      serviceCode: form.serviceCode.trim(),
      serviceName: form.serviceName.trim(),
      open: form.open,
      closedReason: form.open || form.closedReason.trim() === "" ? null : form.closedReason.trim(),
    });
    if (saved) setForm(EMPTY);
  };
  const field = (key: Exclude<keyof Form, "open">) => ({
    value: form[key],
    onInput: (event: { currentTarget: HTMLInputElement }) =>
      setForm({ ...form, [key]: event.currentTarget.value }),
  });

  if (facility === null) return <p class="muted">{t.noFacility}</p>;
  return (
    <section class="admin-section" aria-labelledby="rooms-title">
      <h2 id="rooms-title">{t.rooms}</h2>
      <label>
        {t.facility}{" "}
        <select
          name="rooms-facility"
          value={facility}
          onChange={(event) => {
            setChosen(event.currentTarget.value);
            setForm(EMPTY);
          }}
        >
          {facilities.map((f) => (
            <option key={f.code} value={f.code}>
              {f.code} – {f.name}
            </option>
          ))}
        </select>
      </label>
      <table class="admin-table" data-table="rooms">
        <thead>
          <tr>
            <th>{t.number}</th>
            <th>{t.name}</th>
            <th>{t.serviceCode}</th>
            <th>{t.serviceName}</th>
            <th>{t.status}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rooms.map((room) => (
            <tr key={room.id} data-room={room.id}>
              <td>{room.number}</td>
              <td>{room.name}</td>
              <td>{room.serviceCode}</td>
              <td>{room.serviceName}</td>
              <td>
                {room.open
                  ? t.open
                  : `${t.closed}${room.closedReason === null ? "" : `: ${room.closedReason}`}`}
              </td>
              <td class="admin-actions">
                <button type="button" onClick={() => setForm(formOf(facility, room))}>
                  {t.edit}
                </button>
                <button
                  type="button"
                  onClick={() => void save({ ...room, open: !room.open, closedReason: null })}
                >
                  {room.open ? t.closeRoom : t.openRoom}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rooms.length === 0 ? <p class="muted">{t.none}</p> : null}
      <form class="admin-form" aria-label={t.addRoom} onSubmit={submit}>
        <h3>{t.addRoom}</h3>
        <label>
          {t.slug}
          <input
            name="room-slug"
            required
            pattern="[a-z0-9][a-z0-9\-]{0,31}"
            title={t.slugHint}
            {...field("slug")}
          />
        </label>
        <label>
          {t.number}
          <input
            name="room-number"
            required
            type="number"
            min={1}
            max={999}
            inputMode="numeric"
            {...field("number")}
          />
        </label>
        <label>
          {t.name}
          <input name="room-name" required maxLength={80} {...field("name")} />
        </label>
        <label>
          {t.serviceCode}
          <input name="room-service-code" required maxLength={50} {...field("serviceCode")} />
        </label>
        <label>
          {t.serviceName}
          <input name="room-service-name" required maxLength={200} {...field("serviceName")} />
        </label>
        <label>
          <input
            name="room-open"
            type="checkbox"
            checked={form.open}
            onChange={(event) => setForm({ ...form, open: event.currentTarget.checked })}
          />{" "}
          {t.open}
        </label>
        {form.open ? null : (
          <label>
            {t.closedReason}
            <input name="room-closed-reason" maxLength={200} {...field("closedReason")} />
          </label>
        )}
        <button type="submit" class="primary">
          {t.save}
        </button>
        {problem === null ? null : (
          <p class="notice notice-error" role="alert">
            {problem[lang]}
          </p>
        )}
      </form>
    </section>
  );
}
