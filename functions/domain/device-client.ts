/**
 * The unattended devices' app client (kiosk, waiting-room screen) signs in device accounts only:
 * its refresh tokens last for weeks and stay in the device's browser, so a staff account signed in
 * there would stay signed in, unattended, in front of patients.
 */
import { ERROR_CODE, ForbiddenError } from "./errors.ts";
import type { Role } from "./roles.ts";

/** The name of the devices' app client in the Cognito pool; its id is known only once deployed. */
export const DEVICE_CLIENT_NAME = "tiepdon-device";

/** The only role the devices' client may sign in. */
export const DEVICE_ROLE: Role = "kiosk";

/** The refusal of a staff account on the devices' client, at sign-in and at the API alike. */
export const deviceAccountRequired = () =>
  new ForbiddenError(ERROR_CODE.DEVICE_ACCOUNT_REQUIRED, {
    vi: "Máy ki-ốt và màn hình phòng chờ chỉ đăng nhập bằng tài khoản thiết bị; nhân viên hãy dùng trang của mình.",
    en: "Kiosks and waiting-room screens sign in with a device account only; staff use their own page.",
  });
