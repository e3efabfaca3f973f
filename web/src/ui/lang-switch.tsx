import { setLang, useLang } from "#web/i18n/lang";

/** Vietnamese / English switch; the choice is remembered. */
export function LangSwitch() {
  const lang = useLang();
  return (
    <fieldset class="lang-switch">
      <legend class="visually-hidden">{lang === "vi" ? "Ngôn ngữ" : "Language"}</legend>
      <button type="button" aria-pressed={lang === "vi"} onClick={() => setLang("vi")} lang="vi">
        Tiếng Việt
      </button>
      <button type="button" aria-pressed={lang === "en"} onClick={() => setLang("en")} lang="en">
        English
      </button>
    </fieldset>
  );
}
