/**
 * The outbox sealed at rest: each waiting check-in's body is encrypted with AES-GCM under a key
 * of its facility that the page can use but never read out (non-extractable), bound to its
 * facility and item key, and the person tag is an HMAC under a second such key. Someone who copies
 * the browser's files finds ciphertext and tags that cannot be tested against guessed ID numbers.
 */
import * as z from "zod";

/** The two keys of one facility on this browser. */
export interface FacilityKeys {
  readonly facility: string;
  readonly seal: CryptoKey;
  readonly tag: CryptoKey;
}

/** A sealed body as stored: format version, 96-bit nonce and ciphertext with its GCM tag, base64. */
export const sealedSchema = z.object({
  v: z.literal(1),
  iv: z.string().min(1),
  ct: z.string().min(1),
});
export type Sealed = z.infer<typeof sealedSchema>;

/** Why a stored item cannot be opened: it was changed, moved or its key is gone. */
export type SealProblem = "bad-ciphertext" | "bad-tag" | "bad-shape" | "no-key";

export type Opened<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: SealProblem };

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(new ArrayBuffer(binary.length));
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

const encode = (text: string) => new TextEncoder().encode(text);

/** What the ciphertext is bound to: an item copied to another facility or key does not open. */
const boundTo = (facility: string, itemKey: string) => encode(`tiepdon-outbox\n${facility}\n${itemKey}`);

/** New keys for a facility: usable for sealing and tagging, never exportable. */
export async function newFacilityKeys(facility: string): Promise<FacilityKeys> {
  const seal = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
  const tag = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  return { facility, seal, tag };
}

/** Seals a value (JSON) for one item of the keys' facility. */
export async function sealValue(keys: FacilityKeys, itemKey: string, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: boundTo(keys.facility, itemKey) },
    keys.seal,
    encode(JSON.stringify(value)),
  );
  return { v: 1, iv: toBase64(iv), ct: toBase64(new Uint8Array(ciphertext)) };
}

/** Opens a sealed value and checks its shape; a changed, moved or truncated item is refused. */
export async function openValue<T>(
  keys: FacilityKeys,
  itemKey: string,
  stored: unknown,
  schema: z.ZodType<T>,
): Promise<Opened<T>> {
  const sealed = sealedSchema.safeParse(stored);
  if (!sealed.success) return { ok: false, problem: "bad-shape" };
  const iv = fromBase64(sealed.data.iv);
  const ct = fromBase64(sealed.data.ct);
  if (iv === null || ct === null || iv.length !== 12) return { ok: false, problem: "bad-shape" };
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv, additionalData: boundTo(keys.facility, itemKey) },
      keys.seal,
      ct,
    );
  } catch {
    // GCM's authentication failed: the ciphertext, nonce or binding was changed.
    return { ok: false, problem: "bad-ciphertext" };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(plain));
  } catch {
    return { ok: false, problem: "bad-shape" };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: "bad-shape" };
}

/** The person tag: an HMAC of the person's key under the facility's tag key, base64url. */
export async function personTagWith(keys: FacilityKeys, personKey: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", keys.tag, encode(`person\n${personKey}`)));
  return toBase64(mac).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
