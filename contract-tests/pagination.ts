// Checks that a page's `pagination` object agrees with the request and with the items it carries.
import type { ApiPagination } from "../spec/types.js";
import type { ValidationIssue } from "../spec/validators.js";
import { fail, type Checked } from "./client.js";

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

/** A page of a list as the walk reads it: the checked answer, its pagination and its items. */
export interface ListPage {
  res: Checked<{ pagination?: ApiPagination }>;
  items: unknown[] | undefined;
}

export interface Walk {
  /** The keys of the items, in the order the pages gave them. */
  keys: string[];
  totalRecords: number;
  last: Checked;
}

/**
 * Walks a list at pageSize 1 (up to `maxPages` pages), checking every page's pagination, that no item comes twice
 * and that the walk equals one page of the same length (no gaps); fails naming the page and what differed.
 */
export async function walkPages(read: (page: number, pageSize: number) => Promise<ListPage>, key: (item: unknown) => string, what: string, options: { atLeast?: number; maxPages?: number } = {}): Promise<Walk> {
  const { atLeast = 0, maxPages = 8 } = options;
  const checked = async (page: number, pageSize: number) => {
    const p = await read(page, pageSize);
    const pagination = p.res.body.pagination;
    if (!pagination) return fail(p.res, `page ${page} of the ${what} has no pagination`, [{ field: "body.pagination", pointer: "/pagination", message: "is missing" }]);
    const issues = paginationIssues(pagination, p.items, page, pageSize, what);
    if (issues.length > 0) fail(p.res, `page ${page} (pageSize ${pageSize}) of the ${what} is not coherent`, issues);
    return { res: p.res, items: p.items, pagination };
  };
  const first = await checked(1, 1);
  const total = first.pagination.totalRecords;
  if (total < atLeast) fail(first.res, `the ${what} should hold at least ${atLeast} items by now, but totalRecords is ${total}`);
  const pages = Math.min(total, maxPages);
  const keys = (first.items ?? []).map(key);
  let last = first;
  for (let page = 2; page <= pages; page++) {
    last = await checked(page, 1);
    if (last.pagination.totalRecords !== total) {
      fail(last.res, `totalRecords of the ${what} changed between pages 1 and ${page}`, [{ field: "body.pagination.totalRecords", pointer: "/pagination/totalRecords", message: `expected ${total} (as on page 1), got ${last.pagination.totalRecords}` }]);
    }
    for (const k of (last.items ?? []).map(key)) {
      const before = keys.indexOf(k);
      if (before >= 0) fail(last.res, `page ${page} (pageSize 1) of the ${what} repeats ${k}, already on page ${before + 1}`);
      keys.push(k);
    }
  }
  if (pages > 1) {
    const whole = await checked(1, pages);
    const wholeKeys = (whole.items ?? []).map(key);
    if (JSON.stringify(wholeKeys) !== JSON.stringify(keys)) {
      const missed = wholeKeys.filter((k) => !keys.includes(k));
      fail(whole.res, `pages 1-${pages} of the ${what} at pageSize 1 differ from page 1 at pageSize ${pages}${missed.length > 0 ? `: the walk skipped ${missed.join(", ")}` : ""}`, [
        { field: `body.${what}`, pointer: `/`, message: `pageSize 1 gave ${JSON.stringify(keys)}, pageSize ${pages} gave ${JSON.stringify(wholeKeys)}` },
      ]);
    }
  }
  return { keys, totalRecords: total, last: last.res };
}
