import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { snapshotAfter } from "#web/outbox/delivery-pass";
import type { Delivered } from "#web/outbox/outbox-records";
import { SnapshotStore } from "#web/outbox/outbox-state";
import { PendingRechecks } from "#web/outbox/pending-rechecks";
import type { PassResult } from "#web/outbox/sender";
import { SerialRunner } from "#web/outbox/serial-runner";

const sent = (status: Delivered["status"]): Delivered => ({
  checkinId: `c-${status}`,
  queueNumber: 7,
  queueSeries: "B",
  status,
  duplicate: false,
  timeFlag: null,
});

const pass = (change: Partial<PassResult>): PassResult => ({
  kind: "drained",
  until: null,
  delivered: [],
  reached: null,
  ...change,
});

describe("what the banner shows after a delivery pass", () => {
  const before = { ...new SnapshotStore().current(), offline: true, serverVersion: 4 };

  it("keeps what was known of the network when nothing was sent", () => {
    expect(snapshotAfter(pass({}), before, true)).toEqual({ offline: true, signInNeeded: false });
    expect(snapshotAfter(pass({}), { ...before, offline: false }, true).offline).toBe(false);
  });

  it("is online once the server answered, offline when it did not or the browser has no network", () => {
    expect(snapshotAfter(pass({ reached: true }), before, true).offline).toBe(false);
    expect(snapshotAfter(pass({ reached: false }), { ...before, offline: false }, true).offline).toBe(true);
    expect(snapshotAfter(pass({ reached: true }), before, false).offline).toBe(true);
  });

  it("asks for a sign-in, and reads the day's list again only when something was delivered", () => {
    expect(snapshotAfter(pass({ kind: "sign-in", reached: true }), before, true).signInNeeded).toBe(true);
    expect(snapshotAfter(pass({ reached: true }), before, true).serverVersion).toBeUndefined();
    expect(
      snapshotAfter(pass({ reached: true, delivered: [sent("covered")] }), before, true).serverVersion,
    ).toBe(5);
  });
});

describe("re-checks of visits that arrived pending", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("asks after 3 s, 10 s and 30 s while some stay pending, and refreshes the list after each answer", async () => {
    const asked: number[] = [];
    let refreshed = 0;
    const stillPending = [2, 1, 0];
    const rechecks = new PendingRechecks({
      token: () => "token",
      recheck: async () => {
        asked.push(Date.now());
        return { stillPending: stillPending.shift() ?? 0 };
      },
      onRechecked: () => {
        refreshed += 1;
      },
    });
    const start = Date.now();
    rechecks.start();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(asked.map((at) => at - start)).toEqual([3_000, 13_000, 43_000]);
    expect(refreshed).toBe(3);
  });

  it("tries the next round after a failed re-check, and stops without a sign-in or once stopped", async () => {
    let calls = 0;
    let token: string | null = "token";
    const rechecks = new PendingRechecks({
      token: () => token,
      recheck: async () => {
        calls += 1;
        if (calls === 1) throw new Error("no network");
        token = null;
        return { stillPending: 3 };
      },
      onRechecked: () => undefined,
    });
    rechecks.start();
    await vi.advanceTimersByTimeAsync(13_000);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(calls).toBe(2);
    token = "again";
    rechecks.start();
    rechecks.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(calls).toBe(2);
  });
});

describe("one delivery pass at a time", () => {
  it("runs once more after a pass for every request made while it ran, never two at once", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const finish: Array<() => void> = [];
    const runner: SerialRunner = new SerialRunner(
      () => {
        runs += 1;
        running += 1;
        most = Math.max(most, running);
        return new Promise<void>((resolve) =>
          finish.push(() => {
            running -= 1;
            resolve();
          }),
        );
      },
      () => runner.request(),
    );
    runner.request();
    runner.request();
    runner.request();
    expect(runs).toBe(1);
    finish.shift()?.();
    await vi.waitFor(() => expect(runs).toBe(2));
    finish.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });
});
