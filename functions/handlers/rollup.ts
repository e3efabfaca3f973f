import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { dynamoClients } from "#functions/config/aws-clients";
import { readConfig } from "#functions/config/env";
import { rollupSettingsSchema } from "#functions/config/settings";
import { makeLogger } from "#functions/http/logger";
import { rollUpCounters } from "#functions/services/counter-rollup";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeRollupStore } from "#functions/stores/rollup-store";

const logger = makeLogger("rollup");
const settings = readConfig(rollupSettingsSchema);
const { doc } = dynamoClients();
const table = { countersTable: settings.COUNTERS_TABLE, counterShards: settings.COUNTER_SHARDS };
const deps = {
  counters: makeCounterStore(doc, table),
  rollups: makeRollupStore(doc, table),
  provinces: oldProvinces().map((province) => numberOfOldCode(province.code)),
  now: () => new Date(),
};

/** Scheduled: closes the days that are over into roll-up blocks and rebuilds the stale ones. */
export const handler = async () => {
  // A bounded batch of days per run: the state moves a dekad at a time, so the next run resumes.
  const summary = await rollUpCounters(deps, { maxDays: 30 });
  logger.info("rollup run", { ...summary });
  return summary;
};
