import { Logger } from "@aws-lambda-powertools/logger";

/** One structured JSON logger per function; personal data never goes in, ID numbers only masked. */
export function makeLogger(serviceName: string): Logger {
  return new Logger({ serviceName, logLevel: logLevelOf(process.env.LOG_LEVEL) });
}

const LEVELS = ["DEBUG", "INFO", "WARN", "ERROR", "SILENT"] as const;

function logLevelOf(value: string | undefined): (typeof LEVELS)[number] {
  return LEVELS.find((level) => level === value?.toUpperCase()) ?? "INFO";
}

/** Masks a 12-digit ID number to its province prefix and last three digits, e.g. 001******345. */
export function maskId(idNumber: string | null | undefined): string | null {
  if (idNumber === null || idNumber === undefined) return null;
  if (idNumber.length < 7) return "*".repeat(idNumber.length);
  return `${idNumber.slice(0, 3)}${"*".repeat(idNumber.length - 6)}${idNumber.slice(-3)}`;
}
