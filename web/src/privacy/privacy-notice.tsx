import { useTexts } from "#web/i18n/lang";
import { type NoticePage, PRIVACY_NOTICE } from "./privacy-notice-texts.ts";

/** The page's privacy notice, folded under its title so it never hides the work. */
export function PrivacyNotice(props: { readonly page: NoticePage }) {
  const notice = useTexts(PRIVACY_NOTICE)[props.page];
  return (
    <details class="privacy-notice" data-testid="privacy-notice">
      <summary>{notice.title}</summary>
      {notice.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </details>
  );
}
