import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import { expect, it } from "vitest";
import type { DispatchedResponse } from "./bare.js";
import { fairShare } from "./fairness.js";

/** Busy for `ms`, as a handler that computes is. */
function work(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** A response of the client named before the request's dash, which says it is done with 'close'. */
function responseOf(name: string, arrivedAt?: number): DispatchedResponse & EventEmitter {
  return Object.assign(new EventEmitter(), { locals: { clientId: name.split("-")[0], arrivedAt } }) as unknown as DispatchedResponse & EventEmitter;
}

/**
 * Sends requests of clients through one scheduler and resolves with the order their handlers ran in. A handler
 * costs `costMs` at once, or, with `afterAwait`, after an await (as every handler of the mock awaits its store).
 */
function runOrder(requests: string[], costMs: number, afterAwait: (name: string) => boolean = () => false, beforeQueueMs: (name: string) => number = () => 0): Promise<string[]> {
  const fair = fairShare();
  const ran: string[] = [];
  const req = {} as IncomingMessage;
  return new Promise((resolve) => {
    for (const name of requests) {
      const res = responseOf(name, performance.now() - beforeQueueMs(name));
      const done = () => {
        work(costMs);
        ran.push(name);
        res.emit("close");
        if (ran.length === requests.length) resolve(ran);
      };
      void fair(req as never, res, () => (afterAwait(name) ? void Promise.resolve().then(done) : done()));
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

it("counts the work a handler does after an await, so a flood of such requests still waits its turn", async () => {
  const flood = Array.from({ length: 40 }, (_, i) => `a-${i + 1}`);
  const reads = Array.from({ length: 10 }, (_, i) => `b-${i + 1}`);
  // The flood's handlers work after an await (timing the call alone saw them as free); the reads are cheap.
  const order = await runOrder(["a-0", "b-0", ...flood, ...reads], 1, (name) => name.startsWith("a"));
  // Every read has run before half of the flood has.
  expect(Math.max(...reads.map((r) => order.indexOf(r)))).toBeLessThan(order.indexOf("a-20"));
  expect(order).toHaveLength(52);
});

it("charges a client the time its requests took before the queue (the token check, the body)", async () => {
  const a = Array.from({ length: 10 }, (_, i) => `a-${i + 1}`);
  const b = Array.from({ length: 10 }, (_, i) => `b-${i + 1}`);
  // Arriving in turn, with handlers of the same cost; a's requests each took 4 ms before they reached the queue.
  const order = await runOrder(["a-0", "b-0", ...a.flatMap((name, i) => [name, b[i]!])], 1, () => false, (name) => (name.startsWith("a") ? 4 : 0));
  // Served by handler time alone they would alternate, and b-10 would run after a-9.
  expect(order.indexOf("b-10")).toBeLessThan(order.indexOf("a-5"));
  expect(order).toHaveLength(22);
});

it("runs a lone client's requests at once, in arrival order", async () => {
  const requests = Array.from({ length: 10 }, (_, i) => `a-${i}`);
  const fair = fairShare();
  const ran: string[] = [];
  for (const name of requests) void fair({} as never, responseOf(name), () => void ran.push(name));
  // Synchronously: nothing was deferred.
  expect(ran).toEqual(requests);
  expect(await runOrder(requests, 1)).toEqual(requests);
});
