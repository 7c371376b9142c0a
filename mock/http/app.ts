// Builds the mock's Express app from the route table: each operation's chain (bearer auth → body reading →
// validation from the spec → the operation's handler), run by the one dispatcher (dispatch.ts) that resolves every
// request through the table. Never listens (see cli.ts).
import express, { type Express, type RequestHandler } from "express";
import { bearerAuth, tokenHandler } from "./auth.js";
import { createContext, type ApiResponse, type Backends, type Handler, type MockContext, type MockOptions } from "../context.js";
import { dispatcher } from "./dispatch.js";
import { errorHandler, notFoundHandler } from "./errors.js";
import { fairShare } from "./fairness.js";
import type { MockLogger } from "./log.js";
import { describeRoute, routeTable, type Route } from "./routing.js";
import { validate } from "./validation.js";
import { mountControl } from "../control/mount.js";
import { discoveryRouter } from "./tokens/discovery.js";
import { apiFaults, tokenFaults } from "../faults/hooks.js";

const JSON_TYPE = "application/json; charset=utf-8";

/** Writes a handler's answer straight to Node's response (res.send's ETag and freshness logic are not needed). */
function send(res: express.Response, r: ApiResponse): void {
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  res.statusCode = r.status;
  if (r.body === undefined && r.json === undefined) {
    res.end();
    return;
  }
  const text = r.json ?? JSON.stringify(r.body);
  res.setHeader("Content-Type", JSON_TYPE);
  res.setHeader("Content-Length", typeof text === "string" ? Buffer.byteLength(text) : text.length);
  res.end(text);
}

function dispatch(handler: Handler, ctx: MockContext): RequestHandler {
  return (_req, res, next) => {
    const result = handler(res.locals.input!, ctx);
    if (result instanceof Promise) result.then((r) => send(res, r), next);
    else send(res, result);
  };
}

/** One log line per request, written once the answer is sent (or the client went away). */
function requestLog(logger: MockLogger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once("close", () =>
      logger.request({
        clientId: res.locals.clientId,
        method: req.method,
        url: req.originalUrl,
        status: res.statusCode,
        durationMs: performance.now() - started,
        operationId: res.locals.op?.operationId,
        detail: res.statusCode >= 400 ? res.locals.errorDetail : undefined,
        fault: res.locals.fault,
      }),
    );
    next();
  };
}

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
  if (ctx.logger.enabled) app.use(requestLog(ctx.logger));

  const table = routeTable();
  const raw = express.raw({ type: () => true, limit: ctx.maxBodyBytes });
  const fair = fairShare();

  // The request journal, the control API (/_mock), /docs and /console.
  mountControl(app, ctx, table.control);

  // OpenID discovery and the JWKS (GET /.well-known/…), outside the API's route table.
  app.use(discoveryRouter(ctx));

  const chains = new Map<Route, RequestHandler[]>([[table.token, [describeRoute(table.token), raw, tokenFaults(ctx), tokenHandler(ctx)]]]);
  for (const route of table.api) {
    const { op } = route;
    const chain: RequestHandler[] = [describeRoute(route), bearerAuth(ctx)];
    if (op.requestBody) chain.push(raw);
    chain.push(apiFaults(ctx), fair, validate(op, ctx), dispatch(route.handler, ctx));
    chains.set(route, chain);
  }
  app.use(dispatcher(table, chains));
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
