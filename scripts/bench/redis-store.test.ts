import { expect, it } from "vitest";
import { formatRedisStore, redisChecks, type RedisRow, type RedisStoreSummary } from "./redis-store.js";

const row = (setup: RedisRow["setup"], rate: number, cpuUs: number, redisCpuUs = 0): RedisRow => ({ load: "GET /users/{id}", setup, rate, p99Ms: 5, mismatches: 0, cpuUs, redisCpuUs });

const summary: RedisStoreSummary = {
  rows: [row("memory", 40_000, 24), row("memory, 2 mocks sharing nothing", 37_600, 27), row("redis, 1 replica", 31_000, 31, 2), row("redis, 2 replicas", 29_200, 39, 4)],
  bytesPer100kUsers: 68.4 * 1024 * 1024,
  usersMeasured: 100_000,
};

it("judges one and two replicas against the in-memory mock, and shows two mocks sharing nothing beside them as a figure that never fails the run", () => {
  expect(redisChecks(summary).map((c) => [c.name, Number(c.value?.toFixed(3)), c.target, c.pass])).toEqual([
    ["GET /users/{id}: one Redis replica / in-memory", 0.775, ">= 0.75", true],
    ["GET /users/{id}: two Redis replicas / in-memory", 0.73, ">= 0.9", false],
    ["GET /users/{id}: two in-memory mocks sharing nothing / in-memory (two replicas' ceiling here)", 0.94, "info", undefined],
    ["p99 of one Redis replica, GET /users/{id}", 5, "<= 50 ms", true],
  ]);
  expect(redisChecks(undefined)).toEqual([]);
  // A setup whose load did not run has no value, so no verdict.
  const missing = redisChecks({ ...summary, rows: summary.rows.filter((r) => r.setup !== "redis, 2 replicas") });
  expect(missing[1]).toMatchObject({ name: "GET /users/{id}: two Redis replicas / in-memory", value: undefined, pass: undefined });
});

it("prints every setup's row, with Redis's CPU only where Redis served it", () => {
  expect(formatRedisStore(summary).split("\n")).toEqual([
    "load                    store                              req/s   p99 ms  unexpected  CPU µs each  Redis CPU µs each",
    "GET /users/{id}         memory                            40,000        5           0           24                  -",
    "GET /users/{id}         memory, 2 mocks sharing nothing   37,600        5           0           27                  -",
    "GET /users/{id}         redis, 1 replica                  31,000        5           0           31                  2",
    "GET /users/{id}         redis, 2 replicas                 29,200        5           0           39                  4",
    "CPU µs each: the replicas' CPU time per request (on a loaded machine compare by it); Redis's includes the warm-up.",
    "Redis memory: 68.4 MB per 100,000 users with a location each (measured over 100,000).",
  ]);
});
