// Everything the mock serves besides the API and the control API (both dispatched from the route table, see
// http/dispatch.ts), mounted on the app in one place: the API docs at /docs (and its documents at /openapi.json,
// /openapi.yaml, /mock-control.json) and the console at /console.
import type { Express } from "express";
import type { MockContext } from "../context.js";
import { docsRouter, specRouter } from "../ui/docs.js";
import { consoleRouter } from "../ui/console.js";

/** Mounts the docs, the spec documents and the console. */
export function mountPages(app: Express, ctx: MockContext): void {
  app.use("/docs", docsRouter(ctx));
  app.use(specRouter(ctx));
  app.use("/console", consoleRouter());
}
