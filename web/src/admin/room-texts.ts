import type { Texts } from "#web/i18n/lang";

/** The words of the admin page's rooms panel. */
export const ROOM_TEXTS: Texts<{
  rooms: string;
  facility: string;
  slug: string;
  slugHint: string;
  number: string;
  name: string;
  serviceCode: string;
  serviceName: string;
  status: string;
  open: string;
  closed: string;
  closedReason: string;
  edit: string;
  openRoom: string;
  closeRoom: string;
  addRoom: string;
  save: string;
  none: string;
  noFacility: string;
}> = {
  vi: {
    rooms: "Phòng khám",
    facility: "Cơ sở",
    slug: "Mã phòng",
    slugHint: "chữ thường, số và dấu gạch ngang, ví dụ noi-1",
    number: "Số phòng",
    name: "Tên phòng",
    serviceCode: "Mã dịch vụ khám (MA_DICH_VU)",
    serviceName: "Tên dịch vụ khám (TEN_DICH_VU)",
    status: "Trạng thái",
    open: "Đang mở",
    closed: "Đang đóng",
    closedReason: "Lý do đóng",
    edit: "Sửa",
    openRoom: "Mở phòng",
    closeRoom: "Đóng phòng",
    addRoom: "Thêm hoặc sửa phòng",
    save: "Lưu phòng",
    none: "Cơ sở này chưa có phòng khám.",
    noFacility: "Chưa có cơ sở nào.",
  },
  en: {
    rooms: "Exam rooms",
    facility: "Facility",
    slug: "Room id",
    slugHint: "lower-case letters, digits and hyphens, e.g. noi-1",
    number: "Room number",
    name: "Room name",
    serviceCode: "Exam service code (MA_DICH_VU)",
    serviceName: "Exam service name (TEN_DICH_VU)",
    status: "Status",
    open: "Open",
    closed: "Closed",
    closedReason: "Why closed",
    edit: "Edit",
    openRoom: "Open room",
    closeRoom: "Close room",
    addRoom: "Add or change a room",
    save: "Save room",
    none: "This facility has no exam rooms yet.",
    noFacility: "No facilities yet.",
  },
};
