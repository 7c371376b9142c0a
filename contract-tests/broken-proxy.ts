// Test helper: a loopback HTTP proxy in front of a target that can break it on purpose (rename a field, change a
// status, skip the auth check, leak another client's data), to prove the suite notices.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** Path and query, e.g. `/energy-coordination/v1/users/u1`. */
  url: string;
  headers: Record<string, string>;
  /** The body as text ("" for none); a breakage may replace it (or change `method` to one without a body). */
  body: string;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Breakage {
  /** Changes the request before it goes upstream (edit `headers` in place). */
  request?(req: ProxiedRequest): void;
  /** Changes the response before it goes back; return nothing to pass it on as it is. */
  response?(req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse | void;
}

export interface Proxy {
  origin: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade"]);

function plain(headers: IncomingHttpHeaders | Headers): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")] as const);
  return Object.fromEntries(entries.filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
}

/**
 * Starts a proxy on 127.0.0.1:0 that forwards to `upstream` (an origin, or a function naming the current one)
 * through the breakage; the breakage's hooks are read at each request, so a test may swap them.
 */
export async function startProxy(upstream: string | (() => string), breakage: Breakage = {}): Promise<Proxy> {
  const origin = typeof upstream === "string" ? () => upstream : upstream;
  const server: Server = createServer(async (incoming, outgoing) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const raw = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const text = raw?.toString("utf8") ?? "";
      const req: ProxiedRequest = { method: incoming.method ?? "GET", url: incoming.url ?? "/", headers: plain(incoming.headers), body: text };
      breakage.request?.(req);
      // The bytes as they came unless the breakage rewrote the text (so bytes that are not UTF-8 pass unchanged).
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : req.body === text ? raw : req.body;
      const answer = await fetch(`${origin()}${req.url}`, { method: req.method, headers: req.headers, body, redirect: "manual" });
      let res: ProxiedResponse = { status: answer.status, headers: plain(answer.headers), body: await answer.text() };
      res = breakage.response?.(req, res) ?? res;
      outgoing.writeHead(res.status, res.headers).end(res.body);
    } catch (e) {
      outgoing.writeHead(502, { "content-type": "text/plain" }).end(`proxy: ${(e as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
