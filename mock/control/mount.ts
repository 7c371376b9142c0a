// Everything the mock serves besides the API, mounted on the app in one place: the request journal (which watches
// the API's requests), the control API under /_mock, the API docs at /docs (and
// its documents at /openapi.json, /openapi.yaml, /mock-control.json) and the console at /console.
import type { Express } from "express";
import type { MockContext } from "../context.js";
import type { Route } from "../http/routing.js";
import { controlRouter } from "./router.js";
import { journalRecorder } from "../http/journal.js";
import { CONTROL_BASE } from "./spec.js";
import { docsRouter, specRouter } from "../ui/docs.js";
import { consoleRouter } from "../ui/console.js";

const isControl = (path: string) => path.toLowerCase().startsWith(`${CONTROL_BASE}/`);

/** Call before the API's routes, so that the journal sees their requests. */
export function mountControl(app: Express, ctx: MockContext, routes: readonly Route[]): void {
  app.use(journalRecorder(ctx.journal, (clientId) => ctx.now(clientId), isControl));
  app.use(CONTROL_BASE, controlRouter(ctx, routes));
  app.use("/docs", docsRouter(ctx));
  app.use(specRouter(ctx));
  app.use("/console", consoleRouter());
}
