/**
 * The demo facilities' kiosk clerks: a kiosk checks cards under the clerk its facility names, so
 * each demo facility names one the gateway stand-in has registered (its own kiosk desk clerk).
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { putAllItems } from "#functions/stores/batch-write";

/** The clerk each demo facility names for its kiosks and the re-check schedule. */
export const DEMO_KIOSK_CLERK = REGISTERED_CLERKS[2] ?? { name: "Lê Thị Thu Ngân", id: "079192000003" };

/** Names the demo kiosk clerk for each facility, in the facilities' gateway-accounts items. */
export async function seedKioskClerks(
  doc: DynamoDBDocumentClient,
  tableName: string,
  codes: readonly string[],
): Promise<void> {
  await putAllItems(
    doc,
    tableName,
    codes.map((code) => ({ code, kioskClerk: { name: DEMO_KIOSK_CLERK.name, id: DEMO_KIOSK_CLERK.id } })),
  );
}
