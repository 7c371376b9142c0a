// The Redis data store against a real redis-server (started here, on its own port): the rules of the in-memory
// store, and those that only matter with several processes (races, all-or-nothing batches, an unreachable store).
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_ELIGIBLE_AREAS } from "../eligibility.js";
import { ApiError } from "../errors.js";
import { RedisDataStore, clientKey, connectRedis } from "./data-store.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const SVALBARD = { latitude: 78.2209, longitude: 15.6195 };
const OSLO = { latitude: 59.9139, longitude: 10.7522 };

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

async function refusal(promise: unknown): Promise<{ status: number; code: string; message: string; headers?: Record<string, string> }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message, ...(e.headers && { headers: e.headers }) };
    throw e;
  }
  throw new Error("expected a refusal");
}

it("creates and reads a user and refuses a duplicate with 409", async () => {
  const { store } = await newStore();
  expect(await store.addUser("c1", "u1")).toEqual({ userId: "u1" });
  expect(await store.user("c1", "u1")).toEqual({ userId: "u1" });
  expect(await refusal(store.addUser("c1", "u1"))).toEqual({ status: 409, code: "user-exists", message: "user u1 exists already" });
  expect(await refusal(store.user("c1", "u2"))).toEqual({ status: 404, code: "user-not-found", message: "user u2 does not exist" });
  expect(await refusal(store.user("c2", "u1"))).toEqual({ status: 404, code: "user-not-found", message: "user u1 does not exist" });
});

it("pages users in the order they were added", async () => {
  const { store } = await newStore();
  await store.addUsers("c1", ["b", "a", "d", "c"]);
  await store.addUser("c1", "e");
  expect(await store.users("c1", { start: 0, size: 2 })).toEqual({ items: [{ userId: "b" }, { userId: "a" }], total: 5 });
  expect(await store.users("c1", { start: 4, size: 2 })).toEqual({ items: [{ userId: "e" }], total: 5 });
  await store.deleteUser("c1", "a");
  await store.addUser("c1", "a");
  expect((await store.users("c1", { start: 0, size: 10 })).items.map((u) => u.userId)).toEqual(["b", "d", "c", "e", "a"]);
});

it("refuses a batch with a duplicate, naming the item, and stores none of it", async () => {
  const { store } = await newStore();
  await store.addUser("c1", "u2");
  expect(await refusal(store.addUsers("c1", ["u1", "u2"]))).toEqual({ status: 409, code: "user-exists", message: "body.users[1].userId: user u2 exists already" });
  expect(await refusal(store.addUsers("c1", ["u3", "u4", "u3"]))).toEqual({ status: 409, code: "user-exists", message: "body.users[2].userId: user u3 appears twice in the batch" });
  expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [{ userId: "u2" }], total: 1 });
});

it("adds, replaces, patches and lists locations in the order added", async () => {
  const { store } = await newStore();
  await store.addUser("c1", "u1");
  expect(await store.addLocation("c1", "u1", "l1", { locationType: "Residential", coordinates: OSLO, meterPointIds: ["m1"] })).toEqual({ userId: "u1", locationId: "l1", locationType: "Residential", coordinates: OSLO, meterPointIds: ["m1"] });
  await store.addLocation("c1", "u1", "l0", { meterPointId: "m0" });
  expect(await refusal(store.addLocation("c1", "u1", "l1", {}))).toEqual({ status: 409, code: "location-exists", message: "user u1 has a location l1 already" });
  expect(await refusal(store.addLocation("c1", "nobody", "l1", {}))).toEqual({ status: 404, code: "user-not-found", message: "user nobody does not exist" });
  expect((await store.locations("c1", "u1")).map((l) => [l.locationId, l.locationType, l.meterPointIds])).toEqual([["l1", "Residential", ["m1"]], ["l0", "Unknown", ["m0"]]]);

  expect(await store.patchLocation("c1", "u1", "l1", { locationType: "Commercial" })).toEqual({ userId: "u1", locationId: "l1", locationType: "Commercial", coordinates: OSLO, meterPointIds: ["m1"] });
  expect(await store.replaceLocation("c1", "u1", "l1", { meterPointIds: [] })).toEqual({ userId: "u1", locationId: "l1", locationType: "Unknown", coordinates: null, meterPointIds: [] });
  expect(await store.location("c1", "u1", "l1")).toEqual({ userId: "u1", locationId: "l1", locationType: "Unknown", coordinates: null, meterPointIds: [] });
  expect(await refusal(store.location("c1", "u1", "l9"))).toEqual({ status: 404, code: "location-not-found", message: "user u1 has no location l9" });
});

it("refuses a location batch with an unknown user or a duplicate, naming the item, and stores none of it", async () => {
  const { store } = await newStore();
  await store.addUsers("c1", ["u1", "u2"]);
  await store.addLocation("c1", "u2", "l1", {});
  expect(await refusal(store.addLocations("c1", [{ userId: "u1", locationId: "l1" }, { userId: "u9", locationId: "l1" }]))).toEqual({ status: 404, code: "user-not-found", message: "body.locations[1].userId: user u9 does not exist" });
  expect(await refusal(store.addLocations("c1", [{ userId: "u1", locationId: "l1" }, { userId: "u2", locationId: "l1" }]))).toEqual({ status: 409, code: "location-exists", message: "body.locations[1].locationId: location l1 of user u2 exists already" });
  expect(await refusal(store.addLocations("c1", [{ userId: "u1", locationId: "l1" }, { userId: "u1", locationId: "l1" }]))).toEqual({ status: 409, code: "location-exists", message: "body.locations[1].locationId: location l1 of user u1 appears twice in the batch" });
  expect(await store.locations("c1", "u1")).toEqual([]);
  expect((await store.addLocations("c1", [{ userId: "u1", locationId: "l1", coordinates: SVALBARD }, { userId: "u1", locationId: "l2" }])).map((l) => l.locationId)).toEqual(["l1", "l2"]);
  expect(await store.isEligible("c1", "u1")).toBe(true);
});

it("adds resources, unique per client, and lists them per user and per location", async () => {
  const { store } = await newStore();
  await store.addUsers("c1", ["u1", "u2"]);
  await store.addLocation("c1", "u1", "l1", {});
  expect(await store.addResource("c1", "u1", null, { resourceId: "car", resourceType: "Vehicle" })).toEqual({ resourceId: "car", resourceType: "Vehicle", userId: "u1", locationId: null, meterPointId: null });
  await store.addResource("c1", "u1", "l1", { resourceId: "tank", resourceType: "HotWaterTank", meterPointId: "m1" });
  expect(await refusal(store.addResource("c1", "u2", null, { resourceId: "car", resourceType: "Vehicle" }))).toEqual({ status: 409, code: "resource-exists", message: "resource car exists already" });
  expect(await refusal(store.addResource("c1", "u1", "l9", { resourceId: "x", resourceType: "HVAC" }))).toEqual({ status: 404, code: "location-not-found", message: "user u1 has no location l9" });
  expect((await store.userResources("c1", "u1")).map((r) => r.resourceId)).toEqual(["car", "tank"]);
  expect(await store.locationResources("c1", "u1", "l1")).toEqual([{ resourceId: "tank", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: "m1" }]);
  expect(await store.resource("c1", "tank")).toEqual({ resourceId: "tank", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: "m1" });
  await store.deleteResource("c1", "car");
  expect(await refusal(store.resource("c1", "car"))).toEqual({ status: 404, code: "resource-not-found", message: "resource car does not exist" });
  expect((await store.userResources("c1", "u1")).map((r) => r.resourceId)).toEqual(["tank"]);
});

it("deletes a user with its locations, resources, enrollment and index entries in one step", async () => {
  const { store, redis, prefix } = await newStore();
  await store.addUser("c1", "u1");
  await store.addLocation("c1", "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
  await store.addResource("c1", "u1", "l1", { resourceId: "r1", resourceType: "Charger" });
  await store.addResource("c1", "u1", null, { resourceId: "car", resourceType: "Vehicle" });
  await store.enroll("c1", "u1");
  await store.deleteUser("c1", "u1");
  expect(await refusal(store.user("c1", "u1"))).toMatchObject({ status: 404 });
  expect(await refusal(store.resource("c1", "r1"))).toMatchObject({ status: 404 });
  expect(await refusal(store.resource("c1", "car"))).toMatchObject({ status: 404 });
  expect(await store.isMeterPointEligible("c1", "m1")).toBe(false);
  expect(await store.eligibleUsers("c1")).toEqual({ items: [], total: 0 });
  // Only the client's counter is left.
  expect(await redis.keys(`${prefix}*`)).toEqual([`${clientKey(prefix, "c1")}seq`]);
  await store.addUser("c1", "u1");
  expect(await store.enrollment("c1", "u1")).toBe(null);
});

it("deleting a location removes the resources bound to it and may end eligibility", async () => {
  const { store } = await newStore();
  await store.addUser("c1", "u1");
  await store.addLocation("c1", "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
  await store.addResource("c1", "u1", "l1", { resourceId: "r1", resourceType: "Charger" });
  await store.addResource("c1", "u1", null, { resourceId: "car", resourceType: "Vehicle" });
  await store.deleteLocation("c1", "u1", "l1");
  expect((await store.userResources("c1", "u1")).map((r) => r.resourceId)).toEqual(["car"]);
  expect(await store.isEligible("c1", "u1")).toBe(false);
  expect(await store.isMeterPointEligible("c1", "m1")).toBe(false);
});

it("tracks eligibility and meter points through location changes, and enrolls only eligible users", async () => {
  const { store } = await newStore();
  await store.addUsers("c1", ["far", "near", "later"]);
  await store.addLocation("c1", "far", "l1", { coordinates: OSLO, meterPointIds: ["m-far"] });
  await store.addLocation("c1", "near", "l1", { coordinates: SVALBARD, meterPointIds: ["m-near", "m-near"] });
  expect(await store.isEligible("c1", "far")).toBe(false);
  expect(await store.isEligible("c1", "near")).toBe(true);
  expect(await store.isMeterPointEligible("c1", "m-near")).toBe(true);
  expect(await store.isMeterPointEligible("c1", "m-far")).toBe(false);
  expect(await refusal(store.enroll("c1", "far"))).toEqual({ status: 400, code: "user-not-eligible", message: "user far is not eligible (none of its locations lies in an eligible area), so it cannot be enrolled" });
  const enrollment = await store.enroll("c1", "near");
  expect(enrollment).toEqual({ enrollmentId: expect.any(String), enrollmentDate: "2025-06-01T12:00:00.000Z" });
  expect(await store.enroll("c1", "near")).toEqual(enrollment);
  expect(await store.enrollment("c1", "near")).toEqual(enrollment);

  await store.patchLocation("c1", "far", "l1", { coordinates: SVALBARD });
  await store.addLocation("c1", "later", "l1", { coordinates: SVALBARD });
  expect(await store.eligibleUsers("c1")).toEqual({ items: ["near", "far", "later"], total: 3 });
  expect(await store.eligibleUsers("c1", { start: 1, size: 1 })).toEqual({ items: ["far"], total: 3 });
  expect(await store.isMeterPointEligible("c1", "m-far")).toBe(true);
  await store.replaceLocation("c1", "near", "l1", { coordinates: OSLO, meterPointIds: ["m-near"] });
  expect(await store.isMeterPointEligible("c1", "m-near")).toBe(false);
  expect((await store.eligibleUsers("c1")).items).toEqual(["far", "later"]);
  await store.unenroll("c1", "near");
  expect(await store.enrollment("c1", "near")).toBe(null);
  expect(await refusal(store.unenroll("c1", "nobody"))).toMatchObject({ status: 404, code: "user-not-found" });
});

it("answers the catalogue, report checks and compensation inputs from what the client owns", async () => {
  const { store } = await newStore();
  await store.addUsers("c1", ["u1", "u2"]);
  await store.addLocation("c1", "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
  await store.addResource("c1", "u1", "l1", { resourceId: "r1", resourceType: "Charger" });
  await store.addResource("c1", "u1", null, { resourceId: "car", resourceType: "Vehicle" });
  await store.enroll("c1", "u1");
  expect(await store.catalogue("c1")).toEqual({
    resources: [{ resourceId: "r1", userId: "u1", locationId: "l1", meterPointId: null }],
    locations: [{ locationId: "l1", userId: "u1", meterPointIds: ["m1"] }],
    enrolledUserIds: new Set(["u1"]),
  });
  const usage = (resourceId: string, locationId?: string) => ({ payloadType: "EnergyUsage" as const, resourceId, ...(locationId && { locationId }), points: [] });
  await store.checkReport("c1", [usage("r1", "l1"), usage("car", "l1"), { payloadType: "LocationEnergyUsage", locationId: "l1", points: [] }] as never);
  expect(await refusal(store.checkReport("c1", [usage("r1"), usage("r9")] as never))).toEqual({ status: 400, code: "invalid-report", message: "body.payloads[1].resourceId: no resource r9 of this client" });
  expect(await refusal(store.checkReport("c1", [usage("car", "l2")] as never))).toEqual({ status: 400, code: "invalid-report", message: "body.payloads[0].locationId: user u1 has no location l2" });
  expect(await refusal(store.checkReport("c1", [{ payloadType: "LocationEnergyUsage", locationId: "l2", points: [] }] as never))).toEqual({ status: 400, code: "invalid-report", message: "body.payloads[0].locationId: no location l2 of this client" });
  const data = await store.compensationData("c1", "u1", ["r1", "nope"]);
  expect(data.locations.map((l) => l.locationId)).toEqual(["l1"]);
  expect([...data.resources.keys()]).toEqual(["r1"]);
});

it("removes a simulated data set but keeps what the partner added to it", async () => {
  const { store } = await newStore();
  await store.addUser("c1", "mine");
  await store.addSimulated("c1", {
    users: [
      { userId: "s1", locations: [{ locationId: "sl1", input: { coordinates: SVALBARD, meterPointIds: ["m1"] } }], resources: [{ locationId: "sl1", input: { resourceId: "sr1", resourceType: "HVAC" } }, { locationId: null, input: { resourceId: "sv1", resourceType: "Vehicle" } }] },
      { userId: "s2", locations: [{ locationId: "sl2", input: {} }], resources: [] },
    ],
  });
  expect((await store.users("c1", { start: 0, size: 10 })).items.map((u) => u.userId)).toEqual(["mine", "s1", "s2"]);
  expect(await store.isEligible("c1", "s1")).toBe(true);
  await store.addResource("c1", "s2", "sl2", { resourceId: "partner", resourceType: "Charger" });
  await store.removeSimulated("c1");
  expect((await store.users("c1", { start: 0, size: 10 })).items.map((u) => u.userId)).toEqual(["mine", "s2"]);
  expect((await store.locations("c1", "s2")).map((l) => l.locationId)).toEqual(["sl2"]);
  expect(await refusal(store.resource("c1", "sr1"))).toMatchObject({ status: 404 });
  expect(await store.eligibleUsers("c1")).toEqual({ items: [], total: 0 });
});

it("refuses a simulated data set that clashes and stores none of it", async () => {
  const { store } = await newStore();
  await store.addUser("c1", "u1");
  await store.addResource("c1", "u1", null, { resourceId: "taken", resourceType: "Vehicle" });
  const plan = { users: [{ userId: "s1", locations: [], resources: [{ locationId: null, input: { resourceId: "taken", resourceType: "Vehicle" as const } }] }] };
  expect(await refusal(store.addSimulated("c1", plan))).toEqual({ status: 409, code: "resource-exists", message: "resource taken exists already" });
  expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [{ userId: "u1" }], total: 1 });
});

it("clears one client and leaves the others", async () => {
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

it("keeps each client under its own hash tag, whatever characters its id holds", async () => {
  const { store, redis, prefix } = await newStore();
  await store.addUser("a}:{b", "u1");
  await store.addUser("a", "}:u1");
  const keys = (await redis.keys(`${prefix}*`)).sort();
  expect(keys).toEqual([`${prefix}{a%7D%3A%7Bb}:seq`, `${prefix}{a%7D%3A%7Bb}:u:u1`, `${prefix}{a%7D%3A%7Bb}:users`, `${prefix}{a}:seq`, `${prefix}{a}:u:}:u1`, `${prefix}{a}:users`].sort());
  expect(await refusal(store.user("a", "u1"))).toMatchObject({ status: 404 });
  expect(() => new RedisDataStore({ redis, display: "x", areas: [], now: () => 0, prefix: "ec{" })).toThrow("store prefix ec{: must not contain { or } (they would move the Cluster hash tag)");
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
    const refused = await refusal(store.addUsers("c1", ["u2", "u3"]));
    expect(refused).toEqual({ status: 503, code: "store-unavailable", message: expect.stringMatching(/^the store redis:\/\/127\.0\.0\.1:\d+\/0 is unavailable \(OOM command not allowed/), headers: { "Retry-After": "2" } });
  } finally {
    await redis.config("SET", "maxmemory", "0");
  }
  expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [{ userId: "u1" }], total: 1 });
});

it("answers 503 within 2 s while Redis is down, and serves again once it is back, without a new store", async () => {
  const own = await startTestRedis();
  try {
    const { redis, target } = await connectRedis(own.url);
    clients.push(redis);
    const store = new RedisDataStore({ redis, display: target.display, areas: [], now: () => NOW });
    await store.addUser("c1", "u1");
    await own.stop({ crash: true });
    const started = Date.now();
    expect(await refusal(store.user("c1", "u1"))).toMatchObject({ status: 503, code: "store-unavailable", headers: { "Retry-After": "2" } });
    expect(await refusal(store.addUser("c1", "u2"))).toMatchObject({ status: 503 });
    expect(Date.now() - started).toBeLessThan(2000);
    await own.start();
    // Persistence is off: the restarted server is empty, and the store reconnects on its own.
    await expect.poll(() => store.addUser("c1", "u3").then(() => "ok", (e: ApiError) => e.status), { timeout: 5000, interval: 100 }).toBe("ok");
    expect(await store.user("c1", "u3")).toEqual({ userId: "u3" });
  } finally {
    await own.stop();
  }
});

it("names the URL in one line when Redis cannot be reached at start-up", async () => {
  await expect(connectRedis("redis://127.0.0.1:1/0")).rejects.toThrow(/^store redis:\/\/127\.0\.0\.1:1\/0 is unreachable: .*ECONNREFUSED/);
});
