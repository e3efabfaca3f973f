/**
 * Where a facility's gateway secrets (its password, its signing key) are sealed and opened: with
 * the install's key locally, with KMS in AWS. Either way the facility's code is bound in, so a
 * sealed value copied to another facility's record does not open.
 */
import { openFacilityText, sealFacilityText } from "./facility-secret-seal.ts";

/** Seals and opens one facility's secret texts. */
export interface FacilitySecretBox {
  seal(facilityCode: string, text: string): Promise<string>;
  open(facilityCode: string, sealed: string): Promise<string>;
}

/** The local box: AES-256-GCM under the install's 32-byte key, the facility's code as associated data. */
export function makeLocalSecretBox(key: Uint8Array): FacilitySecretBox {
  return {
    seal: async (facilityCode, text) => sealFacilityText(key, facilityCode, text),
    open: async (facilityCode, sealed) => openFacilityText(key, facilityCode, sealed),
  };
}
