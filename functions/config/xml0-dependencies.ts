/**
 * The XML0 sender's wiring, apart from the other handlers' so that only the sender's bundle
 * carries the XML signature library and its parser.
 */
import { makeSigV4Fetch } from "#functions/gateway/sigv4-fetch";
import { makeXml0Sender, type Xml0Sender } from "#functions/gateway/xml0-sender";
import { makeXml0OutboxStore } from "#functions/stores/xml0-outbox-store";
import { dynamoClients } from "./aws-clients.ts";
import { facilityAccounts } from "./dependencies.ts";
import { once, readConfig, requireEnv } from "./env.ts";
import { withGatewayBaseUrl } from "./gateway-base-url.ts";
import { xml0SenderSettingsSchema } from "./settings.ts";

/**
 * The XML0 sender of this container: the outbox in the check-ins table, and each facility's
 * account and certificate, else the install's own (its XML0s wait while either is missing). One per container, so token
 * pairs are cached per account across passes.
 */
export const xml0Sender = /* @__PURE__ */ once(async (): Promise<Xml0Sender> => {
  const settings = readConfig(xml0SenderSettingsSchema, withGatewayBaseUrl(process.env));
  const accounts = await facilityAccounts();
  const installCertificate =
    settings.GATEWAY_SIGNING_KEY_PEM === undefined || settings.GATEWAY_SIGNING_CERTIFICATE_PEM === undefined
      ? null
      : {
          privateKeyPem: settings.GATEWAY_SIGNING_KEY_PEM,
          certificatePem: settings.GATEWAY_SIGNING_CERTIFICATE_PEM,
        };
  return makeXml0Sender({
    baseUrl: settings.GATEWAY_BASE_URL,
    ...(settings.GATEWAY_AUTH === "iam"
      ? { fetch: makeSigV4Fetch({ region: requireEnv("AWS_REGION") }) }
      : {}),
    timeoutMs: settings.GATEWAY_TIMEOUT_MS,
    batchSize: settings.XML0_BATCH_SIZE,
    outbox: makeXml0OutboxStore(dynamoClients().doc, { checkinsTable: settings.CHECKINS_TABLE }),
    credentialsOf: async (facility) => {
      const [account, certificate] = await Promise.all([
        accounts.accountOf(facility),
        accounts.certificateOf(facility).then((own) => own ?? installCertificate),
      ]);
      return account === null || certificate === null ? null : { ...account, certificate };
    },
  });
});
