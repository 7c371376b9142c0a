// What the handlers of a dispatched route get: Node's own request and response, with the few fields the dispatcher
// sets, and how an answer is written to them. Giving them Express's prototypes (as Express does on every request) costs far more than anything the mock
// does per request (Node's HTTP objects then lose their fast shape: GET /users/{id} measured 120 µs of CPU instead
// of 35), so only the routes and the error path that use Express's helpers get them (dispatch.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiResponse } from "./handler.js";

export interface DispatchedRequest extends IncomingMessage {
  /** Always set on a request an HTTP server received. */
  method: string;
  /** The request target as received (path and query). */
  originalUrl: string;
  /** The path parameters, decoded (typed as Express types them, so an Express request is one too). */
  params: Record<string, string | string[]>;
  /** The raw body (a Buffer) once the body reader ran; undefined before or without one. */
  body?: unknown;
}

export interface DispatchedResponse extends ServerResponse {
  locals: Express.Locals;
}

/** One step of a dispatched route: answers, or calls `next` (with an error to render it). */
export type DispatchedHandler = (req: DispatchedRequest, res: DispatchedResponse, next: (err?: unknown) => void) => unknown;

const JSON_TYPE = "application/json; charset=utf-8";

/** Writes an operation's answer straight to Node's response (res.send's ETag and freshness logic are not needed). */
export function sendAnswer(res: DispatchedResponse, r: ApiResponse): void {
  if (r.headers) for (const [k, v] of Object.entries(r.headers)) res.setHeader(k, v);
  res.statusCode = r.status;
  if (r.body === undefined && r.json === undefined) {
    res.end();
    return;
  }
  const text = r.json ?? JSON.stringify(r.body);
  res.setHeader("Content-Type", JSON_TYPE);
  res.setHeader("Content-Length", typeof text === "string" ? Buffer.byteLength(text) : text.length);
  res.end(text);
}
