// The Redis data store against a real redis-server (started here, on its own port): the DataStore conformance suite
// (the rules the in-memory store keeps too), and what only matters with several processes (races, all-or-nothing
// batches under concurrency, an unreachable store, the key layout).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_ELIGIBLE_AREAS } from "../../domain/eligibility.js";
import { CONFORMANCE_NOW as NOW, describeDataStore, refusal } from "../data-store.conformance.js";
import { ApiError } from "../../http/errors.js";
import { RedisDataStore, clientKey, connectRedis } from "./data-store.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

const SVALBARD = { latitude: 78.2209, longitude: 15.6195 };

let server: TestRedis;
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.stop();
});

/** A store of its own: a fresh prefix, so no test sees another's keys. */
async function newStore(prefix = `t${randomUUID().slice(0, 8)}:`): Promise<{ store: RedisDataStore; redis: Redis; prefix: string }> {
  const { redis, target } = await connectRedis(server.url);
  clients.push(redis);
  return { store: new RedisDataStore({ redis, display: target.display, areas: DEFAULT_ELIGIBLE_AREAS, now: () => NOW, prefix }), redis, prefix };
}

describeDataStore(async () => (await newStore()).store);

it("leaves only the client's counter and index mark once its only user is deleted with everything it had", async () => {
  const { store, redis, prefix } = await newStore();
  await store.addUser("c1", "u1");
  await store.addLocation("c1", "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
  await store.addResource("c1", "u1", "l1", { resourceId: "r1", resourceType: "Charger" });
  await store.enroll("c1", "u1");
  await store.deleteUser("c1", "u1");
  expect((await redis.keys(`${prefix}*`)).sort()).toEqual([`${clientKey(prefix, "c1")}catv`, `${clientKey(prefix, "c1")}seq`]);
});

it("counts a client's locations from a kept total, made once from the id index for data written before it", async () => {
  const { store, redis, prefix } = await newStore();
  await store.addUsers("c1", ["u1", "u2"]);
  for (const u of ["u1", "u2"]) await store.addLocation("c1", u, "home", {});
  // Data an older mock wrote has no total: the first count sums the index and keeps the sum.
  await redis.del(`${clientKey(prefix, "c1")}nloc`);
  expect(await store.dataUsage("c1")).toEqual({ locations: 2, resources: 0 });
  expect(await redis.get(`${clientKey(prefix, "c1")}nloc`)).toBe("2");
  await store.addLocation("c1", "u1", "cabin", {});
  await store.deleteLocation("c1", "u2", "home");
  expect(await redis.get(`${clientKey(prefix, "c1")}nloc`)).toBe("2");
  expect(await redis.hgetall(`${clientKey(prefix, "c1")}locids`)).toEqual({ home: "1", cabin: "1" });
  // The count reads the total alone: a hash of many ids is not walked per request.
  await redis.hset(`${clientKey(prefix, "c1")}locids`, "ghost", "5");
  expect(await store.dataUsage("c1")).toEqual({ locations: 2, resources: 0 });
});

it("clears every key of one client and leaves the others", async () => {
  const { store, redis, prefix } = await newStore();
  for (const c of ["c1", "c2"]) {
    await store.addUser(c, "u1");
    await store.addLocation(c, "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
    await store.addResource(c, "u1", "l1", { resourceId: "r1", resourceType: "HVAC" });
  }
  await store.clear("c1");
  expect(await redis.keys(`${clientKey(prefix, "c1")}*`)).toEqual([]);
  expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [], total: 0 });
  expect((await store.resource("c2", "r1")).userId).toBe("u1");
});

it("clears a client of 1,200 users, 500 per script, and leaves no key of it behind", async () => {
  const { store, redis, prefix } = await newStore();
  await store.addUsers("c1", Array.from({ length: 1000 }, (_, i) => `u${i}`));
  await store.addUsers("c1", Array.from({ length: 200 }, (_, i) => `v${i}`));
  await store.addLocation("c1", "u3", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
  await store.addLocation("c1", "v7", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
  await store.addResource("c1", "v7", "l1", { resourceId: "r1", resourceType: "HVAC" });
  await store.addUser("c2", "u1");
  await store.clear("c1");
  expect(await redis.keys(`${clientKey(prefix, "c1")}*`)).toEqual([]);
  expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [], total: 0 });
  expect(await store.users("c2", { start: 0, size: 10 })).toEqual({ items: [{ userId: "u1" }], total: 1 });
});

it("removes 45 simulated data sets, 20 per script, and keeps what the partner made", async () => {
  const { store, redis, prefix } = await newStore();
  await store.addUser("c1", "mine");
  for (let i = 0; i < 45; i++) await store.addSimulated("c1", { users: [{ userId: `s${i}`, locations: [{ locationId: "l1", input: { coordinates: SVALBARD } }], resources: [] }] });
  await store.addLocation("c1", "s44", "l2", {});
  await store.removeSimulated("c1");
  expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [{ userId: "mine" }, { userId: "s44" }], total: 2 });
  expect((await store.locations("c1", "s44")).map((l) => l.locationId)).toEqual(["l2"]);
  expect(await redis.exists(`${clientKey(prefix, "c1")}sim`)).toBe(0);
});

it("keeps each client under its own hash tag, whatever characters its id holds", async () => {
  const { store, redis, prefix } = await newStore();
  await store.addUser("a}:{b", "u1");
  await store.addUser("a", "}:u1");
  const keys = (await redis.keys(`${prefix}*`)).sort();
  expect(keys).toEqual([`${prefix}{a%7D%3A%7Bb}:catv`, `${prefix}{a%7D%3A%7Bb}:seq`, `${prefix}{a%7D%3A%7Bb}:u:u1`, `${prefix}{a%7D%3A%7Bb}:users`, `${prefix}{a}:catv`, `${prefix}{a}:seq`, `${prefix}{a}:u:}:u1`, `${prefix}{a}:users`].sort());
  expect(await refusal(() => store.user("a", "u1"))).toMatchObject({ status: 404 });
  expect(() => new RedisDataStore({ redis, display: "x", areas: [], now: () => 0, prefix: "ec{" })).toThrow("store prefix ec{: must not contain { or } (they would move the Cluster hash tag)");
});

it("reads for the catalogue only the users with a location, a resource or an enrollment, and indexes older data once", async () => {
  const { store, redis, prefix } = await newStore();
  const cat = `${clientKey(prefix, "c1")}cat`;
  await store.addUsers("c1", Array.from({ length: 600 }, (_, i) => `u${i}`));
  await store.addLocation("c1", "u500", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
  await store.addResource("c1", "u3", null, { resourceId: "car", resourceType: "Vehicle" });
  await store.addResource("c1", "u500", "l1", { resourceId: "r1", resourceType: "Charger" });
  await store.addLocation("c1", "u7", "l7", { coordinates: SVALBARD, meterPointIds: ["m7"] });
  await store.enroll("c1", "u7");
  expect(await redis.zrange(cat, "0", "-1")).toEqual(["u3", "u7", "u500"]);
  const catalogue = {
    resources: [{ resourceId: "r1", userId: "u500", locationId: "l1", meterPointId: null }],
    locations: [
      { locationId: "l7", userId: "u7", meterPointIds: ["m7"] },
      { locationId: "l1", userId: "u500", meterPointIds: ["m1"] },
    ],
    enrolledUserIds: new Set(["u7"]),
  };
  expect(await store.catalogue("c1")).toEqual(catalogue);

  // Data written before the index (no `cat`, no `catv`): the first catalogue indexes every user, a slice at a time.
  await redis.del(cat, `${clientKey(prefix, "c1")}catv`);
  expect(await store.catalogue("c1")).toEqual(catalogue);
  expect(await redis.zrange(cat, "0", "-1")).toEqual(["u3", "u7", "u500"]);
  expect(await redis.get(`${clientKey(prefix, "c1")}catv`)).toBe("1");

  // A user leaves the index with its last location, resource or enrollment.
  await store.deleteResource("c1", "car");
  await store.deleteLocation("c1", "u7", "l7");
  expect(await redis.zrange(cat, "0", "-1")).toEqual(["u7", "u500"]);
  await store.unenroll("c1", "u7");
  await store.deleteUser("c1", "u500");
  expect(await redis.zrange(cat, "0", "-1")).toEqual([]);
  expect(await store.catalogue("c1")).toEqual({ resources: [], locations: [], enrolledUserIds: new Set() });
});

it("lets exactly one of 20 concurrent creates of the same user on two connections win; the others get 409", async () => {
  const prefix = `race${randomUUID().slice(0, 8)}:`;
  const a = await newStore(prefix);
  const b = await newStore(prefix);
  const tries = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).store.addUser("c1", "same").then(() => 201, (e: ApiError) => e.status));
  const statuses = await Promise.all(tries);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  expect((await a.store.users("c1", { start: 0, size: 10 })).total).toBe(1);
});

it("keeps concurrent batches all or nothing: of two overlapping batches one is stored whole, the other not at all", async () => {
  const prefix = `race${randomUUID().slice(0, 8)}:`;
  const a = await newStore(prefix);
  const b = await newStore(prefix);
  const ids = (tag: string) => Array.from({ length: 200 }, (_, i) => (i === 150 ? "shared" : `${tag}${i}`));
  const results = await Promise.allSettled([a.store.addUsers("c1", ids("a")), b.store.addUsers("c1", ids("b"))]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  expect((await a.store.users("c1", { start: 0, size: 1000 })).total).toBe(200);
});

it("answers 503 naming the store, with Retry-After, when Redis refuses writes (OOM) and stores nothing", async () => {
  const { store, redis } = await newStore();
  await store.addUser("c1", "u1");
  await redis.config("SET", "maxmemory", "1");
  try {
    const refused = await refusal(() => store.addUsers("c1", ["u2", "u3"]));
    expect(refused).toEqual({ status: 503, code: "store-unavailable", message: expect.stringMatching(/^the store redis:\/\/127\.0\.0\.1:\d+\/0 is unavailable \(OOM command not allowed/), headers: { "Retry-After": "2" } });
  } finally {
    await redis.config("SET", "maxmemory", "0");
  }
  expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [{ userId: "u1" }], total: 1 });
});

/** A store on its own connection to a Redis of the test's own (closed after the file). */
async function storeOn(url: string): Promise<RedisDataStore> {
  const { redis, target } = await connectRedis(url);
  clients.push(redis);
  return new RedisDataStore({ redis, display: target.display, areas: [], now: () => NOW });
}

it("answers 503 while Redis is down (never a hang), and serves again once it is back, without a new store", async () => {
  const own = await startTestRedis();
  try {
    const store = await storeOn(own.url);
    await store.addUser("c1", "u1");
    await own.stop({ crash: true });
    expect(await refusal(() => store.user("c1", "u1"))).toMatchObject({ status: 503, code: "store-unavailable", headers: { "Retry-After": "2" } });
    expect(await refusal(() => store.addUser("c1", "u2"))).toMatchObject({ status: 503 });
    await own.start();
    // Persistence is off: the restarted server is empty, and the store reconnects on its own.
    await expect.poll(() => store.addUser("c1", "u3").then(() => "ok", (e: ApiError) => e.status), { timeout: 5000, interval: 100 }).toBe("ok");
    expect(await store.user("c1", "u3")).toEqual({ userId: "u3" });
  } finally {
    await own.stop();
  }
});

it("answers 503 (its command timeout, never a hang) while Redis is stalled, and serves again once it resumes, on the same connection", async () => {
  const own = await startTestRedis();
  try {
    const store = await storeOn(own.url);
    await store.addUser("c1", "u1");
    own.pause();
    // The command's own timeout answers (the test's would fail it otherwise): a 503 naming it, not a hang.
    expect(await refusal(() => store.user("c1", "u1"))).toMatchObject({ status: 503, code: "store-unavailable", message: expect.stringMatching(/Command timed out/) });
    own.resume();
    await expect.poll(() => store.user("c1", "u1").then(() => "ok", (e: ApiError) => e.status), { timeout: 5000, interval: 100 }).toBe("ok");
    await store.addUser("c1", "u2");
    expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [{ userId: "u1" }, { userId: "u2" }], total: 2 });
  } finally {
    own.resume();
    await own.stop();
  }
});

it("names the URL in one line when Redis cannot be reached at start-up", async () => {
  await expect(connectRedis("redis://127.0.0.1:1/0")).rejects.toThrow(/^store redis:\/\/127\.0\.0\.1:1\/0 is unreachable: .*ECONNREFUSED/);
});
