// /console: a page a partner opens next to their code (plain ES modules from mock/ui/console/, no build step). It signs
// in with client credentials and uses only the public API and the control API, like any other client.
import { join } from "node:path";
import express, { type RequestHandler, type Router } from "express";
import { projectPath } from "../../spec/paths.js";

/** The console's files: what the package ships in mock/ui/console/ and the browser may load. */
export const CONSOLE_FILES = ["index.html", "app.js", "api.js", "dom.js", "console.css"];
const TYPES: Record<string, string> = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

/** No inline script or style and nothing from elsewhere: partner-chosen text can never become code. */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

export function consoleRouter(): Router {
  const router = express.Router();
  const folder = projectPath("mock", "ui", "console");
  const send = (file: string): RequestHandler => (_req, res) => {
    const type = TYPES[file.slice(file.lastIndexOf(".") + 1)]!;
    res.sendFile(join(folder, file), { headers: { "Content-Type": type, "Cache-Control": "no-cache", "Content-Security-Policy": CONSOLE_CSP, "X-Content-Type-Options": "nosniff" } });
  };
  router.get("/", send("index.html"));
  for (const file of CONSOLE_FILES) router.get(`/${file}`, send(file));
  return router;
}
