// The request journal in Redis (journal.ts): a client reads its newest 1,000 requests, newest first, and what this
// process recorded a moment ago; lines that the trim would drop at once are never made into JSON nor sent.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import type { JournalEntry } from "../../../spec/control-types.js";
import { connectRedis } from "./data-store.js";
import { RedisJournal } from "./journal.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(() => server.stop());

async function journal() {
  const { redis, target } = await connectRedis(server.url);
  onTestFinished(() => void redis.disconnect());
  return new RedisJournal({ redis, display: target.display, prefix: `j${randomUUID().slice(0, 8)}:` });
}

const entry = (n: number, body: unknown = null): JournalEntry => ({ at: "2026-12-05T12:00:00.000Z", method: "GET", path: `/energy-coordination/v1/users/u${n}`, query: {}, operationId: "GetUserById", status: 200, durationMs: 0.5, body });

it("reads back at once what this process just recorded, newest first, each client its own", async () => {
  const j = await journal();
  j.add("c1", entry(1));
  j.add("c2", entry(2));
  j.add("c1", entry(3));
  expect((await j.latest("c1", 10)).map((e) => e.path)).toEqual(["/energy-coordination/v1/users/u3", "/energy-coordination/v1/users/u1"]);
  expect(await j.latest("c2", 10)).toEqual([entry(2)]);
});

it("writes only a client's newest 1,000 lines of a batch, and makes JSON of no other", async () => {
  const j = await journal();
  let serialized = 0;
  const counted = { toJSON: () => (serialized++, null) };
  for (let n = 0; n < 2500; n++) j.add("busy", entry(n, counted));
  j.add("quiet", entry(0, counted));
  const newest = await j.latest("busy", 1000);
  expect(newest.length).toBe(1000);
  expect([newest[0]!.path, newest[999]!.path]).toEqual(["/energy-coordination/v1/users/u2499", "/energy-coordination/v1/users/u1500"]);
  expect(serialized).toBe(1001);
  expect(await j.latest("quiet", 10)).toEqual([entry(0)]);
});
