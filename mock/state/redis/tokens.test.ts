// What a request reads before its handler, kept in Redis: the token digests a revocation needs stay only as long as
// their tokens, so a client's set of them never only grows.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { Clocks } from "../clock.js";
import { connectRedis } from "./data-store.js";
import { RedisClockBacking } from "./clocks.js";
import { RedisTokens } from "./tokens.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(() => server.stop());

async function keyspace() {
  const { redis, target } = await connectRedis(server.url);
  onTestFinished(() => void redis.disconnect());
  const base = { redis, display: target.display, prefix: `s${randomUUID().slice(0, 8)}:` };
  const clocks = new Clocks(Date.now, new RedisClockBacking(base));
  return { ...base, clocks, tokens: (ttlMs: number, maxPerClient = 1000) => new RedisTokens({ ...base, ttlMs, maxPerClient, clocks }) };
}

it("drops the digests of expired tokens at the next issue, and the set itself with the last token", async () => {
  const s = await keyspace();
  const digests = `${s.prefix}{c1}:tokenexp`;
  const short = s.tokens(300);
  const long = s.tokens(60_000);
  const gone = [await short.issue("c1"), await short.issue("c1")];
  const kept = await long.issue("c1");
  expect(await s.redis.zcard(digests)).toBe(3);
  // The set lasts as long as its longest-lived token.
  expect(await s.redis.pttl(digests)).toBeGreaterThan(59_000);
  await expect.poll(async () => (await Promise.all(gone.map((t) => short.clientOf(t)))).filter((c) => c !== undefined).length, { timeout: 5000, interval: 50 }).toBe(0);
  await expect.poll(async () => (await s.redis.keys(`${s.prefix}tok:*`)).length, { timeout: 5000, interval: 50 }).toBe(1);
  const another = await long.issue("c1");
  expect(await s.redis.zcard(digests)).toBe(2);
  expect([await long.clientOf(kept), await long.clientOf(another)]).toEqual(["c1", "c1"]);

  // A client whose only tokens expire leaves no set behind.
  await short.issue("c2");
  await expect.poll(() => s.redis.exists(`${s.prefix}{c2}:tokenexp`), { timeout: 5000, interval: 50 }).toBe(0);
});

it("revokes every token of a client, also those listed by an older version, and removes their digests and end markers", async () => {
  const s = await keyspace();
  const tokens = s.tokens(60_000);
  const t1 = await tokens.issue("c1");
  // What 0.1.0 kept: a plain set of digests, beside the token's key.
  await s.redis.set(`${s.prefix}tok:old`, `${Date.now() + 60_000}\n${s.prefix}{c1}:clock\nc1`, "PX", 60_000);
  await s.redis.sadd(`${s.prefix}{c1}:tokens`, "old");
  await tokens.revokeClient("c1");
  expect(await tokens.clientOf(t1)).toBeUndefined();
  expect(await s.redis.keys(`${s.prefix}*`)).toEqual([]);
});

it("keeps at most the cap of live tokens per client, revoking the oldest with its key", async () => {
  const s = await keyspace();
  const tokens = s.tokens(60_000, 2);
  const issued: string[] = [];
  // Many within one millisecond: the newest two must survive, whatever their digests.
  for (let i = 0; i < 20; i++) issued.push(await tokens.issue("c1"));
  const other = await tokens.issue("c2");
  expect(await Promise.all(issued.map((t) => tokens.clientOf(t)))).toEqual([...Array(18).fill(undefined), "c1", "c1"]);
  expect(await tokens.clientOf(other)).toBe("c2");
  expect(await s.redis.zcard(`${s.prefix}{c1}:tokenexp`)).toBe(2);
  expect((await s.redis.keys(`${s.prefix}tok:*`)).length).toBe(3);
});

it("forgets a token once its lifetime has passed in real time, though the client froze its clock in 2000", async () => {
  const s = await keyspace();
  s.clocks.set("c1", Date.parse("2000-01-01T00:00:00Z"), true);
  await s.clocks.saved("c1");
  const tokens = s.tokens(300);
  const token = await tokens.issue("c1");
  expect(await tokens.clientOf(token)).toBe("c1");
  await expect.poll(() => tokens.clientOf(token), { timeout: 5000, interval: 50 }).toBeUndefined();
  expect(s.clocks.state("c1")).toMatchObject({ now: "2000-01-01T00:00:00.000Z", frozen: true });
  // Its end marker outlives it, so the refusal can say why.
  expect(await tokens.status(token)).toEqual({ state: "outlived", clientId: "c1", expiresAt: Date.parse("2000-01-01T00:00:00.300Z"), realExpiresAt: expect.any(Number), now: Date.parse("2000-01-01T00:00:00Z") });
});
