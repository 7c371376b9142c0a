// Checks that a page's `pagination` object agrees with the request and with the items it carries.
import type { ApiPagination } from "../spec/types.js";
import type { ValidationIssue } from "../spec/validators.js";

const issue = (name: string, message: string): ValidationIssue => ({ field: `body.pagination.${name}`, pointer: `/pagination/${name}`, message });

/** The ways a page contradicts itself or the request (`page`, `pageSize`), each named by its JSON pointer. */
export function paginationIssues(pagination: ApiPagination, items: unknown[] | undefined, page: number, pageSize: number, itemsName: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { totalRecords, currentPage, totalPages, nextPage, previousPage } = pagination;
  if (currentPage !== page) issues.push(issue("currentPage", `expected ${page} (the requested page), got ${currentPage}`));
  if (pagination.pageSize !== pageSize) issues.push(issue("pageSize", `expected ${pageSize} (the requested pageSize), got ${pagination.pageSize}`));
  const pages = Math.ceil(totalRecords / pageSize);
  if (totalPages !== undefined && totalPages !== pages && !(totalRecords === 0 && totalPages === 1)) {
    issues.push(issue("totalPages", `expected ${pages} (${totalRecords} records / pageSize ${pageSize}), got ${totalPages}`));
  }
  if (nextPage !== undefined) {
    const expected = page < pages ? page + 1 : null;
    if (nextPage !== expected) issues.push(issue("nextPage", `expected ${expected} on page ${page} of ${pages}, got ${nextPage}`));
  }
  if (previousPage !== undefined) {
    const expected = page > 1 ? page - 1 : null;
    if (previousPage !== expected) issues.push(issue("previousPage", `expected ${expected} on page ${page}, got ${previousPage}`));
  }
  const count = Math.max(0, Math.min(pageSize, totalRecords - (page - 1) * pageSize));
  const got = items?.length ?? 0;
  if (got !== count) {
    issues.push({ field: `body.${itemsName}`, pointer: `/${itemsName}`, message: `expected ${count} items (page ${page}, pageSize ${pageSize}, ${totalRecords} records), got ${got}` });
  }
  return issues;
}
