/**
 * Search by facility name or code as people type it: without tones or with them, in any case,
 * "tram y te tan phu" finds "Trạm Y tế xã Tân Phú", "01003" finds the facility with that code.
 */

/** Text folded for matching: lower case, no diacritics (đ → d), single spaces. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** A matcher for a query: every word of it must appear in the folded text; an empty query matches all. */
export function matcherOf(query: string): (folded: string) => boolean {
  const words = foldText(query)
    .split(" ")
    .filter((word) => word !== "");
  if (words.length === 0) return () => true;
  return (folded) => words.every((word) => folded.includes(word));
}
