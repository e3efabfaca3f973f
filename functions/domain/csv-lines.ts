/** Reads CSV text (RFC 4180 quoting) into numbered rows, for the administrator's imports. */

/** One row of cells with the line number it starts on (1 = the first line of the text). */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** Splits CSV text into rows; blank lines are skipped but still counted, so numbers match an editor's. */
export function readCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const source = text.replace(/^\uFEFF/, "");
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((value) => value.trim() !== "")) rows.push({ line: rowLine, cells });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n") line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === "") quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += char;
  }
  endRow();
  return rows;
}

/**
 * Whether a cell would run as a formula when the file is opened in a spreadsheet (CSV injection):
 * it starts with = + - @ or a tab or carriage return.
 */
export function isFormulaCell(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell);
}
