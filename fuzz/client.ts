// A raw HTTP/1.1 client for hostile requests: sends the path byte for byte (no URL normalisation of `..`,
// no re-encoding), repeated headers, any content type, any body. fetch() would tidy all of that away.
import http from "node:http";
import https from "node:https";

export interface RawRequest {
  method: string;
  /** Path and query exactly as they go on the request line. */
  path: string;
  /** A value array sends the header once per value. */
  headers: Record<string, string | string[]>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawClient {
  origin: string;
  send(req: RawRequest): Promise<RawResponse>;
  close(): void;
}

/** A keep-alive client of one origin (`http://127.0.0.1:PORT`, or an https one). */
export function rawClient(origin: string, options: { timeoutMs?: number; maxSockets?: number } = {}): RawClient {
  const url = new URL(origin);
  const secure = url.protocol === "https:";
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const request = secure ? https.request : http.request;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = (req: RawRequest) =>
    new Promise<RawResponse>((resolve, reject) => {
      const body = req.body === undefined ? undefined : Buffer.from(req.body);
      const headers: Record<string, string | string[]> = { ...req.headers };
      if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "content-length")) headers["content-length"] = String(body.length);
      const r = request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      r.on("timeout", () => r.destroy(new Error(`no answer within ${timeoutMs} ms (the server hangs)`)));
      r.on("error", reject);
      r.end(body);
    });
  return { origin, send, close: () => agent.destroy() };
}
