/**
 * Runs one asynchronous job at a time. A request while the job runs is remembered, and once the
 * job ends `rerun` is called once for all such requests.
 */
export class SerialRunner {
  private running = false;
  private again = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly rerun: () => void,
  ) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.job().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.rerun();
      }
    });
  }
}
