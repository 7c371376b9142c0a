// The one error class of the mock, the one renderer of error bodies, and the one handler of unknown routes (fed by
// the route table). Every error body takes the shape the route table read from the spec for that operation and
// status: a problem document, a JSON string, or (on the token endpoint) an RFC 6749 error object. Where the spec says
// the live service answers without a body (the responses that declare X-Mock-Detail), the mock sends none either by
// default, and its explanation goes to that header, the log line and the journal.
import { STATUS_CODES } from "node:http";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import type { OperationInfo } from "../../spec/openapi.js";
import type { ValidationIssue } from "../../spec/validators.js";

/** Where the API lives on the mock; request names in messages are relative to it. */
export const API_BASE = "/energy-coordination/v1";
export const TOKEN_PATH = "/connect/token";

/** How many validation issues an error body lists, and how long a field name in it may be. */
const MAX_ISSUES = 20;
const MAX_FIELD = 200;

/** Messages quote ids from the request; a 200 KB id must not make a 200 KB error body. */
const MAX_DETAIL = 4096;
const shortened = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL)}… (${s.length - MAX_DETAIL} more characters)` : s);

/** `empty` (the default): no body where the live service sends none; `problem`: a problem document there too. */
export const ERROR_BODIES = ["empty", "problem"] as const;
export type ErrorBodies = (typeof ERROR_BODIES)[number];

/** The response header that explains an answer sent without a body; the spec declares it on those responses. */
export const DETAIL_HEADER = "X-Mock-Detail";
/** A word (an id, a URL) longer than this is cut in the header, and the whole value longer than MAX_HEADER. */
const MAX_HEADER_WORD = 64;
const MAX_HEADER = 300;
const LONG_WORD = new RegExp(`[^ ]{${MAX_HEADER_WORD + 1},}`, "g");

/** A character as UTF-8 percent-encoding; a lone surrogate (which has none) as U+FFFD's. */
function percentEncoded(c: string): string {
  try {
    return encodeURIComponent(c);
  } catch {
    return "%EF%BF%BD";
  }
}

/**
 * A message as a header value: one line of printable ASCII (anything else percent-encoded as in a URL, so an id
 * reads as it does in the request's path), each long word and the whole value cut short with how much was left out.
 */
export function detailHeader(message: string): string {
  const ascii = message.replace(/[^\x20-\x7e]/gu, (c) => (/[\p{Cc}\s]/u.test(c) ? " " : percentEncoded(c)));
  const words = ascii.replace(LONG_WORD, (w) => `${w.slice(0, MAX_HEADER_WORD)}...(${w.length - MAX_HEADER_WORD} more)`);
  return words.length > MAX_HEADER ? `${words.slice(0, MAX_HEADER)}...(${words.length - MAX_HEADER} more)` : words;
}

/**
 * The mark every ApiError carries. The renderer recognises an error by it, not by `instanceof`: the built mock is one
 * bundle, but a module loaded beside it (an embedder's copy of the package, a store compiled separately) has its own
 * copy of this class, and its errors must render the same. `Symbol.for` is the same symbol in every copy.
 */
const API_ERROR: unique symbol = Symbol.for("energy-coordination-mock.api-error");

/** True for an ApiError from any copy of this module. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && API_ERROR in e && e[API_ERROR] === true;
}

/** Thrown by handlers and middleware; rendered by `errorHandler`. `code` is short and distinct, e.g. `conflict`. */
export class ApiError extends Error {
  readonly [API_ERROR] = true;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field-level problems, `{ "body.userId": ["is required"] }`. */
    readonly details?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /**
   * A 400 from validation issues: the message names each field and rule. A hostile body can break thousands of
   * rules at once (50,000 unknown keys, a 900 KB key), so the first MAX_ISSUES are listed, with names cut short.
   */
  static invalid(issues: ValidationIssue[], code = "validation-failed"): ApiError {
    const details: Record<string, string[]> = Object.create(null);
    const shown = issues.slice(0, MAX_ISSUES).map((i) => ({ ...i, field: i.field.length > MAX_FIELD ? `${i.field.slice(0, MAX_FIELD)}…` : i.field }));
    for (const i of shown) (details[i.field] ??= []).push(i.message);
    const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : "";
    return new ApiError(400, code, shown.map((i) => `${i.field} ${i.message}`).join("; ") + more, details);
  }
}

/** The `type` of a problem document: one per error code, so clients can tell a typo'd route from a missing user. */
export const problemType = (code: string) => `urn:energy-coordination-mock:problem:${code}`;

/**
 * The path of a request target without its query. Also for the absolute form (`GET http://host/path`, RFC 9112
 * §3.2.2), which Node passes through and Express routes, so errors must read it the same way.
 */
export function targetPath(url: string): string {
  const q = url.indexOf("?");
  const target = q === -1 ? url : url.slice(0, q);
  // The usual origin form (`/path?query`) needs no regex; it runs on every request.
  if (target.charCodeAt(0) === 47) return target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(target);
  return absolute ? target.slice(absolute[0].length) || "/" : target;
}

/** `POST /users/u1/locations`: the request as named in messages (relative to the API base, without the query). */
export function requestName(req: Request): string {
  let path = targetPath(req.originalUrl);
  if (path.toLowerCase().startsWith(API_BASE.toLowerCase())) path = path.slice(API_BASE.length) || "/";
  return `${req.method} ${path}`;
}

export type ErrorFormat = "problem" | "string" | "oauth";

/** How an operation renders its errors, read from the spec. */
export interface ErrorShape {
  /** The format of each error status the operation declares. */
  formats: Map<number, ErrorFormat>;
  /** The format of a status it does not declare. */
  otherwise: ErrorFormat;
  /**
   * The statuses the live service answers without a body (their responses declare X-Mock-Detail): by default the
   * mock sends none either; with `errorBodies: "problem"` they have their declared format.
   */
  bodiless?: ReadonlySet<number>;
  /**
   * For an OAuth2 endpoint: the error codes its schema allows (RFC 6749 §5.2). An error with another code or an
   * undeclared status is answered as `invalid_request`, the one code that fits any malformed request.
   */
  oauthCodes?: ReadonlySet<string>;
}

/** What the error handlers read of a route of the table (routing.ts's Route has it). */
export interface RoutedOperation {
  op: OperationInfo;
  errors: ErrorShape;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The route a request reached; the error renderer reads its error shape. */
      route?: RoutedOperation;
    }
  }
}

/** What the error handlers read of the route table (routing.ts), named here so that errors.ts needs nothing of it. */
export interface RouteLookup {
  /** The route a request reaches, if any. */
  find(method: string, url: string): RoutedOperation | undefined;
  /** The methods the specs declare for a path (none for an unknown one). */
  allowed(url: string): readonly string[];
}

/**
 * Writes an error in the shape the request's route declares (problem+json when no route was reached), or without a
 * body where the live service sends none (unless `errorBodies` is `problem`).
 */
export function sendError(req: Request, res: Response, err: ApiError, errorBodies: ErrorBodies = "empty"): void {
  const errors = res.locals.route?.errors;
  let format: ErrorFormat = errors ? (errors.formats.get(err.status) ?? errors.otherwise) : "problem";
  // An OAuth2 endpoint answers only its declared statuses and RFC 6749 codes; anything else the client sent is a
  // malformed request. A failure of the mock's own (the store is down) keeps its status and Retry-After, with the
  // RFC 6749 code for it (§4.1.2.1: temporarily_unavailable, server_error).
  if (errors?.oauthCodes && err.status >= 500) {
    err = new ApiError(err.status, err.status === 503 ? "temporarily_unavailable" : "server_error", err.message, undefined, err.headers);
    format = "oauth";
  } else if (errors?.oauthCodes && !(errors.formats.has(err.status) && errors.oauthCodes.has(err.code))) {
    err = new ApiError(400, "invalid_request", err.message);
    format = "oauth";
  }
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status);
  res.locals.errorDetail = shortened(err.message);
  if (errorBodies === "empty" && errors?.bodiless?.has(err.status)) {
    res.setHeader(DETAIL_HEADER, detailHeader(err.message));
    res.end();
    return;
  }
  if (format === "oauth") {
    res.setHeader("Cache-Control", "no-store");
    res.type("application/json").send(JSON.stringify({ error: err.code, error_description: shortened(err.message) }));
    return;
  }
  const detail = shortened(`${requestName(req)}: ${err.message}`);
  if (format === "string") {
    res.type("application/json").send(JSON.stringify(detail));
    return;
  }
  const body: Record<string, unknown> = { type: problemType(err.code), title: STATUS_CODES[err.status] ?? "Error", status: err.status, detail };
  if (err.details) body.errors = err.details;
  res.type("application/problem+json").send(JSON.stringify(body));
}

/** Turns what body-parser and Express throw into ApiErrors; anything else is a bug, answered 500 without a stack. */
function toApiError(err: unknown): ApiError {
  if (isApiError(err)) return err;
  const e = (err ?? {}) as { type?: unknown; status?: unknown; message?: unknown; limit?: unknown };
  if (e.type === "entity.too.large") return new ApiError(413, "payload-too-large", `body is larger than the limit of ${String(e.limit)} bytes`);
  if (e.type === "encoding.unsupported") return new ApiError(415, "unsupported-media-type", String(e.message));
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) return new ApiError(400, "bad-request", String(e.message ?? "bad request"));
  return new ApiError(500, "internal-error", "the mock failed unexpectedly; please report it");
}

/**
 * The single Express error handler. An error raised while matching (e.g. a path parameter that is not valid
 * percent-encoding) comes before any route is reached; the table finds it, so the body still has its declared shape.
 */
export const errorHandler = (table: Pick<RouteLookup, "find">, errorBodies: ErrorBodies = "empty"): ErrorRequestHandler => (err, req, res, next) => {
  if (res.headersSent) return next(err);
  res.locals.route ??= table.find(req.method, req.originalUrl);
  res.locals.op ??= res.locals.route?.op;
  const apiError = toApiError(err);
  // A failure the mock answers on purpose (a 503 while the store is down) is in the request's own log line. A bug
  // gets one line on stderr, with its stack only when asked for (MOCK_DEBUG=1): an outage must not flood the log.
  if (apiError.status >= 500 && !isApiError(err)) process.stderr.write(`mock: ${requestName(req)}: ${failureLine(err)}\n`);
  sendError(req, res, apiError, errorBodies);
};

/** What a failure says in one line (its stack with MOCK_DEBUG set): the error's class and the first line of its message. */
function failureLine(err: unknown): string {
  if (!(err instanceof Error)) return escapeLine(String(err));
  if (process.env.MOCK_DEBUG) return err.stack ?? err.message;
  return escapeLine(`${err.name}: ${err.message.split("\n")[0]}`);
}

const escapeLine = (s: string) => (s.length > 500 ? `${s.slice(0, 500)}…` : s).replace(/[\u0000-\u001f\u007f]/g, " ");

/** The methods the specs declare for a request's path (`GET, POST`), or undefined when they declare none. */
function allowedMethods(table: Pick<RouteLookup, "allowed">, req: Request): string | undefined {
  const allowed = table.allowed(req.originalUrl);
  return allowed.length > 0 ? allowed.join(", ") : undefined;
}

/** The handler after every route: 405 with `Allow` when the path exists with other methods, else 404. */
export function notFoundHandler(table: Pick<RouteLookup, "allowed">): RequestHandler {
  return (req, _res, next) => {
    const allow = allowedMethods(table, req);
    if (allow !== undefined) {
      next(new ApiError(405, "method-not-allowed", `method ${req.method} is not allowed here; allowed: ${allow}`, undefined, { Allow: allow }));
      return;
    }
    const path = targetPath(req.originalUrl);
    const hint = path.toLowerCase().startsWith(`${API_BASE.toLowerCase()}/`) ? "no such route in the API" : `no such route; the API lives under ${API_BASE} and the token endpoint at ${TOKEN_PATH}`;
    next(new ApiError(404, "route-not-found", hint));
  };
}
