/**
 * The demo facilities' gateway items: each names the clerk its kiosks (and the re-check schedule)
 * check cards under, one the gateway stand-in has registered, and each but the demo facility holds
 * its own account (`<code>_BV`, as the stand-in knows it), sealed with the install's key. The demo
 * facility checks under the install's configured account, so `npm start` pointed at another
 * gateway works for it from the environment.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { INSTALL_ACCOUNT_FACILITY } from "#functions/config/gateway-account";
import type { FacilitySecretBox } from "#functions/gateway/facility-secret-box";
import { REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { demoFacilityAccount } from "#functions/gateway-mock/demo-accounts";
import { putAllItems } from "#functions/stores/batch-write";

/** The clerk each demo facility names for its kiosks and the re-check schedule. */
export const DEMO_KIOSK_CLERK = REGISTERED_CLERKS[2] ?? { name: "Lê Thị Thu Ngân", id: "079192000003" };

/** Writes each demo facility's gateway item: its kiosk clerk and, but for the demo facility, its account. */
export async function seedGatewayAccounts(
  doc: DynamoDBDocumentClient,
  tableName: string,
  codes: readonly string[],
  box: FacilitySecretBox,
  now: Date,
): Promise<void> {
  const items = await Promise.all(
    codes.map(async (code) => {
      const kioskClerk = { name: DEMO_KIOSK_CLERK.name, id: DEMO_KIOSK_CLERK.id };
      if (code === INSTALL_ACCOUNT_FACILITY) return { code, kioskClerk };
      const account = demoFacilityAccount(code);
      return {
        code,
        kioskClerk,
        username: account.username,
        sealedPassword: await box.seal(code, account.password),
        accountChangedAt: now.toISOString(),
      };
    }),
  );
  await putAllItems(doc, tableName, items);
}
