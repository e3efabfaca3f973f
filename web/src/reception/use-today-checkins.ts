import { useCallback, useEffect, useState } from "preact/hooks";
import { getTodayCheckins, postRecheck } from "#web/api/checkins";
import { ApiError, messagesOf } from "#web/api/client";
import type { CheckinAnswerView } from "#web/api/schemas";
import { RECEPTION_TEXTS } from "./reception-texts.ts";

type ListMessage = { tone: "ok" | "error"; text: { vi: string; en: string } } | null;

export interface TodayCheckins {
  /** The server's rows read so far, newest first. */
  readonly items: readonly CheckinAnswerView[];
  /** Where the next page starts, or null when every row is read. */
  readonly nextCursor: string | null;
  readonly message: ListMessage;
  readonly rechecking: boolean;
  /** Reads the first page again. */
  refresh(): void;
  loadMore(): Promise<void>;
  /** Asks the gateway again for the pending check-ins, then reads the list again. */
  recheck(): Promise<void>;
}

/** Today's check-ins of the signed-in facility, read again whenever `version` changes. */
export function useTodayCheckins(token: string, version: number): TodayCheckins {
  const [items, setItems] = useState<CheckinAnswerView[]>([]);
  const [rechecking, setRechecking] = useState(false);
  const [message, setMessage] = useState<ListMessage>(null);
  const [reloads, setReloads] = useState(0);
  const [nextCursor, setNextCursor] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await getTodayCheckins(token);
      setItems(page.items);
      setNextCursor(page.nextCursor);
    } catch (error) {
      // Offline the banner says so; the list keeps what it last read.
      if (error instanceof ApiError && error.status === 0) return;
      setMessage({ tone: "error", text: messagesOf(error) });
    }
  }, [token]);

  const loadMore = async () => {
    if (nextCursor === null) return;
    try {
      const page = await getTodayCheckins(token, nextCursor);
      setItems((current) => [...current, ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (error) {
      setMessage({ tone: "error", text: messagesOf(error) });
    }
  };

  useEffect(() => {
    void load();
  }, [load, version, reloads]);

  const recheck = async () => {
    setRechecking(true);
    try {
      const summary = await postRecheck(token);
      const texts = {
        vi: RECEPTION_TEXTS.vi.recheckDone(summary.checked, summary.settled, summary.stillPending),
        en: RECEPTION_TEXTS.en.recheckDone(summary.checked, summary.settled, summary.stillPending),
      };
      setMessage({ tone: "ok", text: texts });
      setReloads((n) => n + 1);
    } catch (error) {
      setMessage({ tone: "error", text: messagesOf(error) });
    } finally {
      setRechecking(false);
    }
  };

  return {
    items,
    nextCursor,
    message,
    rechecking,
    refresh: () => setReloads((n) => n + 1),
    loadMore,
    recheck,
  };
}
