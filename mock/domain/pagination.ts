// Pages of a list exactly as the spec describes them: 1-based `page`, `pageSize` 1..1000 (validated from the
// spec before a handler runs), defaults taken from the spec's parameters, and the full `pagination` object.
import type { ApiPagination } from "../../spec/types.js";
import type { ApiRequest } from "../http/handler.js";
import type { Page, PageRequest, Slice } from "../state/state.js";

/** What paging reads of a request: its operation (for the declared defaults) and its coerced query. */
export type PagedRequest = Pick<ApiRequest, "operation"> & { query: { page?: number; pageSize?: number } };

function defaultOf(req: PagedRequest, name: string, fallback: number): number {
  const d = req.operation.parameters.find((p) => p.name === name && p.in === "query")?.schema.default;
  return typeof d === "number" ? d : fallback;
}

/** The page and page size the request asks for, the spec's defaults filled in. */
export function requestedPage(req: PagedRequest): PageRequest {
  const q = req.query;
  return {
    page: typeof q.page === "number" ? q.page : defaultOf(req, "page", 1),
    pageSize: typeof q.pageSize === "number" ? q.pageSize : defaultOf(req, "pageSize", 100),
  };
}

/** Where a page of a list of `total` items starts, and its `pagination` object. */
export function pageIn({ page, pageSize }: PageRequest, total: number): { start: number; pageSize: number; pagination: ApiPagination } {
  const totalPages = Math.ceil(total / pageSize);
  return {
    start: (page - 1) * pageSize,
    pageSize,
    pagination: {
      totalRecords: total,
      pageSize,
      currentPage: page,
      totalPages,
      nextPage: page < totalPages ? page + 1 : null,
      previousPage: page > 1 ? Math.min(page - 1, Math.max(totalPages, 1)) : null,
    },
  };
}

/** The slice of the list a request asks for, and its `pagination` once the list's length is known (from a store). */
export function slicePage(req: PagedRequest): { slice: Slice; pagination: (total: number) => ApiPagination } {
  const page = requestedPage(req);
  return { slice: { start: (page.page - 1) * page.pageSize, size: page.pageSize }, pagination: (total) => pageIn(page, total).pagination };
}

/**
 * `items` from `slice.start`, at most `slice.size` of them (all without a slice): an array is sliced, an iterable of
 * `total` elements walked only as far as the slice needs. A slice past the end is empty.
 */
export function sliceOf<T>(items: Iterable<T>, total: number, slice: Slice | undefined): Page<T> {
  if (!slice) return { items: [...items], total };
  if (Array.isArray(items)) return { items: items.slice(slice.start, slice.start + slice.size), total };
  const out: T[] = [];
  if (slice.start < total && slice.size > 0) {
    let i = 0;
    for (const item of items) {
      if (i++ < slice.start) continue;
      out.push(item);
      if (out.length === slice.size) break;
    }
  }
  return { items: out, total };
}

const COMMA = Buffer.from(",");

/** The last page assembled of a list: partners poll page 1, which stays the same bytes until the list changes. */
export interface PageMemo {
  key: string;
  json: Buffer;
}

/** The page under `key` (the list's version, the page and its size) from the memo, or built and remembered. */
export function memoPage(memo: { page?: PageMemo }, key: string, build: () => Buffer): Buffer {
  if (memo.page?.key === key) return memo.page.json;
  const json = build();
  memo.page = { key, json };
  return json;
}

/** `{"<key>":[<items>],"pagination":{…}}` from items serialized beforehand: the bytes JSON.stringify would give. */
export function pageJson(key: string, itemsJson: readonly Buffer[], pagination: ApiPagination): Buffer {
  const parts: Buffer[] = [Buffer.from(`{${JSON.stringify(key)}:[`)];
  itemsJson.forEach((item, i) => (i === 0 ? parts.push(item) : parts.push(COMMA, item)));
  parts.push(Buffer.from(`],"pagination":${JSON.stringify(pagination)}}`));
  return Buffer.concat(parts);
}
