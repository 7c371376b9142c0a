// The one dispatcher of the mock's API, its token endpoint and its control API. It runs before Express's own
// machinery: the app's `handle` (what `app.listen`, `http.createServer(app)` and a parent app all call) asks the
// route table (routing.ts) first, and only a request the table does not know (docs, console, discovery, 404s) goes
// on to Express's router. For a request the table knows it acts on the answer: the route's chain for an operation
// (HEAD runs GET's, and Node leaves the body out), 400 for a path id that is not valid percent-encoding, 204 with
// `Allow` for OPTIONS on a known path, 405 with the same `Allow` for another method. Nothing else matches paths, so
// the table's answer and the app's cannot differ.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from "express";
import { ApiError } from "./errors.js";
import { decoded, type Route, type RouteTable } from "./routing.js";

export interface DispatchOptions {
  table: Pick<RouteTable, "resolve">;
  /** Each route's handlers after the table named it (auth, body, validation, the operation's handler). */
  chains: ReadonlyMap<Route, readonly RequestHandler[]>;
  /** Renders whatever a chain throws or passes on (errors.ts's errorHandler). */
  errors: ErrorRequestHandler;
  /** Called once per dispatched request before anything else runs: the app's own headers, its log and journal. */
  begin(req: Request, res: Response, route: Route | undefined): void;
}

/** Node's request, given Express's prototype as Express's own `app.handle` does. */
function adoptRequest(app: Express, req: IncomingMessage): asserts req is Request {
  Object.setPrototypeOf(req, app.request);
}

/** Node's response, given Express's prototype as Express's own `app.handle` does. */
function adoptResponse(app: Express, res: ServerResponse): asserts res is Response {
  Object.setPrototypeOf(res, app.response);
}

/** Runs a route's handlers in order, each calling next, as Express runs the handlers of one route. */
function runChain(chain: readonly RequestHandler[], req: Request, res: Response, fail: (err: unknown) => void): void {
  let i = 0;
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null) return fail(err);
    const handler = chain[i++];
    if (!handler) return fail(new Error(`the chain of ${req.method} ${req.originalUrl} ended without an answer`));
    try {
      const result: unknown = handler(req, res, step);
      if (result instanceof Promise) result.catch((e: unknown) => fail(e ?? new Error("a handler's promise was rejected")));
    } catch (e) {
      fail(e);
    }
  };
  step();
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

    // What Express's app.handle and router set up before any middleware runs.
    adoptRequest(app, req);
    adoptResponse(app, res);
    req.res = res;
    res.req = req;
    res.locals ??= Object.create(null);
    req.originalUrl ??= req.url;
    req.baseUrl ??= "";

    const fail = (err: unknown): void => {
      void errors(err, req, res, () => {
        // The answer was under way: nothing to render into, so the connection goes, as Express's final handler does.
        req.socket.destroy();
      });
    };

    const route = r.kind === "operation" || r.kind === "undecodable" ? r.route : undefined;
    begin(req, res, route);
    switch (r.kind) {
      case "operation": {
        res.locals.route = r.route;
        res.locals.op = r.op;
        const d = decoded(r.params);
        if ("params" in d) req.params = d.params;
        const chain = chains.get(r.route);
        if (!chain) return fail(new Error(`no chain for ${r.route.method} ${r.route.template}`));
        return runChain(chain, req, res, fail);
      }
      case "undecodable":
        res.locals.route = r.route;
        res.locals.op = r.op;
        return fail(new ApiError(400, "bad-request", `Failed to decode param '${r.value}'`));
      case "method-not-allowed": {
        const allow = r.allow.join(", ");
        if (req.method === "OPTIONS") {
          // A CORS preflight carries no token, so none is needed.
          res.setHeader("Allow", allow);
          res.statusCode = 204;
          res.end();
          return;
        }
        return fail(new ApiError(405, "method-not-allowed", `method ${req.method} is not allowed here; allowed: ${allow}`, undefined, { Allow: allow }));
      }
    }
  };
  Object.defineProperty(app, "handle", { value: handle, writable: true, configurable: true, enumerable: true });
}
