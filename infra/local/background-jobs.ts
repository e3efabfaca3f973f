import { FUNCTION_ENTRIES } from "#infra/routes";
import { importHandler } from "./function-handlers.ts";

export interface JobTimers {
  /** Re-check pending check-ins on a timer (ms); 0 or absent disables it. */
  readonly reverifyEveryMs?: number;
  /** Roll the counters up on a timer (ms), once at once; 0 or absent disables it. */
  readonly rollupEveryMs?: number;
  /** Send the waiting XML0s on a timer (ms); 0 or absent disables it. */
  readonly xml0EveryMs?: number;
}

/**
 * Starts the functions the stack schedules in AWS, adding each timer to `timers` as soon
 * as it runs so that a failure further on still stops it.
 */
export async function startBackgroundJobs(
  every: JobTimers,
  timers: NodeJS.Timeout[],
  log: (line: string) => void,
): Promise<void> {
  if ((every.reverifyEveryMs ?? 0) > 0) {
    const reverify = await importHandler(FUNCTION_ENTRIES.reverify);
    timers.push(
      setInterval(() => {
        reverify({} as never, {} as never).catch(() => undefined);
      }, every.reverifyEveryMs).unref(),
    );
  }
  if ((every.rollupEveryMs ?? 0) > 0) {
    const rollup = await importHandler(FUNCTION_ENTRIES.rollup);
    let running = false;
    const run = () => {
      if (running) return;
      running = true;
      rollup({} as never, {} as never)
        .catch((error: unknown) =>
          log(`roll-up failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          running = false;
        });
    };
    run();
    timers.push(setInterval(run, every.rollupEveryMs).unref());
  }
  if ((every.xml0EveryMs ?? 0) > 0) {
    const send = await importHandler(FUNCTION_ENTRIES["xml0-send"]);
    timers.push(
      setInterval(
        withoutOverlap(() => send({} as never, {} as never), "XML0 pass", log),
        every.xml0EveryMs,
      ).unref(),
    );
  }
}

/** A job that skips a tick while its previous run is still going, and logs a failure instead of throwing. */
function withoutOverlap(job: () => Promise<unknown>, what: string, log: (line: string) => void): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    job()
      .catch((error: unknown) =>
        log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = false;
      });
  };
}
