// The process bare Express runs in when benchmarked (the mock runs its own CLI), so that the load generator
// never shares its event loop and the measured RSS is the server's alone. Run as
// `node --import tsx server-child.ts`; it answers `{ port }` over IPC once listening and exits on SIGTERM or SIGINT.
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import express from "express";

export interface ChildReady {
  port: number;
}

/** The body bare Express answers on GET: the same shape and size as the mock's `GetUserById` answer. */
export const EXPRESS_USER_BODY = { userId: "3880a832-f483-4b6a-998d-6109d3a54b06" };

/**
 * Where the bench hands bare Express a page it then answers on `GET /events` or `GET /webhooks/logs` (the mock's own
 * bytes): `PUT /bench/events-page?for=/energy-coordination/v1/webhooks/logs`; without `for`, the events page.
 */
export const EXPRESS_PAGE_PATH = "/bench/events-page";

/** Express 5 with its JSON parser and its routes: the framework's ceiling on this machine. */
function bareExpress(): express.Express {
  const pages = new Map<string, Buffer>();
  const app = express();
  // The mock turns these two off as well (no ETag hashing of every body); the ratio is then the mock's own cost.
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(express.json());
  app.get("/energy-coordination/v1/users/:userId", (_req, res) => {
    res.json(EXPRESS_USER_BODY);
  });
  app.post("/energy-coordination/v1/users", (req, res) => {
    const body: unknown = req.body;
    const userId = typeof body === "object" && body !== null && "userId" in body ? body.userId : null;
    res.status(201).json({ userId });
  });
  app.put(EXPRESS_PAGE_PATH, express.raw({ type: () => true, limit: "64mb" }), (req, res) => {
    const target = typeof req.query.for === "string" ? req.query.for : "/energy-coordination/v1/events";
    pages.set(target, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    res.status(204).end();
  });
  // The page's bytes, ready to send: what sending them costs Express, with no work of its own (a string would
  // cost it a UTF-8 encoding per response; the mock keeps its pages as bytes).
  app.get(["/energy-coordination/v1/events", "/energy-coordination/v1/webhooks/logs"], (req, res) => {
    res.type("application/json").send(pages.get(req.path) ?? Buffer.alloc(0));
  });
  return app;
}

async function main(): Promise<void> {
  if (!process.send) throw new Error("server-child: must be started with an IPC channel");
  const server: Server = bareExpress().listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server-child: no TCP address");
  const ready: ChildReady = { port: address.port };
  process.send(ready);
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once("SIGTERM", stop).once("SIGINT", stop);
  process.once("disconnect", stop);
}

// Started as a script only; the bench imports the constants above.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
