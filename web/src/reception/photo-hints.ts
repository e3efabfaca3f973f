import type { PhotoHint, PhotoPart } from "#web/qr-decoder/decode-photo";

const PARTS: Record<PhotoPart, { vi: string; en: string }> = {
  "top-left": { vi: "góc trên bên trái", en: "top left corner" },
  top: { vi: "cạnh trên", en: "top edge" },
  "top-right": { vi: "góc trên bên phải", en: "top right corner" },
  left: { vi: "cạnh trái", en: "left edge" },
  centre: { vi: "giữa ảnh", en: "middle" },
  right: { vi: "cạnh phải", en: "right edge" },
  "bottom-left": { vi: "góc dưới bên trái", en: "bottom left corner" },
  bottom: { vi: "cạnh dưới", en: "bottom edge" },
  "bottom-right": { vi: "góc dưới bên phải", en: "bottom right corner" },
};

/** What the receptionist is told to retake when a photo of the card could not be read. */
export function photoHintMessages(hint: PhotoHint | null): { vi: string; en: string } {
  if (hint === null || hint.kind === "no-code") {
    return {
      vi: "Không tìm thấy mã QR trong ảnh. Chụp lại mặt trước thẻ, mã QR rõ nét và chiếm khoảng một phần ba ảnh, hoặc nhập số.",
      en: "No QR code found in the photo. Photograph the front of the card again, the QR code sharp and about a third of the photo, or type the number.",
    };
  }
  const part = PARTS[hint.part];
  switch (hint.kind) {
    case "cut-off":
      return {
        vi: `Mã QR bị cắt ở ${part.vi} của ảnh. Chụp lại cho cả mã QR nằm trong ảnh.`,
        en: `The QR code is cut off at the photo's ${part.en}. Take it again with the whole code inside the photo.`,
      };
    case "too-small":
      return {
        vi: `Mã QR ở ${part.vi} của ảnh quá nhỏ. Chụp lại gần hơn.`,
        en: `The QR code at the photo's ${part.en} is too small. Take it again from closer.`,
      };
    case "unreadable":
      return {
        vi: `Thấy mã QR ở ${part.vi} của ảnh nhưng không đọc được (mờ, lóa hoặc gấp). Chụp lại rõ nét, tránh ánh đèn phản chiếu.`,
        en: `A QR code shows at the photo's ${part.en} but cannot be read (blurred, glare or a fold). Take it again sharp, without reflections.`,
      };
  }
}
