import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { measure, type LoadPlan } from "./load.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that answers 404 to /missing and 200 to everything else. */
async function origin(): Promise<string> {
  server = createServer((req, res) => {
    res.statusCode = req.url === "/missing" ? 404 : 200;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const settings = { connections: 2, durationS: 0.2, warmupS: 0 };

it("counts every response of a single-request load whose status is not the expected one", async () => {
  const url = await origin();
  const plan: LoadPlan = { unit: "req", expected: [200], requests: [{ method: "GET", path: "/missing" }] };
  const m = await measure(url, process.pid, plan, settings);
  expect(m.requests).toBeGreaterThan(0);
  expect(m.mismatches).toBe(m.requests);
  expect(m.rate).toBe(0);
});

it("counts a flow only when its every step answers as expected", async () => {
  const url = await origin();
  const plan: LoadPlan = {
    unit: "flow",
    expected: [200, 200],
    requests: [
      { method: "GET", path: "/a" },
      { method: "GET", path: "/missing" },
    ],
  };
  const m = await measure(url, process.pid, plan, settings);
  expect(m.mismatches).toBeGreaterThan(0);
  expect(m.rate).toBe(0);
  expect(m.peakRssBytes).toBeGreaterThan(0);
});

it("hands bodies to a flow's hooks again after a single-request load that left them unread", async () => {
  const url = await origin();
  await measure(url, process.pid, { unit: "req", expected: [200], requests: [{ method: "GET", path: "/a" }] }, settings);
  const bodies = new Set<string>();
  const plan: LoadPlan = { unit: "flow", expected: [200], requests: [{ method: "GET", path: "/a", onResponse: (_status, body) => void bodies.add(body) }] };
  const m = await measure(url, process.pid, plan, settings);
  expect(m.rate).toBeGreaterThan(0);
  expect([...bodies]).toEqual(["{}"]);
});
