// What the tests share for the parts around the mock: a server listening on a free local port (closed when the
// test ends), a webhook receiver that keeps what it got, and a bearer token got the way a partner gets one.
// Test-only: imported by *.test.ts files, never by the mock.
import http from "node:http";
import { onTestFinished } from "vitest";
import { createReceiver, type ReceivedNotification } from "../receiver/receiver.js";

/** A server listening on 127.0.0.1 at a free port: its origin, and `close()` (also run when the test ends). */
export interface Listening {
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1:0; it is closed (with its open connections) when the current test finishes. */
export async function listen(server: http.Server): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the server is not listening on a TCP port");
  const { port } = address;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  onTestFinished(close);
  return { origin: `http://127.0.0.1:${port}`, port, close };
}

/** A receiver of webhook notifications on a free port, with what it has received so far. */
export interface TestReceiver extends Listening {
  /** Where to point a webhook: `<origin>/hook`. */
  url: string;
  received: ReceivedNotification[];
}

/**
 * The project's own webhook receiver (receiver/receiver.ts) on a free port: it verifies signatures with `secret`
 * (default `s3cret`), answers 500 to the first `failFirst` notifications, and prints nothing.
 */
export async function useReceiver(options: { secret?: string | undefined; failFirst?: number } = {}): Promise<TestReceiver> {
  const received: ReceivedNotification[] = [];
  const server = createReceiver({ secret: "secret" in options ? options.secret : "s3cret", failFirst: options.failFirst ?? 0, print: () => undefined, onNotification: (n) => received.push(n) });
  const l = await listen(server);
  return { ...l, url: `${l.origin}/hook`, received };
}

/** A request as a test server received it, and when (ms since the epoch) its body had arrived. */
export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

/** A plain HTTP server on a free port whose requests `answer` handles (n: 1 for the first), keeping each as received. */
export async function useServer(answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<Listening & { url: string; requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      answer(req, res, requests.length);
    });
  });
  const l = await listen(server);
  return { ...l, url: `${l.origin}/hook`, requests };
}

/** The credentials of a client (the demo client's by default). */
export interface Credentials {
  id: string;
  secret: string;
}

/**
 * A bearer token from the token endpoint at `<origin>/connect/token`, asked for as a partner does (client
 * credentials in a form body); throws naming the status when the endpoint refuses.
 */
export async function requestToken(origin: string, client: Credentials = { id: "partner-demo", secret: "partner-demo-secret" }): Promise<string> {
  const res = await fetch(`${new URL(origin).origin}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }).toString(),
  });
  const body: unknown = await res.json();
  if (res.status !== 200 || typeof body !== "object" || body === null || !("access_token" in body) || typeof body.access_token !== "string") {
    throw new Error(`POST /connect/token for ${client.id} answered ${res.status}: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}
