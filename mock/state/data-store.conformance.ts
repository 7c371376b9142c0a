// The conformance suite of the DataStore interface (mock/state/state.ts): every rule a store must keep, asserted through
// the interface alone. Run against every implementation: the in-memory store (store.test.ts) and the Redis store
// (redis/data-store.test.ts), so the two cannot drift apart.
import { expect, it } from "vitest";
import { ApiError } from "../http/errors.js";
import type { DataStore } from "./state.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const SVALBARD = { latitude: 78.2209, longitude: 15.6195 };
const OSLO = { latitude: 59.9139, longitude: 10.7522 };

/** The clock a store under test must be built with (enrollment dates are read from it). */
export const CONFORMANCE_NOW = NOW;

/** What a refused call threw: its status, code and message (and headers, when it has any). */
export async function refusal(call: () => unknown): Promise<{ status: number; code: string; message: string; headers?: Record<string, string> }> {
  try {
    await call();
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message, ...(e.headers && { headers: e.headers }) };
    throw e;
  }
  throw new Error("expected a refusal");
}

/** The client's user ids in order (a store's records may carry more than the interface's fields). */
async function userIds(store: DataStore, clientId = "c1"): Promise<string[]> {
  return (await store.users(clientId, { start: 0, size: 100 })).items.map((u) => u.userId);
}

/**
 * Declares the suite's tests for the stores `newStore` builds: each test gets a fresh, empty store on the clock
 * CONFORMANCE_NOW with the default eligible areas (the two Svalbard test areas).
 */
export function describeDataStore(newStore: () => Promise<DataStore> | DataStore): void {
  it("creates and reads a user and refuses a duplicate with 409", async () => {
    const store = await newStore();
    expect(await store.addUser("c1", "u1")).toEqual({ userId: "u1" });
    expect(await store.user("c1", "u1")).toEqual({ userId: "u1" });
    expect(await refusal(() => store.addUser("c1", "u1"))).toEqual({ status: 409, code: "user-exists", message: "user u1 exists already" });
    expect(await refusal(() => store.user("c1", "u2"))).toEqual({ status: 404, code: "user-not-found", message: "user u2 does not exist" });
    expect(await refusal(() => store.user("c2", "u1"))).toEqual({ status: 404, code: "user-not-found", message: "user u1 does not exist" });
  });

  it("pages users in the order they were added", async () => {
    const store = await newStore();
    await store.addUsers("c1", ["b", "a", "d", "c"]);
    await store.addUser("c1", "e");
    expect(await store.users("c1", { start: 0, size: 2 })).toEqual({ items: [{ userId: "b" }, { userId: "a" }], total: 5 });
    expect(await store.users("c1", { start: 4, size: 2 })).toEqual({ items: [{ userId: "e" }], total: 5 });
    await store.deleteUser("c1", "a");
    await store.addUser("c1", "a");
    expect((await store.users("c1", { start: 0, size: 10 })).items.map((u) => u.userId)).toEqual(["b", "d", "c", "e", "a"]);
  });

  it("refuses a batch with a duplicate, naming the item, and stores none of it", async () => {
    const store = await newStore();
    await store.addUser("c1", "u2");
    expect(await refusal(() => store.addUsers("c1", ["u1", "u2"]))).toEqual({ status: 409, code: "user-exists", message: "body.users[1].userId: user u2 exists already" });
    expect(await refusal(() => store.addUsers("c1", ["u3", "u4", "u3"]))).toEqual({ status: 409, code: "user-exists", message: "body.users[2].userId: user u3 appears twice in the batch" });
    expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [{ userId: "u2" }], total: 1 });
  });

  it("adds, replaces, patches and lists locations in the order added", async () => {
    const store = await newStore();
    await store.addUser("c1", "u1");
    expect(await store.addLocation("c1", "u1", "l1", { locationType: "Residential", coordinates: OSLO, meterPointIds: ["m1"] })).toEqual({ userId: "u1", locationId: "l1", locationType: "Residential", coordinates: OSLO, meterPointIds: ["m1"] });
    await store.addLocation("c1", "u1", "l0", { meterPointId: "m0" });
    expect(await refusal(() => store.addLocation("c1", "u1", "l1", {}))).toEqual({ status: 409, code: "location-exists", message: "user u1 has a location l1 already" });
    expect(await refusal(() => store.addLocation("c1", "nobody", "l1", {}))).toEqual({ status: 404, code: "user-not-found", message: "user nobody does not exist" });
    expect((await store.locations("c1", "u1")).map((l) => [l.locationId, l.locationType, l.meterPointIds])).toEqual([["l1", "Residential", ["m1"]], ["l0", "Unknown", ["m0"]]]);

    expect(await store.patchLocation("c1", "u1", "l1", { locationType: "Commercial" })).toEqual({ userId: "u1", locationId: "l1", locationType: "Commercial", coordinates: OSLO, meterPointIds: ["m1"] });
    expect(await store.replaceLocation("c1", "u1", "l1", { meterPointIds: [] })).toEqual({ userId: "u1", locationId: "l1", locationType: "Unknown", coordinates: null, meterPointIds: [] });
    expect(await store.location("c1", "u1", "l1")).toEqual({ userId: "u1", locationId: "l1", locationType: "Unknown", coordinates: null, meterPointIds: [] });
    expect(await refusal(() => store.location("c1", "u1", "l9"))).toEqual({ status: 404, code: "location-not-found", message: "user u1 has no location l9" });
  });

  it("refuses a location batch with an unknown user or a duplicate, naming the item, and stores none of it", async () => {
    const store = await newStore();
    await store.addUsers("c1", ["u1", "u2"]);
    await store.addLocation("c1", "u2", "l1", {});
    expect(await refusal(() => store.addLocations("c1", [{ userId: "u1", locationId: "l1" }, { userId: "u9", locationId: "l1" }]))).toEqual({ status: 404, code: "user-not-found", message: "body.locations[1].userId: user u9 does not exist" });
    expect(await refusal(() => store.addLocations("c1", [{ userId: "u1", locationId: "l1" }, { userId: "u2", locationId: "l1" }]))).toEqual({ status: 409, code: "location-exists", message: "body.locations[1].locationId: location l1 of user u2 exists already" });
    expect(await refusal(() => store.addLocations("c1", [{ userId: "u1", locationId: "l1" }, { userId: "u1", locationId: "l1" }]))).toEqual({ status: 409, code: "location-exists", message: "body.locations[1].locationId: location l1 of user u1 appears twice in the batch" });
    expect(await store.locations("c1", "u1")).toEqual([]);
    expect((await store.addLocations("c1", [{ userId: "u1", locationId: "l1", coordinates: SVALBARD }, { userId: "u1", locationId: "l2" }])).map((l) => l.locationId)).toEqual(["l1", "l2"]);
    expect(await store.isEligible("c1", "u1")).toBe(true);
  });

  it("adds resources, unique per client, and lists them per user and per location", async () => {
    const store = await newStore();
    await store.addUsers("c1", ["u1", "u2"]);
    await store.addLocation("c1", "u1", "l1", {});
    expect(await store.addResource("c1", "u1", null, { resourceId: "car", resourceType: "Vehicle" })).toEqual({ resourceId: "car", resourceType: "Vehicle", userId: "u1", locationId: null, meterPointId: null });
    await store.addResource("c1", "u1", "l1", { resourceId: "tank", resourceType: "HotWaterTank", meterPointId: "m1" });
    expect(await refusal(() => store.addResource("c1", "u2", null, { resourceId: "car", resourceType: "Vehicle" }))).toEqual({ status: 409, code: "resource-exists", message: "resource car exists already" });
    expect(await refusal(() => store.addResource("c1", "u1", "l9", { resourceId: "x", resourceType: "HVAC" }))).toEqual({ status: 404, code: "location-not-found", message: "user u1 has no location l9" });
    expect((await store.userResources("c1", "u1")).map((r) => r.resourceId)).toEqual(["car", "tank"]);
    expect(await store.locationResources("c1", "u1", "l1")).toEqual([{ resourceId: "tank", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: "m1" }]);
    expect(await store.resource("c1", "tank")).toEqual({ resourceId: "tank", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: "m1" });
    await store.deleteResource("c1", "car");
    expect(await refusal(() => store.resource("c1", "car"))).toEqual({ status: 404, code: "resource-not-found", message: "resource car does not exist" });
    expect((await store.userResources("c1", "u1")).map((r) => r.resourceId)).toEqual(["tank"]);
  });

  it("deletes a user with its locations, resources, enrollment and index entries in one step", async () => {
    const store = await newStore();
    await store.addUser("c1", "u1");
    await store.addLocation("c1", "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
    await store.addResource("c1", "u1", "l1", { resourceId: "r1", resourceType: "Charger" });
    await store.addResource("c1", "u1", null, { resourceId: "car", resourceType: "Vehicle" });
    await store.enroll("c1", "u1");
    await store.deleteUser("c1", "u1");
    expect(await refusal(() => store.user("c1", "u1"))).toMatchObject({ status: 404 });
    expect(await refusal(() => store.resource("c1", "r1"))).toMatchObject({ status: 404 });
    expect(await refusal(() => store.resource("c1", "car"))).toMatchObject({ status: 404 });
    expect(await store.isMeterPointEligible("c1", "m1")).toBe(false);
    expect(await store.eligibleUsers("c1")).toEqual({ items: [], total: 0 });
    await store.addUser("c1", "u1");
    expect(await store.enrollment("c1", "u1")).toBe(null);
  });

  it("deleting a location removes the resources bound to it and may end eligibility", async () => {
    const store = await newStore();
    await store.addUser("c1", "u1");
    await store.addLocation("c1", "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
    await store.addResource("c1", "u1", "l1", { resourceId: "r1", resourceType: "Charger" });
    await store.addResource("c1", "u1", null, { resourceId: "car", resourceType: "Vehicle" });
    await store.deleteLocation("c1", "u1", "l1");
    expect((await store.userResources("c1", "u1")).map((r) => r.resourceId)).toEqual(["car"]);
    expect(await store.isEligible("c1", "u1")).toBe(false);
    expect(await store.isMeterPointEligible("c1", "m1")).toBe(false);
  });

  it("counts the locations and resources the quotas limit through every add, replace and delete", async () => {
    const store = await newStore();
    expect(await store.dataUsage("c1")).toEqual({ locations: 0, resources: 0 });
    await store.addUsers("c1", ["u1", "u2", "u3"]);
    // Location ids are unique per user only: the same id at two users is two locations.
    await store.addLocation("c1", "u1", "home", {});
    await store.addLocation("c1", "u2", "home", {});
    await store.addLocation("c1", "u2", "cabin", {});
    await store.addLocations("c1", [{ userId: "u3", locationId: "home" }]);
    await store.addResource("c1", "u1", "home", { resourceId: "tank", resourceType: "HotWaterTank" });
    await store.addResource("c1", "u2", null, { resourceId: "car", resourceType: "Vehicle" });
    expect(await store.dataUsage("c1")).toEqual({ locations: 4, resources: 2 });
    expect(await store.dataUsage("c2")).toEqual({ locations: 0, resources: 0 });
    await store.replaceLocation("c1", "u2", "cabin", { locationType: "Residential" });
    expect(await store.dataUsage("c1")).toEqual({ locations: 4, resources: 2 });
    await store.deleteLocation("c1", "u1", "home");
    expect(await store.dataUsage("c1")).toEqual({ locations: 3, resources: 1 });
    await store.deleteUser("c1", "u2");
    expect(await store.dataUsage("c1")).toEqual({ locations: 1, resources: 0 });
    await store.clear("c1");
    expect(await store.dataUsage("c1")).toEqual({ locations: 0, resources: 0 });
    await store.addUser("c1", "u1");
    await store.addLocation("c1", "u1", "home", {});
    expect(await store.dataUsage("c1")).toEqual({ locations: 1, resources: 0 });
  });

  it("tracks eligibility and meter points through location changes, and enrolls only eligible users", async () => {
    const store = await newStore();
    await store.addUsers("c1", ["far", "near", "later"]);
    await store.addLocation("c1", "far", "l1", { coordinates: OSLO, meterPointIds: ["m-far"] });
    await store.addLocation("c1", "near", "l1", { coordinates: SVALBARD, meterPointIds: ["m-near", "m-near"] });
    expect(await store.isEligible("c1", "far")).toBe(false);
    expect(await store.isEligible("c1", "near")).toBe(true);
    expect(await store.isMeterPointEligible("c1", "m-near")).toBe(true);
    expect(await store.isMeterPointEligible("c1", "m-far")).toBe(false);
    expect(await refusal(() => store.enroll("c1", "far"))).toEqual({ status: 400, code: "user-not-eligible", message: "user far is not eligible (none of its locations lies in an eligible area), so it cannot be enrolled" });
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
    expect(await refusal(() => store.unenroll("c1", "nobody"))).toMatchObject({ status: 404, code: "user-not-found" });
  });

  it("answers the catalogue, report checks and compensation inputs from what the client owns", async () => {
    const store = await newStore();
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
    expect(await refusal(() => store.checkReport("c1", [usage("r1"), usage("r9")] as never))).toEqual({ status: 400, code: "invalid-report", message: "body.payloads[1].resourceId: no resource r9 of this client" });
    expect(await refusal(() => store.checkReport("c1", [usage("car", "l2")] as never))).toEqual({ status: 400, code: "invalid-report", message: "body.payloads[0].locationId: user u1 has no location l2" });
    expect(await refusal(() => store.checkReport("c1", [{ payloadType: "LocationEnergyUsage", locationId: "l2", points: [] }] as never))).toEqual({ status: 400, code: "invalid-report", message: "body.payloads[0].locationId: no location l2 of this client" });
    const data = await store.compensationData("c1", "u1", ["r1", "nope"]);
    expect(data.locations.map((l) => l.locationId)).toEqual(["l1"]);
    expect([...data.resources.keys()]).toEqual(["r1"]);
  });

  it("removes a simulated data set but keeps what the partner added to it", async () => {
    const store = await newStore();
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
    expect(await refusal(() => store.resource("c1", "sr1"))).toMatchObject({ status: 404 });
    expect(await store.eligibleUsers("c1")).toEqual({ items: [], total: 0 });
  });

  it("refuses a simulated data set that clashes and stores none of it", async () => {
    const store = await newStore();
    await store.addUser("c1", "u1");
    await store.addResource("c1", "u1", null, { resourceId: "taken", resourceType: "Vehicle" });
    const plan = { users: [{ userId: "s1", locations: [], resources: [{ locationId: null, input: { resourceId: "taken", resourceType: "Vehicle" as const } }] }] };
    expect(await refusal(() => store.addSimulated("c1", plan))).toEqual({ status: 409, code: "resource-exists", message: "resource taken exists already" });
    expect(await userIds(store)).toEqual(["u1"]);
  });

  it("refuses a simulated data set whose later user clashes, stores none of it, and keeps no record of it", async () => {
    const store = await newStore();
    await store.addUser("c1", "taken");
    const plan = {
      users: [
        { userId: "s1", locations: [{ locationId: "sl1", input: { coordinates: SVALBARD } }], resources: [{ locationId: "sl1", input: { resourceId: "sr1", resourceType: "HVAC" as const } }] },
        { userId: "taken", locations: [], resources: [] },
      ],
    };
    expect(await refusal(() => store.addSimulated("c1", plan))).toEqual({ status: 409, code: "user-exists", message: "user taken exists already" });
    expect(await userIds(store)).toEqual(["taken"]);
    expect(await refusal(() => store.resource("c1", "sr1"))).toMatchObject({ status: 404 });
    expect(await store.eligibleUsers("c1")).toEqual({ items: [], total: 0 });
    await store.removeSimulated("c1");
    expect(await userIds(store)).toEqual(["taken"]);
    // The same plan without the clash goes in whole.
    await store.addSimulated("c1", { users: [plan.users[0]!] });
    expect((await store.users("c1", { start: 0, size: 10 })).items.map((u) => u.userId)).toEqual(["taken", "s1"]);
  });

  it("refuses a simulated data set that names an id twice or a resource at a location it does not make, and stores none of it", async () => {
    const store = await newStore();
    const user = (userId: string, resources: { locationId: string | null; input: { resourceId: string; resourceType: "Vehicle" | "HVAC" } }[] = []) => ({ userId, locations: [{ locationId: "l1", input: {} }], resources });
    expect(await refusal(() => store.addSimulated("c1", { users: [user("s1"), user("s1")] }))).toEqual({ status: 409, code: "user-exists", message: "user s1 exists already" });
    const car = { locationId: null, input: { resourceId: "car", resourceType: "Vehicle" as const } };
    expect(await refusal(() => store.addSimulated("c1", { users: [user("s1", [car]), user("s2", [car])] }))).toEqual({ status: 409, code: "resource-exists", message: "resource car exists already" });
    expect(await refusal(() => store.addSimulated("c1", { users: [user("s1", [{ locationId: "l9", input: { resourceId: "r1", resourceType: "HVAC" } }])] }))).toEqual({ status: 404, code: "location-not-found", message: "user s1 has no location l9" });
    expect(await userIds(store)).toEqual([]);
  });

  it("clears one client and leaves the others", async () => {
    const store = await newStore();
    for (const c of ["c1", "c2"]) {
      await store.addUser(c, "u1");
      await store.addLocation(c, "u1", "l1", { coordinates: SVALBARD, meterPointIds: ["m1"] });
      await store.addResource(c, "u1", "l1", { resourceId: "r1", resourceType: "HVAC" });
    }
    await store.clear("c1");
    expect(await store.users("c1", { start: 0, size: 10 })).toEqual({ items: [], total: 0 });
    expect(await store.isMeterPointEligible("c1", "m1")).toBe(false);
    expect(await store.isMeterPointEligible("c2", "m1")).toBe(true);
    expect((await store.resource("c2", "r1")).userId).toBe("u1");
  });
}
