import type { Texts } from "#web/i18n/lang";

export const DESK_SCREEN_TEXTS: Texts<{
  title: string;
  text: string;
  staff: string;
  back: string;
}> = {
  vi: {
    title: "Vui lòng đến quầy tiếp đón",
    text: "Máy này tạm thời chưa dùng được. Nhân viên ở quầy tiếp đón sẽ giúp bạn.",
    staff: "Dành cho nhân viên: giữ 3 giây để đăng nhập máy",
    back: "Quay lại màn hình cho người bệnh",
  },
  en: {
    title: "Please go to the reception desk",
    text: "This screen cannot be used right now. The reception staff will help you.",
    staff: "Staff only: hold for 3 seconds to sign this device in",
    back: "Back to the patients' screen",
  },
};
