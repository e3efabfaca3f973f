import { useEffect, useReducer } from "preact/hooks";

/** The two languages of the pages: Vietnamese first, English on request. */
export type Lang = "vi" | "en";

/** A text table with the same shape in both languages. */
export interface Texts<T> {
  readonly vi: T;
  readonly en: T;
}

const STORAGE_KEY = "tiepdon.lang";
const listeners = new Set<() => void>();

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

let current: Lang = readStoredLang();

/** The language in use now. */
export function currentLang(): Lang {
  return current;
}

/** Switches the language on every mounted component and remembers it for the next visit. */
export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode may refuse storage; the switch still works for this visit.
  }
  for (const listener of listeners) listener();
}

/** Re-renders the component when the language changes; returns the language. */
export function useLang(): Lang {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const listener = () => bump(undefined);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return current;
}

/** The current language's half of a text table, re-rendering on a switch. */
export function useTexts<T>(table: Texts<T>): T {
  return table[useLang()];
}

document.documentElement.lang = current;
