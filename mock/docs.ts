// /docs: the spec in Swagger UI (the swagger-ui-dist package, served from the installed dependency: no CDN, works
// offline), with "try it" pointed at this mock and, on a loopback-only mock, a token for the demo client fetched on load.
// /docs?spec=control shows the control API (spec/mock-control.yaml) the same way.
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import express, { type Router } from "express";
import type { JsonObject } from "../spec/openapi.js";
import { projectPath } from "../spec/paths.js";
import { controlValidators } from "./control/spec.js";
import type { MockContext } from "./context.js";
import { DEMO_CLIENT } from "./clients.js";
import { API_BASE, TOKEN_PATH } from "./errors.js";
import { originOf } from "./origin.js";

/** The only files of swagger-ui-dist the page loads. */
const VIEWER_FILES = ["swagger-ui-bundle.js", "swagger-ui.css"];
const OWN_FILES = { "/": "page.html", "/init.js": "init.js" } as const;
const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

/** Swagger UI styles elements inline and draws icons from data: URLs; nothing leaves this origin. */
export const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The folder of the installed swagger-ui-dist (beside this package or hoisted in the partner's project). */
export function viewerFolder(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}


/** The API's spec with its servers replaced by this mock, so "try it" calls it. */
function apiDocument(ctx: MockContext, here: string): JsonObject {
  const doc = ctx.validators.spec.document;
  const paths = { ...(doc.paths as JsonObject) };
  const token = paths[TOKEN_PATH] as JsonObject | undefined;
  if (token) paths[TOKEN_PATH] = { ...token, servers: [{ url: here, description: "This mock" }] };
  const components = doc.components as JsonObject & { securitySchemes?: JsonObject };
  const oauth2 = { type: "oauth2", description: "Client credentials (the demo client: partner-demo / partner-demo-secret)", flows: { clientCredentials: { tokenUrl: `${here}${TOKEN_PATH}`, scopes: {} } } };
  return { ...doc, servers: [{ url: `${here}${API_BASE}`, description: "This mock" }], paths, components: { ...components, securitySchemes: { ...components.securitySchemes, oauth2 } } };
}

function controlDocument(here: string): JsonObject {
  return { ...controlValidators().spec.document, servers: [{ url: here, description: "This mock" }] };
}

/** The /docs router. */
export function docsRouter(ctx: MockContext): Router {
  const router = express.Router({ strict: true });
  const send = (folder: string, file: string): express.RequestHandler => (_req, res) => {
    const type = TYPES[file.slice(file.lastIndexOf("."))]!;
    res.sendFile(join(folder, file), { headers: { "Content-Type": type, "Cache-Control": "no-cache", "Content-Security-Policy": DOCS_CSP, "X-Content-Type-Options": "nosniff" } });
  };
  const viewer = viewerFolder();
  for (const file of VIEWER_FILES) router.get(`/${file}`, send(viewer, file));
  for (const [path, file] of Object.entries(OWN_FILES)) router.get(path, send(projectPath("mock", "docs"), file));
  router.get("/openapi.json", (req, res) => void res.json(apiDocument(ctx, originOf(req, ctx))));
  router.get("/mock-control.json", (req, res) => void res.json(controlDocument(originOf(req, ctx))));
  // The page fills in a demo token only where the demo client cannot be anyone else's: on a loopback-only mock.
  const demoToken = () => ctx.loopback && ctx.clients.list.some((c) => c.id === DEMO_CLIENT.id && c.secret === DEMO_CLIENT.secret);
  router.get("/demo.json", (_req, res) => void res.json({ demoToken: demoToken() }));
  return router;
}
