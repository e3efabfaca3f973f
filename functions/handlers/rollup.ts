import { rollupDeps } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { rollUpCounters } from "#functions/services/counter-rollup";

const logger = makeLogger("rollup");
const deps = rollupDeps();

/** Scheduled: closes the days that are over into roll-up blocks and rebuilds the stale ones. */
export const handler = async () => {
  // A bounded batch of days per run: the state moves a dekad at a time, so the next run resumes.
  const summary = await rollUpCounters(deps, { maxDays: 30 });
  logger.info("rollup run", { ...summary });
  return summary;
};
