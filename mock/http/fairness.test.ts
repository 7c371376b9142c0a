import type { NextFunction, Request, Response } from "express";
import { expect, it } from "vitest";
import { fairShare } from "./fairness.js";

/** Busy for `ms`, as a handler that computes is. */
function work(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** Sends requests of clients through one scheduler and resolves with the order their handlers ran in. */
function runOrder(requests: string[], costMs: number): Promise<string[]> {
  const fair = fairShare();
  const ran: string[] = [];
  return new Promise((resolve) => {
    for (const name of requests) {
      const res = { locals: { clientId: name.split("-")[0] } } as unknown as Response;
      const next: NextFunction = () => {
        work(costMs);
        ran.push(name);
        if (ran.length === requests.length) resolve(ran);
      };
      fair({} as Request, res, next);
    }
  });
}

it("runs a waiting client's request before the backlog of a client that floods the loop", async () => {
  const flood = Array.from({ length: 20 }, (_, i) => `a-${i + 1}`);
  const order = await runOrder(["a-0", "b-1", ...flood, "b-2"], 1);
  // Arrival order would run b-2 last; it runs while most of the flood still waits.
  expect(order.indexOf("b-2")).toBeLessThan(order.indexOf("a-10"));
  expect(order.indexOf("b-1")).toBeLessThan(order.indexOf("a-2"));
  expect([...order].sort()).toEqual(["a-0", "b-1", ...flood, "b-2"].sort());
});

it("runs a lone client's requests at once, in arrival order", async () => {
  const requests = Array.from({ length: 10 }, (_, i) => `a-${i}`);
  const fair = fairShare();
  const ran: string[] = [];
  for (const name of requests) fair({} as Request, { locals: { clientId: "a" } } as unknown as Response, () => void ran.push(name));
  // Synchronously: nothing was deferred.
  expect(ran).toEqual(requests);
  expect(await runOrder(requests, 1)).toEqual(requests);
});
