// Builds the mock's Express app from the spec: one route per operation, each running
// bearer auth → body reading → validation from the spec → the operation's handler. Never listens (see cli.ts).
import express, { type Express, type RequestHandler } from "express";
import type { OperationInfo } from "../spec/openapi.js";
import { bearerAuth, tokenHandler } from "./auth.js";
import { createContext, type ApiResponse, type Handler, type HandlerMap, type MockContext, type MockOptions } from "./context.js";
import { API_BASE, errorFormats, errorHandler, notFoundHandler, optionsHandler, pathMatcher, targetPath, TOKEN_PATH, type PathMatcher } from "./errors.js";
import { fairShare } from "./fairness.js";
import type { MockLogger } from "./log.js";
import { validate } from "./validation.js";
import { mountControl } from "./control/mount.js";
import { locations } from "./routes/locations.js";
import { program } from "./routes/program.js";
import { resources } from "./routes/resources.js";
import { users } from "./routes/users.js";
import { events } from "./routes/events.js";
import { simulation } from "./routes/simulation.js";
import { webhooks } from "./routes/webhooks.js";
import { reports } from "./routes/reports.js";
import { compensation } from "./routes/compensation.js";

/** Every handler map; each operation of the spec must be in exactly one. */
const HANDLER_MAPS: HandlerMap[] = [users, locations, resources, program, events, simulation, webhooks, reports, compensation];

/** The operations the mock serves under the API base (not the token endpoint, not outgoing webhooks). */
export function apiOperations(ctx: MockContext): OperationInfo[] {
  return ctx.validators.spec.operations.filter((op) => !op.webhook && !op.ownServer);
}

/** Merges the handler maps; a handler the validator feeds is typed for its own operation's body. */
export function handlerTable(maps: HandlerMap[] = HANDLER_MAPS): Map<string, Handler> {
  const table = new Map<string, Handler>();
  for (const map of maps) {
    for (const [operationId, handler] of Object.entries(map)) {
      if (table.has(operationId)) throw new Error(`two handlers for ${operationId}`);
      // Each handler only ever receives a body validated against its own operation's schema.
      table.set(operationId, handler as Handler);
    }
  }
  return table;
}

/** The operationIds of the spec that have no handler (the start-up check; a test keeps it empty). */
export function missingHandlers(ctx: MockContext, table: Map<string, Handler> = handlerTable()): string[] {
  return apiOperations(ctx)
    .map((op) => op.operationId)
    .filter((id) => !table.has(id));
}

/** The start-up check: throws, naming them, when operations of the spec have no handler. */
export function checkHandlers(ctx: MockContext, table: Map<string, Handler>): void {
  const missing = missingHandlers(ctx, table);
  if (missing.length > 0) throw new Error(`no handler for ${missing.join(", ")}: add it to a handler map in mock/routes/`);
}

/** `/users/{userId}` → `/users/:userId`. */
export const expressPath = (template: string) => template.replace(/\{([^}]+)\}/g, ":$1");

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

function describeOperation(op: OperationInfo, formats: ReturnType<typeof errorFormats>): RequestHandler {
  return (_req, res, next) => {
    res.locals.op = op;
    res.locals.errorFormats = formats;
    next();
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
      }),
    );
    next();
  };
}

/** Builds the mock app (state in `app.locals.mock`); call `app.locals.mock.close()` when done. */
export function createApp(options: MockOptions = {}): Express {
  const ctx = createContext(options);
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.locals.mock = ctx;
  if (ctx.logger.enabled) app.use(requestLog(ctx.logger));

  const table = handlerTable();
  checkHandlers(ctx, table);
  const raw = express.raw({ type: () => true, limit: ctx.maxBodyBytes });
  const fair = fairShare();
  const matchers: PathMatcher[] = [];
  const routed: { op: OperationInfo; regex: RegExp; formats: ReturnType<typeof errorFormats> }[] = [];

  // The request journal, the control API (/_mock), /docs and /console.
  mountControl(app, ctx, matchers);

  const token = ctx.validators.spec.byId.get("RequestToken");
  if (!token) throw new Error("the spec has no RequestToken operation");
  app.post(TOKEN_PATH, describeOperation(token, errorFormats(token, ctx.validators.spec.document)), raw, tokenHandler(ctx));
  matchers.push({ template: TOKEN_PATH, regex: pathMatcher(TOKEN_PATH), methods: new Set(["POST"]) });

  const api = express.Router({ caseSensitive: false, strict: false });
  for (const op of apiOperations(ctx).sort(byStaticFirst)) {
    const handler = table.get(op.operationId)!;
    const formats = errorFormats(op, ctx.validators.spec.document);
    const chain: RequestHandler[] = [describeOperation(op, formats), bearerAuth(ctx)];
    if (op.requestBody) chain.push(raw);
    chain.push(fair, validate(op, ctx), dispatch(handler, ctx));
    api[op.method](expressPath(op.path), ...chain);
    routed.push({ op, regex: pathMatcher(API_BASE + op.path), formats });
    const template = API_BASE + op.path;
    let m = matchers.find((x) => x.template === template);
    if (!m) matchers.push((m = { template, regex: pathMatcher(template), methods: new Set() }));
    m.methods.add(op.method.toUpperCase());
  }
  // Before the router, whose own OPTIONS answer (200, `GET,HEAD`) would otherwise win.
  app.use(optionsHandler(matchers));
  app.use(API_BASE, api);
  app.use(notFoundHandler(matchers));
  // An error raised while matching (e.g. a path parameter that is not valid percent-encoding) comes before any
  // route has named its operation; find it from the path so the body still has the operation's declared shape.
  app.use(errorHandler((req) => {
    const path = targetPath(req.originalUrl);
    const method = req.method.toLowerCase();
    return routed.find((r) => r.op.method === method && r.regex.test(path));
  }));
  return app;
}

/** The context of an app made by createApp. */
export function contextOf(app: Express): MockContext {
  const ctx = app.locals.mock;
  if (!ctx) throw new Error("not an app made by createApp");
  return ctx;
}
