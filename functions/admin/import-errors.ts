import type { LineError } from "#domain/admin-contract";
import { ERROR_CODE, ForbiddenError, InputError, NotFoundError } from "#domain/errors";

/** An import with bad lines: nothing was written, and each line says why (422 with `lines`). */
export class ImportRejectedError extends InputError {
  readonly lines: readonly LineError[];
  constructor(lines: readonly LineError[]) {
    super(ERROR_CODE.IMPORT_REJECTED, {
      vi: `Không nhập gì cả: ${lines.length} dòng có lỗi, hãy sửa rồi nhập lại.`,
      en: `Nothing was imported: ${lines.length} line(s) have errors; fix them and import again.`,
    });
    this.lines = lines;
  }
}

export const outOfScope = (what: string) =>
  new ForbiddenError(ERROR_CODE.OUT_OF_SCOPE, {
    vi: `${what} không thuộc tỉnh bạn quản lý.`,
    en: `${what} is outside your province.`,
  });

export const facilityNotFound = (code: string) =>
  new NotFoundError(ERROR_CODE.FACILITY_NOT_FOUND, {
    vi: `Không có cơ sở ${code}.`,
    en: `There is no facility ${code}.`,
  });
