/** Vietnamese names and addresses: normalising, spotting scanner damage, and comparing. */

// Letters a Vietnamese name or address can carry once in NFC: ASCII plus the Vietnamese accented set.
const VIETNAMESE_LETTER = "A-Za-zÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư\u1EA0-\u1EF9";
// Ethnic-minority names use apostrophes and hyphens (H'Hen Niê); initials use a dot.
const NAME_TEXT = new RegExp(`^[${VIETNAMESE_LETTER} '’.-]*$`);
const ADDRESS_TEXT = new RegExp(`^[${VIETNAMESE_LETTER}0-9 '’.,/\\-–()#&+:;"_]*$`);

/** NFC with whitespace runs collapsed and the ends trimmed: the form names are stored in. */
export function normalizeText(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * Lower case without any diacritic (đ becomes d), single spaces: "Nguyễn Văn An" → "nguyen van an".
 * The form names are compared in and searches match on.
 */
export function foldText(text: string): string {
  return normalizeText(
    normalizeText(text).normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase(),
  );
}

/** True when the text carries at least one Vietnamese diacritic. */
function hasDiacritics(text: string): boolean {
  const nfd = text.normalize("NFD");
  return /[\u0300-\u036FđĐ]/.test(nfd);
}

/**
 * True when a name could not have been printed on a card: a `?` or U+FFFD where a letter was,
 * mojibake such as "NguyÃªn", stray combining marks or legacy-font bytes. A name simply typed
 * without diacritics is NOT garbled.
 */
export function isGarbledName(text: string): boolean {
  return !NAME_TEXT.test(normalizeText(text));
}

/** The same check for an address, which may also carry digits and punctuation. */
export function isGarbledAddress(text: string): boolean {
  return !ADDRESS_TEXT.test(normalizeText(text));
}

/** How two spellings of a person's name relate, in the national gateway's terms. */
export type NameMatch = "same" | "same-first-letter" | "different";

/**
 * Compares two names ignoring case and Unicode form. When either side carries no diacritic at
 * all (typed without them, or an ASCII-only source) diacritics are ignored too; when both carry
 * them they must agree, because "Nhung" and "Nhụng" are different names.
 */
export function compareNames(first: string, second: string): NameMatch {
  const a = normalizeText(first).toLowerCase();
  const b = normalizeText(second).toLowerCase();
  const ignoreMarks = !hasDiacritics(a) || !hasDiacritics(b);
  const keyA = ignoreMarks ? foldText(a) : a;
  const keyB = ignoreMarks ? foldText(b) : b;
  if (keyA === keyB) return "same";
  const initialA = Array.from(keyA)[0];
  return initialA !== undefined && initialA === Array.from(keyB)[0] ? "same-first-letter" : "different";
}

/**
 * A name shown on a public screen: the family name, then only the initials ("Nguyễn Văn An" →
 * "Nguyễn V. A."), enough for a patient to know the answer is theirs, too little to identify them.
 */
export function maskedName(name: string): string {
  const [family, ...rest] = name.trim().split(/\s+/);
  return [family ?? "", ...rest.map((word) => `${[...word][0] ?? ""}.`)].join(" ").trim();
}
