import { ERROR_CODE, ForbiddenError } from "#domain/errors";
import { splitPeriod } from "#domain/period-blocks";
import { numberOfOldCode, oldCodesOf } from "#domain/provinces";
import { resolvePeriod } from "#domain/report-period";
import type { RoomWaitQuery, RoomWaitReport } from "#domain/room-wait-contract";
import { vnDay } from "#domain/vn-time";
import { waitFiguresOf, waitHistogramOf } from "#domain/wait-times";
import { provinceNumberOf } from "#functions/stores/counter-keys";
import type { RoomWaitStore } from "#functions/stores/room-wait-store";
import { resolveReportProvince } from "./scan-rate-report.ts";

export interface RoomWaitReportDeps {
  readonly roomWaits: Pick<RoomWaitStore, "readRoomWaits">;
  readonly now: () => Date;
}

/**
 * One facility's waits per room over a period: the period splits into whole calendar blocks and
 * each block is one query of the facility's room items, so a year costs about twice a month. A
 * provincial user sees only their own province's facilities.
 */
export async function reportRoomWaits(
  deps: RoomWaitReportDeps,
  caller: { readonly province: string | null },
  query: Pick<RoomWaitQuery, "facility" | "from" | "to">,
): Promise<{ report: RoomWaitReport; stats: { blocks: number; queries: number; items: number } }> {
  const period = resolvePeriod(query, vnDay(deps.now()));
  const own = resolveReportProvince(caller.province, undefined);
  if (own !== null && !oldCodesOf(own.code).map(numberOfOldCode).includes(provinceNumberOf(query.facility))) {
    throw new ForbiddenError(ERROR_CODE.PROVINCE_FORBIDDEN, {
      vi: "Tài khoản của bạn chỉ được xem cơ sở trong tỉnh/thành phố mình.",
      en: "Your account may only see facilities of its own province.",
    });
  }
  const blocks = splitPeriod(period.from, period.to);
  const read = await deps.roomWaits.readRoomWaits(query.facility, blocks);
  const rooms = read.rooms
    .map((room) => ({
      room: room.room,
      name: room.name,
      number: room.number,
      waits: waitFiguresOf(waitHistogramOf(room.counts)),
    }))
    .sort((a, b) => a.number - b.number || a.room.localeCompare(b.room));
  return {
    report: { facility: query.facility, from: period.from, to: period.to, rooms },
    stats: { blocks: blocks.length, queries: read.queries, items: read.items },
  };
}
