// /docs: the spec in Swagger UI (two files of the swagger-ui-dist package, copied into dist/viewer by the build so the
// installed package needs no dependency for them; no CDN, works offline), with "try it" pointed at this mock and, on a
// loopback-only mock, a token for the demo client fetched on load.
// /docs?spec=control shows the control API (spec/mock-control.yaml) the same way.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import express, { type Router } from "express";
import { dump } from "js-yaml";
import type { JsonObject } from "../../spec/openapi.js";
import { projectPath } from "../../spec/paths.js";
import { controlValidators } from "../control/spec.js";
import type { MockContext } from "../context.js";
import { DEMO_CLIENT } from "../state/clients.js";
import { API_BASE, TOKEN_PATH } from "../http/errors.js";
import { originOf } from "../http/origin.js";

/** The only files of swagger-ui-dist the page loads (the build copies them, with the licence, to BUILT_VIEWER). */
export const VIEWER_FILES = ["swagger-ui-bundle.js", "swagger-ui.css"] as const;
export const BUILT_VIEWER = projectPath("dist", "viewer");
const OWN_FILES = { "/": "page.html", "/init.js": "init.js" } as const;
const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

/** Swagger UI styles elements inline and draws icons from data: URLs; nothing leaves this origin. */
export const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Where the viewer's files are: the built copy, or (in a clone not yet built) the swagger-ui-dist dev dependency. */
export function viewerFolder(): string {
  if (VIEWER_FILES.every((file) => existsSync(join(BUILT_VIEWER, file)))) return BUILT_VIEWER;
  return installedViewer();
}

/** The folder of the installed swagger-ui-dist package. */
export function installedViewer(): string {
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
  for (const [path, file] of Object.entries(OWN_FILES)) router.get(path, send(projectPath("mock", "ui", "docs"), file));
  router.get("/openapi.json", (req, res) => void res.json(apiDocument(ctx, originOf(req, ctx))));
  router.get("/mock-control.json", (req, res) => void res.json(controlDocument(originOf(req, ctx))));
  // The page fills in a demo token only where the demo client cannot be anyone else's: on a loopback-only mock.
  const demoToken = () => ctx.loopback && ctx.clients.list.some((c) => c.id === DEMO_CLIENT.id && c.secret === DEMO_CLIENT.secret);
  router.get("/demo.json", (_req, res) => void res.json({ demoToken: demoToken() }));
  return router;
}

/** The spec documents at plain URLs, for a client generator pointed at the running mock. */
export const SPEC_URLS = { api: "/openapi.json", apiYaml: "/openapi.yaml", control: "/mock-control.json" } as const;

/** `/openapi.json`, `/openapi.yaml` and `/mock-control.json` at the root: the documents /docs shows. */
export function specRouter(ctx: MockContext): Router {
  const router = express.Router({ strict: true });
  router.get(SPEC_URLS.api, (req, res) => void res.json(apiDocument(ctx, originOf(req, ctx))));
  router.get(SPEC_URLS.apiYaml, (req, res) => {
    res.type("application/yaml; charset=utf-8").send(dump(apiDocument(ctx, originOf(req, ctx)), { lineWidth: -1, noRefs: true }));
  });
  router.get(SPEC_URLS.control, (req, res) => void res.json(controlDocument(originOf(req, ctx))));
  return router;
}
