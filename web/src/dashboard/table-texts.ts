import type { Texts } from "#web/i18n/lang";

/** Texts of the paged tables: the search box, the pager, the full lists. */
export const TABLE_TEXTS: Texts<{
  search: string;
  searchHint: string;
  shown: (from: string, to: string, of: string) => string;
  noMatch: string;
  page: (page: string, pages: string) => string;
  first: string;
  previous: string;
  next: string;
  last: string;
  showAll: (count: string) => string;
  close: string;
  csvBusy: string;
}> = {
  vi: {
    search: "Tìm cơ sở",
    searchHint: "Tên hoặc mã, có dấu hay không dấu",
    shown: (from, to, of) => `${from}–${to} trong ${of}`,
    noMatch: "Không có cơ sở nào khớp.",
    page: (page, pages) => `Trang ${page} / ${pages}`,
    first: "Trang đầu",
    previous: "Trước",
    next: "Sau",
    last: "Trang cuối",
    showAll: (count) => `Xem tất cả ${count}`,
    close: "Thu gọn",
    csvBusy: "Đang tải CSV…",
  },
  en: {
    search: "Find a facility",
    searchHint: "Name or code, with or without tones",
    shown: (from, to, of) => `${from}–${to} of ${of}`,
    noMatch: "No facility matches.",
    page: (page, pages) => `Page ${page} of ${pages}`,
    first: "First page",
    previous: "Previous",
    next: "Next",
    last: "Last page",
    showAll: (count) => `Show all ${count}`,
    close: "Show fewer",
    csvBusy: "Downloading CSV…",
  },
};
