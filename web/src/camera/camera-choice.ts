/** The camera the counter picked last time, so the page opens the same one tomorrow. */

const STORAGE_KEY = "tiepdon.cameraId";

export function rememberedCamera(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function rememberCamera(deviceId: string | null): void {
  try {
    if (deviceId === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, deviceId);
  } catch {
    // Without storage the picker still works; it just forgets.
  }
}
