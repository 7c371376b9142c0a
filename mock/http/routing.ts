// The route table: every operation the mock serves, read once from the specs. Each entry is a method and a path
// template → the operation, how its errors render, a matcher for its path, and (for the API) its handler. The app
// mounts it, the 404/405 and OPTIONS handlers answer from it, the test helper and the fuzzer resolve requests with it.
import type { RequestHandler } from "express";
import type { OperationInfo, Spec } from "../../spec/openapi.js";
import { deref, resolvePointer } from "../../spec/openapi.js";
import type { Handler, HandlerMap } from "./handler.js";
import { specValidators } from "./spec-validators.js";
import { controlValidators } from "../control/spec.js";
import { API_BASE, DETAIL_HEADER, TOKEN_PATH, targetPath, type ErrorFormat, type ErrorShape } from "./errors.js";
import { compensation } from "../routes/compensation.js";
import { events } from "../routes/events.js";
import { locations } from "../routes/locations.js";
import { program } from "../routes/program.js";
import { reports } from "../routes/reports.js";
import { resources } from "../routes/resources.js";
import { simulation } from "../routes/simulation.js";
import { users } from "../routes/users.js";
import { webhooks } from "../routes/webhooks.js";

export { API_BASE, TOKEN_PATH };

/** Every handler map; each operation of the spec must be in exactly one. */
export const HANDLER_MAPS: readonly HandlerMap[] = [users, locations, resources, program, events, simulation, webhooks, reports, compensation];

interface RouteBase {
  op: OperationInfo;
  /** The path template as served, e.g. `/energy-coordination/v1/users/{userId}`. */
  template: string;
  /** `GET` */
  method: string;
  errors: ErrorShape;
  /** The request path (without query) as Express matches it: case-insensitive, one optional trailing slash. */
  matches(path: string): boolean;
}

/** An operation of the API, under API_BASE, with its handler. */
export interface ApiRoute extends RouteBase {
  kind: "api";
  handler: Handler;
}
/** The token endpoint (its handler lives in auth.ts) or an operation of the control API (control/router.ts). */
export interface OtherRoute extends RouteBase {
  kind: "token" | "control";
}
export type Route = ApiRoute | OtherRoute;

/** Where a raw request lands, decided as Express routes it (on the still percent-encoded path). */
export type Resolution =
  /** `params` as sent (still percent-encoded). */
  | { kind: "operation"; route: Route; op: OperationInfo; params: Record<string, string> }
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
}

/** `/users/{userId}` → a matcher that captures each parameter. */
export function pathMatcher(template: string): RegExp {
  const source = template
    .split("/")
    .map((seg) => (/^\{[^}]+\}$/.test(seg) ? "([^/]+)" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`, "i");
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
  for (const [name, value] of Object.entries(params)) {
    try {
      out[name] = decodeURIComponent(value);
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
  /** Default HANDLER_MAPS. */
  handlers?: readonly HandlerMap[];
}

/** Builds the table; throws, naming them, when an operation of the API has no handler or two. */
export function buildRouteTable(options: RouteTableOptions = {}): RouteTable {
  const spec = options.spec ?? specValidators().spec;
  const control = options.control ?? controlValidators().spec;
  const handlers = handlersById(options.handlers ?? HANDLER_MAPS);

  const served = spec.operations.filter((op) => !op.webhook);
  const missing = served.filter((op) => !op.ownServer && !handlers.has(op.operationId)).map((op) => op.operationId);
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(", ")}: add it to a handler map in mock/routes/`);

  const base = (op: OperationInfo, template: string, document: Schema) => {
    const regex = pathMatcher(template);
    return { op, template, method: op.method.toUpperCase(), errors: errorShape(op, document), matches: (path: string) => regex.test(path), regex };
  };
  const withRegex: (Route & { regex: RegExp })[] = [];
  for (const op of [...served].sort(byStaticFirst)) {
    if (op.ownServer) withRegex.push({ kind: "token", ...base(op, op.path, spec.document) });
    else withRegex.push({ kind: "api", handler: handlers.get(op.operationId)!, ...base(op, API_BASE + op.path, spec.document) });
  }
  // The control API's paths are absolute (spec/mock-control.yaml).
  for (const op of [...control.operations].sort(byStaticFirst)) withRegex.push({ kind: "control", ...base(op, op.path, control.document) });

  const token = withRegex.find((r): r is OtherRoute & { regex: RegExp } => r.kind === "token");
  if (!token || token.template !== TOKEN_PATH) throw new Error(`the spec has no token endpoint at ${TOKEN_PATH}`);

  const find = (method: string, path: string) => {
    const m = method.toUpperCase();
    const p = targetPath(path);
    return withRegex.find((r) => r.method === m && r.regex.test(p));
  };
  const allowed = (path: string) => {
    const p = targetPath(path);
    return [...new Set(withRegex.filter((r) => r.regex.test(p)).map((r) => r.method))].sort();
  };
  const resolve = (method: string, target: string): Resolution => {
    const path = targetPath(target);
    // HEAD is GET without the body, wherever the path has a GET.
    const m = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
    const allow = new Set<string>();
    for (const route of withRegex) {
      const match = route.regex.exec(path);
      if (!match) continue;
      const names = [...route.template.matchAll(/\{([^}]+)\}/g)].map((n) => n[1]!);
      const raw = Object.fromEntries(names.map((name, i) => [name, match[i + 1]!]));
      // The first route whose path matches but whose parameters do not decode ends the search (as Express did).
      const d = decoded(raw);
      if ("undecodable" in d) return { kind: "undecodable", route, op: route.op, value: d.undecodable };
      if (route.method === m) return { kind: "operation", route, op: route.op, params: raw };
      allow.add(route.method);
    }
    return allow.size > 0 ? { kind: "method-not-allowed", allow: [...allow].sort() } : { kind: "not-found" };
  };

  const routes: readonly Route[] = withRegex;
  return {
    routes,
    api: routes.filter((r): r is ApiRoute => r.kind === "api"),
    token,
    control: routes.filter((r): r is OtherRoute => r.kind === "control"),
    find,
    allowed,
    resolve,
  };
}

/** Names the route a request reached, for the log, the journal and the error renderer (the first of its chain). */
export function describeRoute(route: Route): RequestHandler {
  return (_req, res, next) => {
    res.locals.route = route;
    res.locals.op = route.op;
    next();
  };
}

let shared: RouteTable | undefined;
/** The table of the project's specs and handlers, built on first use and shared (it holds no state). */
export function routeTable(): RouteTable {
  shared ??= buildRouteTable();
  return shared;
}

