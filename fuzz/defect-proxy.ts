// Test helper: a loopback proxy that forwards requests byte for byte (no URL normalisation, unlike fetch) and can
// carry one input-dependent defect, seeing the request body as well as the answer, to prove the fuzzer finds it.
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  /** Path and query as sent, e.g. `/energy-coordination/v1/users/a%2Bb`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Defect {
  /** Changes the request before it goes upstream, or answers it at once (an Answer). */
  request?(req: SeenRequest): Answer | void;
  /** Changes the answer before it goes back (return nothing to pass it on). */
  response?(req: SeenRequest, res: Answer): Answer | void;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "upgrade"]);

function plain(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (HOP_BY_HOP.has(k) || v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]])));
}

function forward(upstream: URL, req: SeenRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: IncomingHttpHeaders = { ...req.headers, "content-length": String(req.body.length) };
    delete headers["transfer-encoding"];
    if (req.body.length === 0 && req.headers["content-length"] === undefined) delete headers["content-length"];
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: plain(res.headers), body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    out.on("error", reject);
    out.end(req.body);
  });
}

/** Starts the proxy on 127.0.0.1:0 in front of `upstream` (an origin). */
export async function startDefectProxy(upstream: string, defect: Defect = {}): Promise<{ origin: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server: Server = createServer(async (incoming, outgoing) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const req: SeenRequest = { method: incoming.method ?? "GET", url: incoming.url ?? "/", headers: { ...incoming.headers }, body: Buffer.concat(chunks) };
      let res = defect.request?.(req) ?? (await forward(target, req));
      res = defect.response?.(req, res) ?? res;
      outgoing.writeHead(res.status, { ...res.headers, "content-length": String(Buffer.byteLength(res.body)) }).end(res.body);
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
