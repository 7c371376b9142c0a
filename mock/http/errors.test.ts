// How the one renderer recognises an API error: by the mark it carries, so an error from another copy of the module
// (a store loaded beside the bundle, an embedder's second copy of the package) renders as it would from this one.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, expect, it, vi } from "vitest";
import { ApiError, errorHandler, isApiError } from "./errors.js";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** An app whose one route throws `error`, answered by the error handler; resolves with the status and body. */
async function answerTo(error: unknown): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const app = express();
  app.get("/boom", () => {
    throw error;
  });
  app.use(errorHandler({ find: () => undefined }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
  } finally {
    server.close();
  }
}

it("recognises an ApiError of another copy of the module by its mark, not its class", async () => {
  vi.resetModules();
  const copy = await import("./errors.js");
  expect(copy.ApiError).not.toBe(ApiError);
  const fromCopy = new copy.ApiError(503, "store-unavailable", "the store is unavailable", undefined, { "Retry-After": "2" });
  expect(fromCopy instanceof ApiError).toBe(false);
  expect(isApiError(fromCopy)).toBe(true);
  expect(isApiError(new Error("x"))).toBe(false);
  expect(isApiError({ status: 404, code: "user-not-found" })).toBe(false);
  expect(await answerTo(fromCopy)).toEqual({
    status: 503,
    retryAfter: "2",
    body: { type: "urn:energy-coordination-mock:problem:store-unavailable", title: "Service Unavailable", status: 503, detail: "GET /boom: the store is unavailable" },
  });
});

it("answers a failure of its own 500, writing one line to stderr, and its stack only with MOCK_DEBUG", async () => {
  const lines: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);
  const bug = new TypeError("cannot read properties of undefined\n(reading 'x')");
  expect(await answerTo(bug)).toEqual({
    status: 500,
    retryAfter: null,
    body: { type: "urn:energy-coordination-mock:problem:internal-error", title: "Internal Server Error", status: 500, detail: "GET /boom: the mock failed unexpectedly; please report it" },
  });
  expect(lines).toEqual(["mock: GET /boom: TypeError: cannot read properties of undefined\n"]);

  lines.length = 0;
  vi.stubEnv("MOCK_DEBUG", "1");
  await answerTo(bug);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^mock: GET \/boom: TypeError: cannot read properties of undefined\n\(reading 'x'\)\n\s+at /);
});

it("writes nothing to stderr for a 503 it answers on purpose: the request's log line names it", async () => {
  const write = vi.spyOn(process.stderr, "write");
  expect((await answerTo(new ApiError(503, "store-unavailable", "down", undefined, { "Retry-After": "2" }))).status).toBe(503);
  expect(write).not.toHaveBeenCalled();
});
