import { OneShotTimer } from "./one-shot-timer.ts";

/** Re-checks of check-ins that reached the server as pending (the gateway was down): after 3 s, 10 s… */
const RECHECK_DELAYS_MS = [3_000, 10_000, 30_000, 60_000, 120_000, 300_000];

export interface RecheckDeps {
  /** The current ID token, or null when the sign-in is over. */
  token(): string | null;
  /** Asks the gateway again for the facility's pending check-ins. */
  recheck(token: string): Promise<{ stillPending: number }>;
  /** Told after each answered re-check, so the list on screen is read again. */
  onRechecked(): void;
}

/** Asks the gateway again for check-ins that arrived pending, backing off while some stay pending. */
export class PendingRechecks {
  private readonly timer = new OneShotTimer();
  private stopped = false;

  constructor(private readonly deps: RecheckDeps) {}

  /** Starts the rounds again from the first delay. */
  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.timer.clear();
  }

  private schedule(round: number): void {
    const delay = RECHECK_DELAYS_MS[round];
    if (delay === undefined || this.stopped) return;
    this.timer.set(delay, () => void this.run(round));
  }

  private async run(round: number): Promise<void> {
    const token = this.deps.token();
    if (token === null) return;
    try {
      const summary = await this.deps.recheck(token);
      this.deps.onRechecked();
      if (summary.stillPending > 0) this.schedule(round + 1);
    } catch {
      this.schedule(round + 1);
    }
  }
}
