// The one dispatcher of the mock's API, its token endpoint and its control API. It runs before Express's own
// machinery: the app's `handle` (what `app.listen`, `http.createServer(app)` and a parent app all call) asks the
// route table (routing.ts) first, and only a request the table does not know (docs, console, discovery, 404s) goes
// on to Express's router. For a request the table knows it acts on the answer: the route's chain for an operation
// (HEAD runs GET's, and Node leaves the body out), 400 for a path id that is not valid percent-encoding, 204 with
// `Allow` for OPTIONS on a known path, 405 with the same `Allow` for another method. Nothing else matches paths, so
// the table's answer and the app's cannot differ. The chains run on Node's own request and response (bare.ts); the
// error renderer, which uses Express's helpers, gives them Express's prototypes when it runs.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorRequestHandler, Express, Request, Response } from "express";
import type { DispatchedHandler, DispatchedRequest, DispatchedResponse } from "./bare.js";
import { ApiError } from "./errors.js";
import type { Route, RouteTable } from "./routing.js";

/** A route's handlers after the table named it (auth, body, validation, the operation's handler), on Node's own request and response. */
export interface Chain {
  handlers: readonly DispatchedHandler[];
}

export interface DispatchOptions {
  table: Pick<RouteTable, "resolve">;
  chains: ReadonlyMap<Route, Chain>;
  /** Renders whatever a chain throws or passes on (errors.ts's errorHandler), on Express's request and response. */
  errors: ErrorRequestHandler;
  /** Called once per dispatched request before anything else runs: the app's own headers, its log and journal. */
  begin(req: DispatchedRequest, res: DispatchedResponse, route: Route | undefined): void;
}

/** Node's request, given Express's prototype (and its links) as Express's own `app.handle` does. */
function adoptRequest(app: Express, req: IncomingMessage & { res?: unknown; baseUrl?: string }): asserts req is Request {
  if (Object.getPrototypeOf(req) === app.request) return;
  Object.setPrototypeOf(req, app.request);
  req.baseUrl ??= "";
}

/** Node's response, given Express's prototype as Express's own `app.handle` does, and linked to its request. */
function adoptResponse(app: Express, res: ServerResponse): asserts res is Response {
  if (Object.getPrototypeOf(res) === app.response) return;
  Object.setPrototypeOf(res, app.response);
  Reflect.set(res.req, "res", res);
}

/** Renders an error through the app's error handler (on Express's objects); if the answer was under way, the connection goes. */
function fail(app: Express, errors: ErrorRequestHandler, err: unknown, req: IncomingMessage, res: ServerResponse): void {
  adoptRequest(app, req);
  adoptResponse(app, res);
  // Nothing left to render into: the connection goes, as Express's final handler does.
  void errors(err, req, res, () => req.socket.destroy());
}

/** Runs a route's handlers in order, each calling next, as Express runs the handlers of one route. */
function runChain<Req extends DispatchedRequest, Res extends DispatchedResponse>(
  chain: readonly ((req: Req, res: Res, next: (err?: unknown) => void) => unknown)[],
  req: Req,
  res: Res,
  failed: (err: unknown) => void,
): void {
  let i = 0;
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null) return failed(err);
    const handler = chain[i++];
    if (!handler) return failed(new Error(`the chain of ${req.method} ${req.originalUrl} ended without an answer`));
    try {
      const result: unknown = handler(req, res, step);
      if (result instanceof Promise) result.catch((e: unknown) => failed(e ?? new Error("a handler's promise was rejected")));
    } catch (e) {
      failed(e);
    }
  };
  step();
}

/** Node's request with the fields Express's router would have set (no prototype change, see bare.ts). */
function dispatched(req: IncomingMessage & { originalUrl?: string; params?: unknown }, params: Record<string, string>): asserts req is DispatchedRequest {
  req.originalUrl ??= req.url ?? "/";
  req.params = params;
}

/** Node's response with `locals`, as Express's app sets it up. */
function withLocals(res: ServerResponse & { locals?: Express.Locals }): asserts res is DispatchedResponse {
  res.locals ??= Object.create(null);
}

/**
 * Makes the route table answer first on `app`: a request it resolves is dispatched here without Express's router;
 * any other goes on to the app's middleware as before. `createApp` still returns the Express app.
 */
export function dispatchFirst(app: Express, options: DispatchOptions): void {
  const expressHandle: unknown = Reflect.get(app, "handle");
  if (typeof expressHandle !== "function") throw new Error("dispatchFirst: not an Express app (it has no handle())");
  const { table, chains, errors, begin } = options;

  const handle = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, callback?: unknown): void => {
    // Mounted in a parent app, `originalUrl` is the whole path, as the table's templates are.
    const r = table.resolve(req.method ?? "GET", req.originalUrl ?? req.url ?? "/");
    if (r.kind === "not-found") return void Reflect.apply(expressHandle, app, [req, res, callback]);

    // What Express's app.handle and router set up before any middleware runs, less the prototypes.
    dispatched(req, r.kind === "operation" ? r.decoded : {});
    withLocals(res);
    const failed = (err: unknown): void => fail(app, errors, err, req, res);

    const route = r.kind === "operation" || r.kind === "undecodable" ? r.route : undefined;
    begin(req, res, route);
    switch (r.kind) {
      case "operation": {
        res.locals.route = r.route;
        res.locals.op = r.op;
        const chain = chains.get(r.route);
        if (!chain) return failed(new Error(`no chain for ${r.route.method} ${r.route.template}`));
        return runChain(chain.handlers, req, res, failed);
      }
      case "undecodable":
        res.locals.route = r.route;
        res.locals.op = r.op;
        return failed(new ApiError(400, "bad-request", `Failed to decode param '${r.value}'`));
      case "method-not-allowed": {
        const allow = r.allow.join(", ");
        if (req.method === "OPTIONS") {
          // A CORS preflight carries no token, so none is needed.
          res.setHeader("Allow", allow);
          res.statusCode = 204;
          res.end();
          return;
        }
        return failed(new ApiError(405, "method-not-allowed", `method ${req.method} is not allowed here; allowed: ${allow}`, undefined, { Allow: allow }));
      }
    }
  };
  Object.defineProperty(app, "handle", { value: handle, writable: true, configurable: true, enumerable: true });
}
