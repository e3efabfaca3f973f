import { useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { SubjectErase } from "#domain/subject-contract";
import { type Texts, useLang, useTexts } from "#web/i18n/lang";
import { eraseSubject, messagesOfAdmin, searchSubject } from "./admin-api.ts";

const SUBJECT_TEXTS: Texts<{
  title: string;
  intro: string;
  idNumber: string;
  export: string;
  erase: string;
  confirmErase: string;
  found: (visits: number) => string;
  nothing: string;
}> = {
  vi: {
    title: "Yêu cầu của chủ thể dữ liệu",
    intro:
      "Tìm mọi dữ liệu về một số định danh trong phạm vi quản lý (tải về JSON), hoặc xoá chúng. Mỗi yêu cầu được ghi vào nhật ký truy cập.",
    idNumber: "Số định danh (12 số)",
    export: "Tìm và tải về",
    erase: "Xoá dữ liệu",
    confirmErase: "Bấm lần nữa để xoá hẳn",
    found: (n) => `Có ${n} lượt khám; đã tải tệp JSON.`,
    nothing: "Không có dữ liệu nào về số định danh này trong phạm vi quản lý của bạn.",
  },
  en: {
    title: "A data subject's request",
    intro:
      "Find everything held about one ID number within your provinces (download as JSON), or erase it. Each request is recorded in the audit trail.",
    idNumber: "ID number (12 digits)",
    export: "Find and download",
    erase: "Erase",
    confirmErase: "Click again to erase for good",
    found: (n) => `${n} visits held; the JSON file was downloaded.`,
    nothing: "Nothing is held about this ID number within your provinces.",
  },
};

function download(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** A small panel: an ID number, "find and download" and "erase" (asked twice). */
export function SubjectPanel({ token }: { token: string }) {
  const lang = useLang();
  const t = useTexts(SUBJECT_TEXTS);
  const [idNumber, setIdNumber] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  const run = async (action: () => Promise<string>) => {
    setError(null);
    try {
      setResult(await action());
    } catch (caught: unknown) {
      setError(messagesOfAdmin(caught).messages);
    }
  };
  const exportHeld = () =>
    run(async () => {
      const found = await searchSubject(token, idNumber);
      if (!found.held) return t.nothing;
      download("subject.json", found);
      return t.found(found.visits.length);
    });
  const erase = () => {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    void run(async () => {
      const erased: SubjectErase = await eraseSubject(token, idNumber);
      return lang === "vi" ? erased.message : erased.messageEn;
    });
  };
  return (
    <section class="admin-section" data-testid="subject-panel">
      <h2>{t.title}</h2>
      <p class="muted">{t.intro}</p>
      <label>
        {t.idNumber}{" "}
        <input
          inputMode="numeric"
          maxLength={12}
          value={idNumber}
          data-testid="subject-id"
          onInput={(event) => {
            setIdNumber(event.currentTarget.value.trim());
            setConfirming(false);
          }}
        />
      </label>{" "}
      <button type="button" data-testid="subject-export" onClick={() => void exportHeld()}>
        {t.export}
      </button>{" "}
      <button type="button" data-testid="subject-erase" onClick={erase}>
        {confirming ? t.confirmErase : t.erase}
      </button>
      {result === null ? null : <p data-testid="subject-result">{result}</p>}
      {error === null ? null : <p class="notice notice-error">{lang === "vi" ? error.vi : error.en}</p>}
    </section>
  );
}
