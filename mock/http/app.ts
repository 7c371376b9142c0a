// Builds the mock's Express app from the route table: each operation's chain (bearer auth → body reading →
// validation from the spec → the operation's handler), run by the one dispatcher (dispatch.ts) that resolves every
// request through the table before Express's router, which serves the rest (pages, discovery, 404s). Never
// listens (see cli.ts).
import express, { type Express, type RequestHandler } from "express";
import { bearerAuth, tokenHandler } from "./auth.js";
import { bodyReader } from "./body.js";
import { createContext, type Backends, type Handler, type MockContext, type MockOptions } from "../context.js";
import { sendAnswer, type DispatchedHandler, type DispatchedRequest, type DispatchedResponse } from "./bare.js";
import { dispatchFirst, type Chain } from "./dispatch.js";
import { errorHandler, notFoundHandler } from "./errors.js";
import { fairShare } from "./fairness.js";
import type { MockLogger } from "./log.js";
import { buildRouteTable, type Route, type RouteTable } from "./routing.js";
import { journalEntry } from "./journal.js";
import { validate } from "./validation.js";
import { mountPages } from "../control/mount.js";
import { controlChain } from "../control/router.js";
import { HANDLER_MAPS } from "../routes/index.js";
import { discoveryRouter } from "./tokens/discovery.js";
import { apiFaults, tokenFaults } from "../faults/hooks.js";


function dispatch(handler: Handler, ctx: MockContext): DispatchedHandler {
  return (_req, res, next) => {
    const result = handler(res.locals.input!, ctx);
    if (result instanceof Promise) result.then((r) => sendAnswer(res, r), next);
    else sendAnswer(res, result);
  };
}

/** One log line per request, written once the answer is sent (or the client went away). */
function logLine(logger: MockLogger, req: DispatchedRequest, res: DispatchedResponse, startedAt: number): void {
  logger.request({
    clientId: res.locals.clientId,
    method: req.method,
    url: req.originalUrl,
    status: res.statusCode,
    durationMs: performance.now() - startedAt,
    operationId: res.locals.op?.operationId,
    detail: res.statusCode >= 400 ? res.locals.errorDetail : undefined,
    fault: res.locals.fault,
  });
}

/** The log line of a request Express routes (docs, console, discovery, unknown paths). */
function requestLog(logger: MockLogger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once("close", () => logLine(logger, req, res, started));
    next();
  };
}

/** The route table of the project's specs and handlers, built once per process (it holds no state). */
let table: RouteTable | undefined;

/** Builds the mock app (state in `app.locals.mock`); call `app.locals.mock.close()` when done. */
export function createApp(options: MockOptions = {}, backends?: Backends): Express {
  const ctx = createContext(options, backends);
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.locals.mock = ctx;
  // Every answer, API or page or error: a browser never second-guesses a declared Content-Type.
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    next();
  });
  const { logger, journal } = ctx;
  if (logger.enabled) app.use(requestLog(logger));

  table ??= buildRouteTable({ handlers: HANDLER_MAPS });
  const raw = bodyReader(ctx.maxBodyBytes);
  const fair = fairShare();

  // /docs, the spec documents and /console; OpenID discovery and the JWKS (GET /.well-known/…).
  mountPages(app, ctx);
  app.use(discoveryRouter(ctx));

  // Every route runs on Node's own objects (bare.ts); only the error renderer gives them Express's prototypes.
  const chains = new Map<Route, Chain>([[table.token, { handlers: [raw, tokenFaults(ctx), tokenHandler(ctx)] }]]);
  for (const route of table.api) {
    const { op } = route;
    const handler = table.handlers.get(op.operationId)!;
    const handlers: DispatchedHandler[] = [bearerAuth(ctx)];
    if (op.requestBody) handlers.push(raw);
    handlers.push(apiFaults(ctx), fair, validate(op, ctx), dispatch(handler, ctx));
    chains.set(route, { handlers });
  }
  for (const route of table.control) chains.set(route, { handlers: controlChain(ctx, route, raw) });

  // The API, the token endpoint and the control API: dispatched from the table before Express's router runs.
  const now = (clientId: string) => ctx.now(clientId);
  dispatchFirst(app, {
    table,
    chains,
    errors: errorHandler(table, ctx.errorBodies),
    begin(req, res, route) {
      res.setHeader("X-Content-Type-Options", "nosniff");
      // The journal (the control API's own calls left out, so reading it does not fill it) and the log line, from
      // one listener: 'close' follows 'finish' at once, and also comes when a fault dropped the connection.
      const journaled = route?.kind !== "control";
      const started = performance.now();
      res.locals.arrivedAt = started;
      res.once("close", () => {
        const { clientId } = res.locals;
        if (journaled && clientId !== undefined && (res.writableFinished || res.locals.fault !== undefined)) {
          journal.add(clientId, journalEntry(req, res, clientId, started, now));
        }
        if (logger.enabled) logLine(logger, req, res, started);
      });
    },
  });
  app.use(notFoundHandler(table));
  app.use(errorHandler(table, ctx.errorBodies));
  return app;
}

/** The context of an app made by createApp. */
export function contextOf(app: Express): MockContext {
  const ctx = app.locals.mock;
  if (!ctx) throw new Error("not an app made by createApp");
  return ctx;
}
