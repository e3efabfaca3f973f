/** A timer that holds at most one pending call: setting it again replaces the earlier one. */
export class OneShotTimer {
  private handle: ReturnType<typeof setTimeout> | null = null;

  set(delayMs: number, run: () => void): void {
    this.clear();
    this.handle = setTimeout(() => {
      this.handle = null;
      run();
    }, delayMs);
  }

  clear(): void {
    if (this.handle !== null) clearTimeout(this.handle);
    this.handle = null;
  }
}
