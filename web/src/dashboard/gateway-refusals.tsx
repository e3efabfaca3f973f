/**
 * The facilities whose gateway account the gateway refused (a wrong or locked password): their
 * card checks wait, so the health department sees which ones to chase. Never a username or secret.
 */
import { useEffect, useState } from "preact/hooks";
import { type GatewayRefusalReport, gatewayRefusalReportSchema } from "#domain/gateway-account-contract";
import { requestJson } from "#web/api/client";
import { type Texts, useTexts } from "#web/i18n/lang";

const TEXTS: Texts<{
  title: string;
  none: string;
  refused: (code: string, at: string) => string;
}> = {
  vi: {
    title: "Cơ sở bị cổng BHXH từ chối tài khoản",
    none: "Không có cơ sở nào bị từ chối tài khoản.",
    refused: (code, at) => `mã ${code}, từ ${at}: chưa tra cứu được thẻ, quản trị viên cần nhập lại mật khẩu`,
  },
  en: {
    title: "Facilities whose gateway account is refused",
    none: "No facility's account is refused.",
    refused: (code, at) =>
      `code ${code}, since ${at}: cards wait; the administrator must enter the password again`,
  },
};

/** The refused accounts of the province (null: the whole country), read again when it changes. */
export function GatewayRefusals(props: { token: string; province: string | null }) {
  const t = useTexts(TEXTS);
  const [report, setReport] = useState<GatewayRefusalReport | null>(null);
  useEffect(() => {
    let current = true;
    const path =
      props.province === null
        ? "/api/reports/gateway-accounts"
        : `/api/reports/gateway-accounts?province=${encodeURIComponent(props.province)}`;
    requestJson({ method: "GET", path, token: props.token, retries: 1 }, gatewayRefusalReportSchema).then(
      (answer) => {
        if (current) setReport(answer);
      },
      // The ranking is the page's purpose: without this list it still shows.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [props.token, props.province]);
  if (report === null) return null;
  return (
    <section class="panel" aria-labelledby="gateway-refusals-title" data-testid="gateway-refusals">
      <h2 id="gateway-refusals-title">{t.title}</h2>
      {report.facilities.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul>
          {report.facilities.map((row) => (
            <li key={row.facility} data-facility={row.facility}>
              <strong>
                {row.name} ({row.facility})
              </strong>{" "}
              – {t.refused(row.refused.code, row.refused.at.slice(0, 16).replace("T", " "))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
