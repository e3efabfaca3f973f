import { randomUUID } from "node:crypto";
import { makeAuditTrail } from "#functions/privacy/audit-trail";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import { makeAuditStore } from "#functions/stores/audit-store";
import { makeLimitStore } from "#functions/stores/limit-store";
import { dynamoClients } from "./aws-clients.ts";
import { once, readConfig } from "./env.ts";
import { accessLimitsOf, auditSettingsSchema, limitSettingsSchema } from "./privacy-settings.ts";
import { loadSubjectKey } from "./subject-key.ts";

/** The limits of this container: the shared counters in DynamoDB and their numbers. */
export const accessGuard = once(() => {
  const settings = readConfig(limitSettingsSchema);
  return {
    limiter: makeLimitStore(dynamoClients().doc, settings.LIMITS_TABLE),
    limits: accessLimitsOf(settings),
    now: () => new Date(),
  };
});

/** The audit store of this container. */
export const auditStore = once(() => {
  const settings = readConfig(auditSettingsSchema);
  return makeAuditStore(dynamoClients().doc, {
    tableName: settings.AUDIT_TABLE,
    retentionDays: settings.AUDIT_RETENTION_DAYS,
    newId: randomUUID,
  });
});

/** The audit trail of this container, with the deployment's subject key loaded once at cold start. */
export const auditTrail = once(async () =>
  makeAuditTrail({
    store: auditStore(),
    hashSubject: makeSubjectHasher(await loadSubjectKey()),
    now: () => new Date(),
  }),
);
