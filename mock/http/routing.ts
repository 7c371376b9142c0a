// The route table: every operation the mock serves (the API, the token endpoint, the control API), read once from
// the specs. Each entry is a method and a path template → the operation, how its errors render and a matcher for its
// path; the API's handlers come in from outside (mock/routes/index.ts), so this module depends on the specs only.
// The dispatcher (dispatch.ts) answers from it, 404/405 and OPTIONS included; the test helper resolves requests with
// it. Matching is a trie of path segments: a request costs a walk down its own segments.
import type { OperationInfo, Spec } from "../../spec/openapi.js";
import { deref, resolvePointer } from "../../spec/openapi.js";
import type { Handler, HandlerMap } from "./handler.js";
import { specValidators } from "../../spec/validators.js";
import { controlValidators } from "../control/spec.js";
import { API_BASE, DETAIL_HEADER, TOKEN_PATH, targetPath, type ErrorFormat, type ErrorShape } from "./errors.js";

export { API_BASE, TOKEN_PATH };

interface RouteBase {
  op: OperationInfo;
  /** The path template as served, e.g. `/energy-coordination/v1/users/{userId}`. */
  template: string;
  /** `GET` */
  method: string;
  errors: ErrorShape;
}

/** An operation of the API, under API_BASE (its handler: the table's `handlers`). */
export interface ApiRoute extends RouteBase {
  kind: "api";
}
/** The token endpoint (its handler lives in auth.ts) or an operation of the control API (control/router.ts). */
export interface OtherRoute extends RouteBase {
  kind: "token" | "control";
}
export type Route = ApiRoute | OtherRoute;

/** Where a raw request lands, decided as Express routes it (on the still percent-encoded path). */
export type Resolution =
  /** `params` as sent (still percent-encoded); `decoded`, the same decoded. */
  | { kind: "operation"; route: Route; op: OperationInfo; params: Record<string, string>; decoded: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  /** A path id that is not valid percent-encoding (`value`, as sent): 400 before any handler runs. */
  | { kind: "undecodable"; route: Route; op: OperationInfo; value: string }
  | { kind: "not-found" };

export interface RouteTable {
  /** Static segments before parameters, as they are mounted (`/users/eligible` before `/users/{userId}`). */
  routes: readonly Route[];
  api: readonly ApiRoute[];
  token: OtherRoute;
  control: readonly OtherRoute[];
  /** The route a request goes to, or undefined (unknown path, or a method the path does not have). */
  find(method: string, path: string): Route | undefined;
  /** The methods the specs declare for a path (`["DELETE", "GET"]`), empty when none. */
  allowed(path: string): string[];
  /** Where a raw request target (absolute form and query allowed) lands, with its path parameters. */
  resolve(method: string, target: string): Resolution;
  /** Each API operation's handler, by operationId: empty unless the table was built with handler maps. */
  handlers: ReadonlyMap<string, Handler>;
}

/** Static segments before parameters, so `/users/eligible` wins over `/users/{userId}`. */
function byStaticFirst(a: OperationInfo, b: OperationInfo): number {
  const sa = a.path.split("/");
  const sb = b.path.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const pa = sa[i]!.startsWith("{");
    const pb = sb[i]!.startsWith("{");
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

type Schema = Record<string, unknown>;

function schemaAt(document: Schema, pointer: string | undefined): Schema | undefined {
  return pointer ? deref(document, resolvePointer(document, pointer), pointer).node : undefined;
}

/** The codes of an RFC 6749 error object (`{ error: enum, error_description }`), or undefined for another schema. */
function oauthErrorCodes(document: Schema, schema: Schema | undefined): string[] | undefined {
  const properties = schema?.properties as Record<string, unknown> | undefined;
  if (!properties || !("error" in properties) || !("error_description" in properties)) return undefined;
  const error = deref(document, properties.error, "").node;
  return Array.isArray(error.enum) ? error.enum.map(String) : undefined;
}

/**
 * How an operation renders each error status: a JSON string, an OAuth2 error or (else) a problem document; and which
 * statuses go without a body by default (those whose response declares the X-Mock-Detail header).
 */
export function errorShape(op: OperationInfo, document: Schema): ErrorShape {
  const formats = new Map<number, ErrorFormat>();
  const bodiless = new Set<number>();
  let oauthCodes: Set<string> | undefined;
  for (const r of op.responses) {
    const status = Number(r.status);
    if (!(status >= 400)) continue;
    if (r.headers.some((h) => h.toLowerCase() === DETAIL_HEADER.toLowerCase())) bodiless.add(status);
    const media = r.content[0];
    const schema = media?.contentType === "application/json" ? schemaAt(document, media.schemaPointer) : undefined;
    const codes = oauthErrorCodes(document, schema);
    if (codes) {
      formats.set(status, "oauth");
      oauthCodes = new Set([...(oauthCodes ?? []), ...codes]);
    } else formats.set(status, schema?.type === "string" ? "string" : "problem");
  }
  return oauthCodes ? { formats, otherwise: "oauth", oauthCodes, bodiless } : { formats, otherwise: "problem", bodiless };
}

/** The path parameters decoded, or the first value that is not valid percent-encoding. */
export function decoded(params: Record<string, string>): { params: Record<string, string> } | { undecodable: string } {
  const out: Record<string, string> = {};
  for (const name in params) {
    const value = params[name]!;
    try {
      out[name] = value.includes("%") ? decodeURIComponent(value) : value;
    } catch {
      return { undecodable: value };
    }
  }
  return { params: out };
}

/** Merges handler maps into one lookup; two handlers for one operation is a mistake. */
function handlersById(maps: readonly HandlerMap[]): Map<string, Handler> {
  const table = new Map<string, Handler>();
  for (const map of maps) {
    for (const [operationId, handler] of Object.entries(map)) {
      if (table.has(operationId)) throw new Error(`two handlers for ${operationId}`);
      // Each handler only ever receives a request validated against its own operation (see app.ts).
      table.set(operationId, handler as Handler);
    }
  }
  return table;
}

export interface RouteTableOptions {
  /** The API's spec; default the project's. */
  spec?: Spec;
  /** The control API's spec; default spec/mock-control.yaml. */
  control?: Spec;
  /** The handlers of the API's operations (mock/routes/index.ts's HANDLER_MAPS); every operation must have one. */
  handlers?: readonly HandlerMap[];
}

/** A node of the path trie: one per distinct prefix of the templates' segments. */
interface TrieNode {
  /** Static segments, lower-cased (matching is case-insensitive, as Express's was). */
  literal: Map<string, TrieNode>;
  param: TrieNode | undefined;
  /** The routes whose template ends here, with their place in the table's order. */
  ends: { index: number; route: Route; names: readonly string[] }[];
}

const trieNode = (): TrieNode => ({ literal: new Map(), param: undefined, ends: [] });
const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);
const NON_ASCII = /[^\x00-\x7f]/;

/** A path's segments after its leading slash, one trailing slash allowed (as Express's `strict: false`). */
function segmentsOf(path: string): string[] | undefined {
  if (path.charCodeAt(0) !== 47) return undefined;
  const end = path.length > 1 && path.charCodeAt(path.length - 1) === 47 ? path.length - 1 : path.length;
  return path.slice(1, end).split("/");
}

interface Candidate {
  index: number;
  route: Route;
  names: readonly string[];
  values: string[];
}

/** Every route whose template matches the path, in the table's order, with the raw values of its parameters. */
function candidates(root: TrieNode, path: string): Candidate[] {
  const segments = segmentsOf(path);
  const found: Candidate[] = [];
  if (segments) walk(root, segments, 0, [], found);
  if (found.length > 1) found.sort((a, b) => a.index - b.index);
  return found;
}

function walk(node: TrieNode, segments: readonly string[], i: number, values: string[], found: Candidate[]): void {
  if (i === segments.length) {
    for (const end of node.ends) found.push({ index: end.index, route: end.route, names: end.names, values: values.slice() });
    return;
  }
  const segment = segments[i]!;
  const lower = segment.toLowerCase();
  // A regex's `i` flag folds ASCII letters only; toLowerCase would also fold e.g. the Kelvin sign into k.
  const next = lower === segment || !NON_ASCII.test(segment) ? node.literal.get(lower) : undefined;
  if (next) walk(next, segments, i + 1, values, found);
  if (node.param && segment.length > 0) {
    values.push(segment);
    walk(node.param, segments, i + 1, values, found);
    values.pop();
  }
}

function paramsOf(c: Candidate): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < c.names.length; i++) out[c.names[i]!] = c.values[i]!;
  return out;
}

/** Builds the table; with handler maps, throws, naming them, when an operation of the API has no handler or two. */
export function buildRouteTable(options: RouteTableOptions = {}): RouteTable {
  const spec = options.spec ?? specValidators().spec;
  const control = options.control ?? controlValidators().spec;
  const handlers = handlersById(options.handlers ?? []);

  const served = spec.operations.filter((op) => !op.webhook);
  if (options.handlers) {
    const missing = served.filter((op) => !op.ownServer && !handlers.has(op.operationId)).map((op) => op.operationId);
    if (missing.length > 0) throw new Error(`no handler for ${missing.join(", ")}: add it to a handler map in mock/routes/`);
  }

  const base = (op: OperationInfo, template: string, document: Schema) => ({ op, template, method: op.method.toUpperCase(), errors: errorShape(op, document) });
  const routes: Route[] = [];
  for (const op of [...served].sort(byStaticFirst)) {
    if (op.ownServer) routes.push({ kind: "token", ...base(op, op.path, spec.document) });
    else routes.push({ kind: "api", ...base(op, API_BASE + op.path, spec.document) });
  }
  // The control API's paths are absolute (spec/mock-control.yaml).
  for (const op of [...control.operations].sort(byStaticFirst)) routes.push({ kind: "control", ...base(op, op.path, control.document) });

  const token = routes.find((r): r is OtherRoute => r.kind === "token");
  if (!token || token.template !== TOKEN_PATH) throw new Error(`the spec has no token endpoint at ${TOKEN_PATH}`);

  // One trie of every template: a request costs a walk down its own segments, not a regex per route.
  const root = trieNode();
  routes.forEach((route, index) => {
    let node = root;
    const names: string[] = [];
    for (const segment of segmentsOf(route.template) ?? []) {
      if (isParam(segment)) {
        names.push(segment.slice(1, -1));
        node = node.param ??= trieNode();
      } else {
        const key = segment.toLowerCase();
        let child = node.literal.get(key);
        if (!child) node.literal.set(key, (child = trieNode()));
        node = child;
      }
    }
    node.ends.push({ index, route, names });
  });

  const find = (method: string, path: string) => {
    const m = method.toUpperCase();
    return candidates(root, targetPath(path)).find((c) => c.route.method === m)?.route;
  };
  const allowed = (path: string) => [...new Set(candidates(root, targetPath(path)).map((c) => c.route.method))].sort();
  const resolve = (method: string, target: string): Resolution => {
    const found = candidates(root, targetPath(target));
    if (found.length === 0) return NOT_FOUND;
    // HEAD is GET without the body, wherever the path has a GET.
    const upper = method.toUpperCase();
    const m = upper === "HEAD" ? "GET" : upper;
    const allow = new Set<string>();
    for (const c of found) {
      const raw = paramsOf(c);
      // The first route whose path matches but whose parameters do not decode ends the search (as Express did).
      const d = decoded(raw);
      if ("undecodable" in d) return { kind: "undecodable", route: c.route, op: c.route.op, value: d.undecodable };
      if (c.route.method === m) return { kind: "operation", route: c.route, op: c.route.op, params: raw, decoded: d.params };
      allow.add(c.route.method);
    }
    return { kind: "method-not-allowed", allow: [...allow].sort() };
  };

  return {
    routes,
    api: routes.filter((r): r is ApiRoute => r.kind === "api"),
    token,
    control: routes.filter((r): r is OtherRoute => r.kind === "control"),
    find,
    allowed,
    resolve,
    handlers,
  };
}

const NOT_FOUND: Resolution = { kind: "not-found" };

let shared: RouteTable | undefined;
/** The table of the project's specs (without handlers), built on first use and shared (it holds no state). */
export function routeTable(): RouteTable {
  shared ??= buildRouteTable();
  return shared;
}

