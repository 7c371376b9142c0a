// The request body as a Buffer in `req.body`, for every dispatched route. Nearly every request a partner sends has a
// Content-Length within the limit and no Content-Encoding: those are read here, straight from the stream, which Node's
// parser has already cut to exactly Content-Length bytes. Anything else (a compressed or chunked body, one declared
// larger than the limit) goes to body-parser's `raw`, which inflates, enforces the limit and names what was wrong.
import express from "express";
import type { DispatchedHandler } from "./bare.js";

/** What body-parser's readers answer for a request the client abandoned mid-body (type and status as theirs). */
function aborted(received: number, expected: number): Error {
  return Object.assign(new Error(`request aborted after ${received} of ${expected} bytes of its body`), { status: 400, type: "request.aborted" });
}

/** Reads the body of a request up to `limit` bytes into `req.body` (a Buffer; undefined for a request without a body). */
export function bodyReader(limit: number): DispatchedHandler {
  const general = express.raw({ type: () => true, limit }) as unknown as DispatchedHandler;
  return (req, res, next) => {
    const { headers } = req;
    const declared = headers["content-length"];
    const length = declared === undefined ? NaN : Number(declared);
    const encoding = headers["content-encoding"];
    const plain = encoding === undefined || encoding.toLowerCase() === "identity";
    if (!(length <= limit) || !plain || headers["transfer-encoding"] !== undefined || req.readableEnded) return general(req, res, next);
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
    };
    const onEnd = (): void => {
      cleanup();
      req.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
      next();
    };
    const onGone = (): void => {
      cleanup();
      next(aborted(received, length));
    };
    const cleanup = (): void => {
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
    };
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  };
}
