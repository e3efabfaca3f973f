import type { Texts } from "#web/i18n/lang";
import type { Preset } from "./period.ts";

export const DASHBOARD_TEXTS: Texts<{
  title: string;
  signOut: string;
  period: string;
  presets: Record<Preset, string>;
  province: string;
  national: string;
  loading: string;
  total: string;
  qr: string;
  rate: string;
  target: (percent: string) => string;
  belowTarget: string;
  noQr: string;
  noCheckins: string;
  flagged: (count: string) => string;
  rateChart: string;
  rateChartNote: string;
  rateChartProvinces: string;
  rateChartProvincesNote: string;
  loadingFacilities: string;
  trendChart: string;
  atOrAbove: string;
  below: string;
  targetLine: string;
  dailyRate: string;
  day: string;
  facility: string;
  facilities: string;
  provinces: string;
  csv: string;
  columns: {
    rank: string;
    name: string;
    code: string;
    province: string;
    facilities: string;
    total: string;
    qr: string;
    rate: string;
  };
  rankOf: (rank: number, of: number) => string;
  legendBelow: string;
  legendNoQr: string;
  none: string;
  empty: string;
  more: (count: number) => string;
}> = {
  vi: {
    title: "Tỷ lệ tiếp đón bằng QR căn cước",
    signOut: "Đăng xuất",
    period: "Thời gian",
    presets: { today: "Hôm nay", "7d": "7 ngày", "30d": "30 ngày", quarter: "Quý này", year: "1 năm" },
    province: "Tỉnh, thành phố",
    national: "Toàn quốc",
    loading: "Đang tải báo cáo…",
    total: "Lượt KCB BHYT",
    qr: "Lượt quét QR",
    rate: "Tỷ lệ quét QR",
    target: (percent) => `Mục tiêu ${percent}`,
    belowTarget: "Cơ sở dưới mục tiêu",
    noQr: "Cơ sở chưa quét QR",
    noCheckins: "Cơ sở không có lượt nào",
    flagged: (count) =>
      `${count} lượt có giờ quét không hợp lý (đồng hồ máy chạy trước, hoặc gửi sau hơn 72 giờ): tính vào ngày máy chủ nhận được.`,
    rateChart: "Tỷ lệ quét QR theo cơ sở, so với mục tiêu",
    rateChartNote: "Mỗi cột là một cơ sở, xếp theo thứ hạng.",
    rateChartProvinces: "Tỷ lệ quét QR theo tỉnh, thành phố, so với mục tiêu",
    rateChartProvincesNote:
      "Mỗi cột là một tỉnh, thành phố, xếp theo thứ hạng; chọn một tỉnh để xem từng cơ sở.",
    loadingFacilities: "Đang tải xếp hạng cơ sở…",
    trendChart: "Tỷ lệ quét QR theo ngày",
    atOrAbove: "Đạt mục tiêu",
    below: "Dưới mục tiêu",
    targetLine: "Mục tiêu",
    dailyRate: "Tỷ lệ trong ngày",
    day: "Ngày",
    facility: "Cơ sở",
    facilities: "Xếp hạng cơ sở KCB",
    provinces: "Xếp hạng tỉnh, thành phố",
    csv: "Tải CSV",
    columns: {
      rank: "Hạng",
      name: "Tên",
      code: "Mã",
      province: "Tỉnh, thành phố",
      facilities: "Số cơ sở",
      total: "Lượt KCB",
      qr: "Lượt QR",
      rate: "Tỷ lệ QR",
    },
    rankOf: (rank, of) => `${rank} / ${of}`,
    legendBelow: "Dưới mục tiêu",
    legendNoQr: "Không có lượt quét QR",
    none: "Không có",
    empty: "Không có lượt tiếp đón nào trong thời gian này.",
    more: (count) => `và ${count} cơ sở khác`,
  },
  en: {
    title: "Check-ins by ID card QR",
    signOut: "Sign out",
    period: "Period",
    presets: { today: "Today", "7d": "7 days", "30d": "30 days", quarter: "This quarter", year: "1 year" },
    province: "Province",
    national: "Whole country",
    loading: "Loading the report…",
    total: "Insured visits",
    qr: "QR check-ins",
    rate: "QR-scan rate",
    target: (percent) => `Target ${percent}`,
    belowTarget: "Facilities below target",
    noQr: "Facilities with no QR check-in",
    noCheckins: "Facilities with no check-ins",
    flagged: (count) =>
      `${count} check-ins had an implausible scan time (a device clock ahead, or sent more than 72 hours later): counted on the day they arrived.`,
    rateChart: "QR-scan rate by facility, against the target",
    rateChartNote: "Each bar is a facility, in rank order.",
    rateChartProvinces: "QR-scan rate by province, against the target",
    rateChartProvincesNote: "Each bar is a province, in rank order; pick a province to see its facilities.",
    loadingFacilities: "Loading the facility ranking…",
    trendChart: "QR-scan rate by day",
    atOrAbove: "At or above target",
    below: "Below target",
    targetLine: "Target",
    dailyRate: "Rate of the day",
    day: "Day",
    facility: "Facility",
    facilities: "Facility ranking",
    provinces: "Province ranking",
    csv: "Download CSV",
    columns: {
      rank: "Rank",
      name: "Name",
      code: "Code",
      province: "Province",
      facilities: "Facilities",
      total: "Visits",
      qr: "QR",
      rate: "QR rate",
    },
    rankOf: (rank, of) => `${rank} / ${of}`,
    legendBelow: "Below target",
    legendNoQr: "No QR check-in",
    none: "None",
    empty: "No check-ins in this period.",
    more: (count) => `and ${count} more`,
  },
};
