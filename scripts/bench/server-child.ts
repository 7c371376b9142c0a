// The process bare Express (or, with the argument `raw`, a raw node:http server) runs in when benchmarked (the mock
// runs its own CLI), so that the load generator never shares its event loop and the measured RSS is the server's
// alone. Run as `node --import tsx server-child.ts [raw]`; it answers `{ port }` over IPC once listening and exits
// on SIGTERM or SIGINT.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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

const USER_PATH = /^\/energy-coordination\/v1\/users\/[^/]+$/;
const JSON_TYPE = "application/json; charset=utf-8";

/**
 * node:http with no framework at all, sending the same bytes as bare Express: what a Node process can answer on this
 * machine, the ceiling every other server is read against.
 */
function rawNode(): Server {
  const pages = new Map<string, Buffer>();
  const userBody = JSON.stringify(EXPRESS_USER_BODY);
  const send = (res: ServerResponse, status: number, body: string | Buffer) => {
    res.writeHead(status, ["Content-Type", JSON_TYPE, "Content-Length", String(Buffer.byteLength(body))]);
    res.end(body);
  };
  const bodyOf = (req: IncomingMessage, then: (body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c)).on("end", () => then(Buffer.concat(chunks)));
  };
  return createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (req.method === "GET" && USER_PATH.test(path)) return send(res, 200, userBody);
    if (req.method === "POST" && path === "/energy-coordination/v1/users") {
      return bodyOf(req, (raw) => {
        let userId: unknown = null;
        try {
          const body: unknown = JSON.parse(raw.toString("utf8"));
          if (typeof body === "object" && body !== null && "userId" in body) userId = body.userId;
        } catch {
          return send(res, 400, JSON.stringify("body is not JSON"));
        }
        send(res, 201, JSON.stringify({ userId }));
      });
    }
    if (req.method === "PUT" && path === EXPRESS_PAGE_PATH) {
      const target = new URLSearchParams(q === -1 ? "" : url.slice(q + 1)).get("for") ?? "/energy-coordination/v1/events";
      return bodyOf(req, (raw) => {
        pages.set(target, raw);
        res.writeHead(204).end();
      });
    }
    const page = req.method === "GET" ? pages.get(path) : undefined;
    if (page) return send(res, 200, page);
    send(res, 404, JSON.stringify("not found"));
  });
}

async function main(): Promise<void> {
  if (!process.send) throw new Error("server-child: must be started with an IPC channel");
  const server: Server = process.argv[2] === "raw" ? rawNode().listen(0, "127.0.0.1") : bareExpress().listen(0, "127.0.0.1");
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
