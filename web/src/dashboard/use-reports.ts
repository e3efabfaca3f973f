import { useEffect, useState } from "preact/hooks";
import type { Bilingual } from "#domain/errors";
import type { FacilityReport, ProvinceReport } from "#domain/report-contract";
import { messagesOf } from "#web/api/client";
import { fetchFacilityReport, fetchProvinceReport, type ReportQuery } from "./report-api.ts";

/** One of the two reports the page shows: the province ranking comes first, the facilities after. */
type Part<T> = { kind: "loading" } | { kind: "ready"; report: T } | { kind: "failed"; messages: Bilingual };

export interface Reports {
  readonly provinces: Part<ProvinceReport>;
  readonly facilities: Part<FacilityReport>;
}

/**
 * Both reports of a query, asked for at once; the province ranking (34 rows) shows as soon as it
 * arrives, the facility ranking (up to 12,851 rows) when it does.
 */
export function useReports(token: string, query: ReportQuery): Reports {
  const [provinces, setProvinces] = useState<Part<ProvinceReport>>({ kind: "loading" });
  const [facilities, setFacilities] = useState<Part<FacilityReport>>({ kind: "loading" });

  useEffect(() => {
    let cancelled = false;
    setProvinces({ kind: "loading" });
    setFacilities({ kind: "loading" });
    const failed = (error: unknown) => ({ kind: "failed" as const, messages: messagesOf(error) });
    fetchProvinceReport(token, query).then(
      (report) => !cancelled && setProvinces({ kind: "ready", report }),
      (error: unknown) => !cancelled && setProvinces(failed(error)),
    );
    fetchFacilityReport(token, query).then(
      (report) => !cancelled && setFacilities({ kind: "ready", report }),
      (error: unknown) => !cancelled && setFacilities(failed(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [token, query]);

  return { provinces, facilities };
}
