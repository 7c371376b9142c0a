// What a replica answers from memory (tracked-reads.ts): a token, its clock and a user read before cost Redis no
// command, and yet a change made through another connection is seen by the very next read, through lost connections
// and a restarted Redis; what does not exist is never tracked.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { Clocks } from "../clock.js";
import { connectRedis, RedisDataStore, redisOptions } from "./data-store.js";
import { RedisClockBacking } from "./clocks.js";
import { RedisTokens } from "./tokens.js";
import { TrackedReads } from "./tracked-reads.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(() => server.stop());

/** One replica with tracked reads, and another without, on one prefix; `admin` is a plain connection. */
async function replicas() {
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const connect = async () => {
    const { redis, target } = await connectRedis(server.url);
    onTestFinished(() => void redis.disconnect());
    return { redis, target };
  };
  const replica = async (trackedReads: boolean) => {
    const { redis, target } = await connect();
    const tracked = trackedReads ? await TrackedReads.open((await connect()).redis, redisOptions(target)) : undefined;
    if (tracked) onTestFinished(() => tracked.close());
    const base = { redis, display: target.display, prefix };
    const clocks = new Clocks(Date.now, new RedisClockBacking(base));
    const tokens = new RedisTokens({ ...base, ttlMs: 60_000, maxPerClient: 1000, clocks, ...(tracked && { tracked }) });
    const store = new RedisDataStore({ ...base, areas: [], now: () => Date.now(), ...(tracked && { tracked }) });
    return { tracked, clocks, tokens, store };
  };
  const admin = (await connect()).redis;
  return { prefix, admin, cached: await replica(true), other: await replica(false) };
}

/** How many times Redis has run each of these commands so far. */
async function commandCounts(admin: { info(section: string): Promise<string> }, names: string[]): Promise<number[]> {
  const info = await admin.info("commandstats");
  return names.map((name) => Number(new RegExp(`^cmdstat_${name}:calls=(\\d+)`, "m").exec(info)?.[1] ?? 0));
}

const trackedKeys = async (admin: { info(section: string): Promise<string> }) => Number(/^tracking_total_keys:(\d+)/m.exec(await admin.info("stats"))?.[1]);

it("answers a token, its clock and a user read before without a command to Redis", async () => {
  const { admin, cached, other } = await replicas();
  expect(cached.tracked!.state).toEqual({ live: true });
  const token = await other.tokens.issue("c1");
  await other.store.addUser("c1", "u1");
  expect(await cached.tokens.status(token)).toEqual({ state: "live", clientId: "c1" });
  expect(await cached.store.user("c1", "u1")).toEqual({ userId: "u1" });
  // The replica reads them again, tracked, in the background: the token's entry, the clock and the user.
  await expect.poll(() => cached.tracked!.size).toBe(3);

  const before = await commandCounts(admin, ["evalsha", "eval", "get", "exists", "zscore"]);
  for (let i = 0; i < 50; i++) {
    expect(await cached.tokens.status(token)).toEqual({ state: "live", clientId: "c1" });
    expect(await cached.store.user("c1", "u1")).toEqual({ userId: "u1" });
  }
  expect(await commandCounts(admin, ["evalsha", "eval", "get", "exists", "zscore"])).toEqual(before);
});

it("sees at once what another replica changed: a revoked token, a moved clock, a deleted or a new user", async () => {
  const { cached, other } = await replicas();
  for (let round = 0; round < 10; round++) {
    const client = `c${round}`;
    const token = await other.tokens.issue(client);
    await other.store.addUser(client, "u1");
    const kept = cached.tracked!.size;
    expect(await cached.tokens.status(token)).toEqual({ state: "live", clientId: client });
    expect(await cached.store.user(client, "u1")).toEqual({ userId: "u1" });
    await expect.poll(() => cached.tracked!.size - kept).toBe(3);

    await other.store.deleteUser(client, "u1");
    await expect(cached.store.user(client, "u1")).rejects.toMatchObject({ status: 404, code: "user-not-found" });
    await other.store.addUser(client, "u1");
    expect(await cached.store.user(client, "u1")).toEqual({ userId: "u1" });

    // The other replica moves the client's clock two hours on: the token, valid for a minute, has expired here too.
    other.clocks.set(client, Date.now() + 2 * 3_600_000, false);
    await other.clocks.saved(client);
    expect(await cached.tokens.status(token)).toMatchObject({ state: "expired", clientId: client });
    other.clocks.set(client, Date.now(), false);
    await other.clocks.saved(client);
    expect(await cached.tokens.status(token)).toEqual({ state: "live", clientId: client });

    await other.tokens.revokeClient(client);
    expect(await cached.tokens.status(token)).toEqual({ state: "unknown" });
  }
});

it("tracks nothing for a made-up token or user id", async () => {
  const { admin, cached, other } = await replicas();
  await other.store.addUser("c1", "u1");
  const before = await trackedKeys(admin);
  for (let i = 0; i < 100; i++) {
    expect(await cached.tokens.status(`made-up-${i}`)).toEqual({ state: "unknown" });
    await expect(cached.store.user("c1", `nobody-${i}`)).rejects.toMatchObject({ status: 404 });
  }
  expect(await trackedKeys(admin)).toBe(before);
  expect(cached.tracked!.size).toBe(0);
});

it("stops answering from memory when its subscriber's connection is killed, and starts again once tracking is back", async () => {
  const { admin, cached, other } = await replicas();
  const token = await other.tokens.issue("c1");
  await other.store.addUser("c1", "u1");
  await cached.store.user("c1", "u1");
  await cached.tokens.status(token);
  await expect.poll(() => cached.tracked!.size).toBe(3);

  await admin.call("CLIENT", "KILL", "TYPE", "pubsub");
  await expect.poll(() => cached.tracked!.state.live).toBe(false);
  expect(cached.tracked!.size).toBe(0);
  // Meanwhile every read goes to Redis, and sees the changes nobody announced.
  await other.store.deleteUser("c1", "u1");
  await expect(cached.store.user("c1", "u1")).rejects.toMatchObject({ status: 404 });

  await expect.poll(() => cached.tracked!.state, { timeout: 5000 }).toEqual({ live: true });
  await other.store.addUser("c1", "u1");
  expect(await cached.store.user("c1", "u1")).toEqual({ userId: "u1" });
  await expect.poll(() => cached.tracked!.size).toBe(1);
  await other.store.deleteUser("c1", "u1");
  await expect(cached.store.user("c1", "u1")).rejects.toMatchObject({ status: 404 });
});

it("drops what it kept when its tracked connection is killed or Redis restarts empty", async () => {
  const { admin, cached, other } = await replicas();
  const token = await other.tokens.issue("c1");
  await cached.tokens.status(token);
  await expect.poll(() => cached.tracked!.size).toBe(2);

  const closed = once(cached.tracked!.reader, "close");
  await admin.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
  await closed;
  expect(cached.tracked!.size).toBe(0);
  await expect.poll(() => cached.tracked!.state, { timeout: 5000 }).toEqual({ live: true });
  expect(cached.tracked!.size).toBe(0);
  await cached.tokens.status(token);
  await expect.poll(() => cached.tracked!.size).toBe(2);

  // Persistence is off: after the restart the token is gone, and the replica must not remember it.
  await server.stop();
  await server.start();
  await expect.poll(() => cached.tokens.status(token).catch((e: unknown) => (e as { status: number }).status), { timeout: 10_000 }).toEqual({ state: "unknown" });
  await expect.poll(() => cached.tracked!.state, { timeout: 10_000 }).toEqual({ live: true });
  expect(await cached.tokens.status(token)).toEqual({ state: "unknown" });
});

it("honours a kept token's lifetime in real time", async () => {
  const { cached, prefix } = await replicas();
  // The client's clock stands still in 2000, so the token can only end by its lifetime in real time.
  cached.clocks.set("c1", Date.parse("2000-01-01T00:00:00Z"), true);
  await cached.clocks.saved("c1");
  const short = new RedisTokens({ redis: cached.tracked!.reader, display: "test", prefix, ttlMs: 400, maxPerClient: 10, clocks: cached.clocks, tracked: cached.tracked! });
  const token = await short.issue("c1");
  expect(await short.status(token)).toEqual({ state: "live", clientId: "c1" });
  await expect.poll(() => cached.tracked!.size).toBe(2);
  await expect.poll(() => short.status(token), { timeout: 5000, interval: 50 }).toMatchObject({ state: "outlived", clientId: "c1" });
});

it("reads everything from Redis when Redis refuses client tracking, and says why", async () => {
  const { admin } = await replicas();
  const user = `limited-${randomUUID().slice(0, 8)}`;
  await admin.call("ACL", "SETUSER", user, "on", ">secret", "~*", "&*", "+@all", "-client|tracking");
  const url = server.url.replace("redis://", `redis://${user}:secret@`);
  const { redis, target } = await connectRedis(url);
  onTestFinished(() => void redis.disconnect());
  const tracked = await TrackedReads.open(redis, redisOptions(target));
  onTestFinished(() => tracked.close());
  expect(tracked.state).toMatchObject({ live: false, reason: expect.stringMatching(/^Redis refused client tracking: NOPERM/) });
  const prefix = `r${randomUUID().slice(0, 8)}:`;
  const store = new RedisDataStore({ redis, display: target.display, prefix, areas: [], now: () => Date.now(), tracked });
  await store.addUser("c1", "u1");
  expect(await store.user("c1", "u1")).toEqual({ userId: "u1" });
  await store.deleteUser("c1", "u1");
  await expect(store.user("c1", "u1")).rejects.toMatchObject({ status: 404 });
  expect(tracked.size).toBe(0);
});
