// `for await (const user of client.pages("/users"))`: walks a paged list (`{pagination, <items>}`) page by page.
import type { paths } from "../spec/schema.js";

/** The API's paths (the token endpoint lives on its own server and is the client's business). */
export type ApiPaths = Omit<paths, "/connect/token">;

type GetOf<P> = P extends keyof ApiPaths ? (ApiPaths[P] extends { get: infer O } ? O : never) : never;
type PageOf<P> = GetOf<P> extends { responses: { 200: { content: { "application/json": infer B } } } } ? B : never;

/** Paths whose GET answers a page: a `pagination` object beside an array of items. */
export type PagedPath = { [P in keyof ApiPaths]: PageOf<P> extends { pagination: unknown } ? P : never }[keyof ApiPaths];

type ItemsKey<T> = { [K in keyof T]-?: K extends "pagination" ? never : NonNullable<T[K]> extends readonly unknown[] ? K : never }[keyof T];

/** What `pages(path)` yields: `GetUserResponse` for `/users`, `GetEventResponse` for `/events`. */
export type PageItem<P extends PagedPath> = NonNullable<PageOf<P>[ItemsKey<PageOf<P>>]> extends readonly (infer I)[] ? I : never;

type PathParams<P> = GetOf<P> extends { parameters: { path: infer X } } ? X : never;

/** Path parameters when the path has some (`/users/{userId}/resources`), and an optional page size. */
export type PagesArgs<P extends PagedPath> = [PathParams<P>] extends [never]
  ? [options?: { pageSize?: number }]
  : [options: { path: PathParams<P>; pageSize?: number }];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** One page's items and whether another follows; undefined when the body is not a page. */
export function readPage(body: unknown, page: number): { items: unknown[]; more: boolean } | undefined {
  if (!isObject(body) || !isObject(body.pagination)) return undefined;
  const items = Object.entries(body).find(([k, v]) => k !== "pagination" && Array.isArray(v))?.[1];
  const p = body.pagination;
  const list = Array.isArray(items) ? items : [];
  const last = typeof p.totalPages === "number" ? p.totalPages : typeof p.totalRecords === "number" && typeof p.pageSize === "number" && p.pageSize > 0 ? Math.ceil(p.totalRecords / p.pageSize) : page;
  // An empty page ends the walk even if the totals say otherwise, so a wrong count cannot loop forever.
  return { items: list, more: list.length > 0 && page < last };
}

/** The URL path of `template` with its parameters filled in, for page `page`. */
export function pageUrl(template: string, path: unknown, page: number, pageSize: number | undefined): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = isObject(path) ? path[name] : undefined;
    if (value === undefined) throw new TypeError(`pages("${template}"): path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams({ page: String(page), ...(pageSize === undefined ? {} : { pageSize: String(pageSize) }) });
  return `${filled}?${query}`;
}
