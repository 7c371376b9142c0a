// The checks beyond each answer's shape, as they run inside Postman (and newman): what a deployment stored (read-backs
// after writes), lists walked page by page, isolation from a second client, the refusals partners rely on, the
// OAuth2 and bearer-token headers and the deployment's clock. This module holds their settings, the builders of the
// lines a request's test tab runs, and the collection-level test script; the functions those lines call are the
// sandbox library (library.ts). `differences` and `paginationIssues` are the contract suite's rules
// (contract-tests/comparison.ts, contract-tests/pagination.ts) written for the sandbox; checks.test.ts proves both
// give the same issues.

/** How many pages of pageSize 1 a list walk reads from the front (then the last page and the one past it). */
export const WALK_PAGES = 3;
/** Pages of 1000 a search for the run's own objects reads on a busy deployment. */
export const SEARCH_PAGES = 20;
/** Date-times in answers lie within this many hours of the deployment's clock (a price curve covers the next local day). */
export const DATE_TIME_WINDOW_HOURS = { before: 48, after: 72 };
/** Dates (a compensation period) lie within this many days of the deployment's clock. */
export const DATE_WINDOW_DAYS = 31;

/** Why an isolation check did not run, shown as the skipped test's name. */
export const NO_SECOND_CLIENT = "skipped: set client2_id and client2_secret (a second client of the same deployment) to check isolation";

// Builders of the lines a request's `after` holds; paths and expected values may carry {{variables}}.
const js = (value: unknown) => JSON.stringify(value);

/** Reads `path` back and compares it with `expected` (a sandbox expression; default: the body this request sent). */
export const readBack = (what: string, path: string, expected = "sent()") => `readBack(${js(what)}, ${js(path)}, ${expected});`;
/** A sandbox expression: a value of the build with the run's variables filled in. */
export const filledValue = (value: unknown) => `filled(${js(value)})`;
/** Like readBack, with the path a sandbox expression. */
export const readBackAt = (what: string, pathExpression: string, expected: string) => `readBack(${js(what)}, ${pathExpression}, ${expected});`;
export const gone = (what: string, path: string) => `gone(${js(what)}, ${js(path)});`;
export const refused = (what: string, method: string, path: string, body: string | undefined, statuses: number[]) =>
  `refused(${js(what)}, ${js(method)}, ${js(path)}, ${body ?? "undefined"}, ${js(statuses)});`;
/** A body that is not JSON gets 415. */
export const unsupported = (what: string, path: string) =>
  `refused(${js(`${what} sent as text/plain`)}, "POST", ${js(path)}, undefined, [415], { raw: "not json", contentType: "text/plain" });`;
export const removed = (what: string, path: string) => `removed(${js(what)}, ${js(path)});`;
export const isolated = (what: string, path: string, method = "GET") => `isolated(${js(what)}, ${js(method)}, ${js(path)});`;

export interface ListShape {
  /** Path of the list, variables allowed. */
  path: string;
  /** Query besides page and pageSize. */
  query?: string;
  /** Property holding the items; null: the body is a bare array. */
  items: string | null;
  /** The id property of an item. */
  id: string;
  /** Whether the list takes page and pageSize. */
  paged?: boolean;
  /** Fields every item must carry with these values, when it carries them (the parents it is listed under). */
  parents?: Record<string, string>;
}

/**
 * Checks of a list answer: a paged list is walked page by page; the run's ids (`own.ids`, variables) are in it
 * (`exactly`: and nothing else; `absent`: ids of the run it must not hold); a second client's list holds none of them.
 */
export function listChecks(what: string, list: ListShape, own: { ids: string[]; exactly?: boolean; absent?: string[] }): string[] {
  const { path, query = "", items, id, paged = false, parents = {} } = list;
  const answer = items === null ? "pm.response.json()" : `pm.response.json().${items}`;
  const ids = js(own.ids);
  const lines: string[] = [];
  if (paged) lines.push(`walkPages(${js(what)}, ${js(path)}, ${js(query)}, ${js(items)}, ${js(id)});`);
  if (own.exactly) lines.push(`holdsExactly(${js(what)}, ${answer}, ${js(id)}, ${ids});`);
  else if (own.ids.length && paged) lines.push(`lists(${js(what)}, ${js(path)}, ${js(query)}, ${js(items)}, ${js(id)}, ${ids}, ${js(own.absent ?? [])});`);
  else if (own.ids.length) lines.push(`holds(${js(what)}, ${answer}, ${js(id)}, ${ids});`);
  for (const [field, value] of Object.entries(parents)) lines.push(`eachNames(${js(what)}, ${answer}, ${js(field)}, ${js(value)});`);
  if (own.ids.length) lines.push(`isolatedList(${js(what)}, ${js(path)}, ${js(query)}, ${js(items)}, ${js(id)}, ${ids}, ${paged});`);
  return lines;
}

/**
 * The collection-level test script: runs after every request of the collection. Every answer keeps the standards the
 * contract suite checks (standardIssues: RFC 6749 §5, RFC 6750 §3, RFC 9457), no webhook answer carries the webhook
 * secret, and the date-times of an answer lie near the
 * deployment's clock (its Date header). Lists of everything a client ever had are left out of the clock check.
 */
export const COLLECTION_TESTS: string[] = [
  "// Checks that apply to every answer; generated by scripts/build-postman.ts (npm run build:postman).",
  "(function () {",
  '  const tokenEndpoint = pm.request.auth && pm.request.auth.type === "noauth";',
  "  const headers = {};",
  '  pm.response.headers.each(function (h) { const k = h.key.toLowerCase(); headers[k] = headers[k] === undefined ? h.value : headers[k] + ", " + h.value; });',
  "  const text = pm.response.text();",
  "  // The body as the contract suite records it: parsed JSON, the text otherwise, undefined when empty.",
  "  let recorded = text === \"\" ? undefined : text;",
  '  if (text !== "" && (headers["content-type"] || "").indexOf("json") >= 0) { try { recorded = JSON.parse(text); } catch (e) { recorded = text; } }',
  '  const response = { status: pm.response.code, headers: headers, contentType: headers["content-type"], text: text, body: recorded };',
  '  const standards = standardIssues(tokenEndpoint ? "RequestToken" : pm.info.requestName, response);',
  '  pm.test("the answer keeps the standards: RFC 6749 §5 (tokens), RFC 6750 §3 (401), RFC 9457 (problems)", function () {',
  "    if (standards.length) throw new Error(explain(standards));",
  "  });",
  '  const secret = pm.variables.get("webhookSecret") || "";',
  '  if (!tokenEndpoint && secret.length >= 8 && pm.request.url.path.indexOf("webhooks") >= 0) {',
  '    pm.test("the webhook secret is never sent back", function () {',
  '      if (pm.response.text().indexOf(secret) >= 0) throw new Error("the answer carries the webhook secret");',
  "    });",
  "  }",
  "  if (tokenEndpoint || pm.response.code >= 300) return;",
  '  const date = Date.parse(pm.response.headers.get("Date") || "");',
  '  pm.test("the answer carries a Date header (the deployment\'s clock)", function () {',
  '    if (isNaN(date)) throw new Error("no Date header, or not a date: " + JSON.stringify(pm.response.headers.get("Date")));',
  "  });",
  "  if (isNaN(date)) return;",
  // Lists of everything a client ever had may hold old objects; the URL is resolved here (baseUrl's path first).
  '  const path = "/" + pm.request.url.path.join("/");',
  '  const history = ["/users", "/users/eligible", "/events", "/webhooks"].some(function (list) { return path.slice(-list.length) === list; });',
  '  if (pm.request.method === "GET" && history) return;',
  "  let body;",
  "  try { body = pm.response.json(); } catch (e) { return; }",
  "  const hour = 3600 * 1000;",
  "  const issues = [];",
  "  (function walk(value, field) {",
  '    if (typeof value === "string") {',
  `      const dateTime = /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}/.test(value);`,
  `      const dateOnly = /^\\d{4}-\\d{2}-\\d{2}$/.test(value);`,
  "      if (!dateTime && !dateOnly) return;",
  '      const t = Date.parse(dateOnly ? value + "T12:00:00Z" : value);',
  `      const before = dateTime ? ${DATE_TIME_WINDOW_HOURS.before} * hour : ${DATE_WINDOW_DAYS} * 24 * hour;`,
  `      const after = dateTime ? ${DATE_TIME_WINDOW_HOURS.after} * hour : ${DATE_WINDOW_DAYS} * 24 * hour;`,
  '      if (!(t >= date - before && t <= date + after)) issues.push(field + " is " + value);',
  "    } else if (Array.isArray(value)) {",
  '      value.forEach(function (v, i) { walk(v, field + "[" + i + "]"); });',
  '    } else if (typeof value === "object" && value !== null) {',
  '      Object.keys(value).forEach(function (k) { walk(value[k], field + "." + k); });',
  "    }",
  '  })(body, "body");',
  `  pm.test("date-times lie within ${DATE_TIME_WINDOW_HOURS.before} h before and ${DATE_TIME_WINDOW_HOURS.after} h after the deployment's clock, dates within ${DATE_WINDOW_DAYS} days", function () {`,
  '    if (issues.length) throw new Error("the deployment\'s Date is " + new Date(date).toISOString() + ", but " + issues.join("; "));',
  "  });",
  "})();",
];
