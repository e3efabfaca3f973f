/**
 * Calendar blocks that reports read instead of single days: quarters, months, dekads (days 1–10,
 * 11–20, 21–end, the ten-day periods of Vietnamese statistics) and days. Any period splits into
 * a few whole blocks, so reading it costs about the same for a month as for a year. Pure.
 */
import { addDays, isIsoDate } from "./vn-time.ts";

export type BlockLevel = "quarter" | "month" | "dekad" | "day";

/** A whole calendar block: its id names it (`Q:2026-4`, `M:2026-11`, `T:2026-11-2`, `D:2026-11-05`). */
export interface Block {
  readonly id: string;
  readonly level: BlockLevel;
  readonly from: string;
  readonly to: string;
}

const pad = (value: number) => String(value).padStart(2, "0");

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function parts(day: string): { year: number; month: number; date: number } {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), date: Number(day.slice(8, 10)) };
}

/** The block of a level that holds a day. */
export function blockOf(level: BlockLevel, day: string): Block {
  const { year, month, date } = parts(day);
  if (level === "day") return { id: `D:${day}`, level, from: day, to: day };
  if (level === "month") {
    return {
      id: `M:${year}-${pad(month)}`,
      level,
      from: `${year}-${pad(month)}-01`,
      to: lastDayOfMonth(year, month),
    };
  }
  if (level === "quarter") {
    const quarter = Math.ceil(month / 3);
    const first = quarter * 3 - 2;
    return {
      id: `Q:${year}-${quarter}`,
      level,
      from: `${year}-${pad(first)}-01`,
      to: lastDayOfMonth(year, first + 2),
    };
  }
  const dekad = date <= 10 ? 1 : date <= 20 ? 2 : 3;
  const start = `${year}-${pad(month)}-${pad(dekad * 10 - 9)}`;
  const end = dekad === 3 ? lastDayOfMonth(year, month) : `${year}-${pad(month)}-${pad(dekad * 10)}`;
  return { id: `T:${year}-${pad(month)}-${dekad}`, level, from: start, to: end };
}

/** The block an id names (the inverse of `blockOf(...).id`), or null for text that names none. */
export function blockOfId(id: string): Block | null {
  const match = /^(?:D:(\d{4}-\d{2}-\d{2})|T:(\d{4}-\d{2})-([123])|M:(\d{4}-\d{2})|Q:(\d{4})-([1-4]))$/.exec(
    id,
  );
  if (match === null) return null;
  const [, day, dekadMonth, dekad, month, year, quarter] = match;
  const first = day ?? `${dekadMonth ?? month ?? `${year}-01`}-01`;
  if (!isIsoDate(first)) return null;
  const block =
    day !== undefined
      ? blockOf("day", day)
      : dekadMonth !== undefined
        ? blockOf("dekad", `${dekadMonth}-${pad(Number(dekad) * 10 - 9)}`)
        : month !== undefined
          ? blockOf("month", `${month}-01`)
          : blockOf("quarter", `${year}-${pad(Number(quarter) * 3 - 2)}-01`);
  return block.id === id ? block : null;
}

/** Coarsest first: the greedy split tries the biggest block that fits. */
const LEVELS: readonly BlockLevel[] = ["quarter", "month", "dekad", "day"];

/**
 * Splits an inclusive period into whole blocks, biggest first: a 30-day period is about a dozen
 * blocks, a 366-day one about twenty. Empty when `from` is after `to`.
 */
export function splitPeriod(from: string, to: string): Block[] {
  const blocks: Block[] = [];
  let cursor = from;
  while (cursor <= to) {
    const block = LEVELS.map((level) => blockOf(level, cursor)).find(
      (candidate) => candidate.from === cursor && candidate.to <= to,
    );
    // The day block always fits, so the find never fails.
    const chosen = block ?? blockOf("day", cursor);
    blocks.push(chosen);
    cursor = addDays(chosen.to, 1);
  }
  return blocks;
}

/** The next finer blocks that make up a block exactly (a day has none). */
export function childrenOf(block: Block): Block[] {
  if (block.level === "day") return [];
  const finer: BlockLevel = block.level === "quarter" ? "month" : block.level === "month" ? "dekad" : "day";
  const children: Block[] = [];
  for (let cursor = block.from; cursor <= block.to; ) {
    const child = blockOf(finer, cursor);
    children.push(child);
    cursor = addDays(child.to, 1);
  }
  return children;
}

/** The coarser blocks a day belongs to that end on that day: what closing the day completes. */
export function blocksEndingOn(day: string): Block[] {
  return (["dekad", "month", "quarter"] as const)
    .map((level) => blockOf(level, day))
    .filter((b) => b.to === day);
}

/** Every coarser block (dekad, month, quarter) that holds a day, finest first. */
export function blocksHolding(day: string): Block[] {
  return (["dekad", "month", "quarter"] as const).map((level) => blockOf(level, day));
}
