/**
 * Search by facility name or code as people type it: without tones or with them, in any case,
 * "tram y te tan phu" finds "Trạm Y tế xã Tân Phú", "01003" finds the facility with that code.
 */
import { foldText } from "#domain/names";

/** A matcher for a query: every word of it must appear in the folded text; an empty query matches all. */
export function matcherOf(query: string): (folded: string) => boolean {
  const words = foldText(query)
    .split(" ")
    .filter((word) => word !== "");
  if (words.length === 0) return () => true;
  return (folded) => words.every((word) => folded.includes(word));
}
