// The one dispatcher of the mock's API and token endpoint: the route table (routing.ts) resolves the method and
// the path, and this middleware acts on its answer: the route's chain for an operation (HEAD runs GET's, and Node
// leaves the body out), 400 for a path id that is not valid percent-encoding, 204 with `Allow` for OPTIONS on a
// known path, 405 with the same `Allow` for another method, and, for an unknown path, on to the not-found handler.
// Nothing else matches paths, so the table's answer and the app's cannot differ.
import type { RequestHandler } from "express";
import { ApiError } from "./errors.js";
import { decoded, type Route, type RouteTable } from "./routing.js";

/** Runs `chain` as Express would run the handlers of one route: in order, each calling next, errors to `done`. */
function runChain(chain: readonly RequestHandler[], done: (err?: unknown) => void): RequestHandler {
  return (req, res) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return done(err);
      const handler = chain[i++];
      if (!handler) return done();
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch(step);
      } catch (e) {
        step(e);
      }
    };
    step();
  };
}

/**
 * The dispatcher: `chains` holds each dispatched route's handlers (its first names the route for the log and the
 * error renderer). Routes without a chain (the control API, mounted before) and unknown paths go on to `next`.
 */
export function dispatcher(table: Pick<RouteTable, "resolve">, chains: ReadonlyMap<Route, readonly RequestHandler[]>): RequestHandler {
  return (req, res, next) => {
    const r = table.resolve(req.method, req.originalUrl);
    switch (r.kind) {
      case "operation": {
        const chain = chains.get(r.route);
        if (!chain) return next();
        const d = decoded(r.params);
        if ("params" in d) req.params = d.params;
        return void runChain(chain, next)(req, res, next);
      }
      case "undecodable":
        res.locals.route = r.route;
        res.locals.op = r.op;
        return next(new ApiError(400, "bad-request", `Failed to decode param '${r.value}'`));
      case "method-not-allowed": {
        const allow = r.allow.join(", ");
        if (req.method === "OPTIONS") {
          // A CORS preflight carries no token, so none is needed.
          res.setHeader("Allow", allow);
          res.statusCode = 204;
          res.end();
          return;
        }
        return next(new ApiError(405, "method-not-allowed", `method ${req.method} is not allowed here; allowed: ${allow}`, undefined, { Allow: allow }));
      }
      case "not-found":
        return next();
    }
  };
}
