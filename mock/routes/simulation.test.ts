import { expect, it } from "vitest";
import { useReceiver } from "../test-support.js";
import type { ApiClient } from "../testing.js";
import { useMock } from "../testing.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const LONGYEARBYEN = { latitude: 78.2209, longitude: 15.6195 };

interface Simulated {
  simulatedEvent: { id: string; createdAt: string; payload: Record<string, unknown> & { payloadType: string } };
}

/** Two users with a location each (one with a meter point), a resource there and a vehicle; u1 enrolled. */
async function partnerData(api: ApiClient) {
  await api.post("/users/batch", { users: [{ userId: "u1" }, { userId: "u2" }] });
  await api.post("/users/u1/locations", { locationId: "l1", coordinates: LONGYEARBYEN, meterPointIds: ["707057500000000001"] });
  await api.post("/users/u2/locations", { locationId: "l2" });
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
  await api.post("/users/u2/locations/l2/resources", { resourceId: "r2", resourceType: "Charger" });
  await api.post("/users/u1/vehicles", { resourceId: "v1", resourceType: "Vehicle" });
}

it("simulates a price curve for the enrolled users' resources with 24 hourly points", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  await partnerData(api);
  expect((await api.post("/users/u1/enrollment")).status).toBe(200);
  const res = await api.post("/simulation/events/pricecurve", {});
  expect(res.status).toBe(200);
  const { simulatedEvent } = res.body as Simulated;
  expect(simulatedEvent).toEqual({
    id: expect.any(String),
    createdAt: "2026-11-26T12:00:00.000Z",
    payload: {
      payloadType: "PriceCurve",
      priceArea: expect.any(String),
      targets: [{ resourceId: "r1", locationId: "l1" }],
      priceCurveDelta: { points: expect.any(Array), energyUnit: "kWh", currency: expect.any(String), resolution: "01:00:00" },
    },
  });
  const points = (simulatedEvent.payload.priceCurveDelta as { points: { timestamp: string }[] }).points;
  expect(points).toHaveLength(24);
  expect(points[0]!.timestamp).toMatch(/^2026-11-2[67]T\d\d:00:00Z$/);
});

it("targets every location-bound resource when nobody is enrolled", async () => {
  const api = await (await useMock()).login();
  await partnerData(api);
  const { simulatedEvent } = (await api.post("/simulation/events/pricecurve", { priceArea: "NO3" })).body as Simulated;
  expect(simulatedEvent.payload.targets).toEqual([
    { resourceId: "r1", locationId: "l1" },
    { resourceId: "r2", locationId: "l2" },
  ]);
  expect(simulatedEvent.payload.priceArea).toBe("NO3");
});

it("accepts the older camelCase simulation paths", async () => {
  const api = await (await useMock()).login();
  expect((await api.post("/simulation/events/priceCurve", {})).status).toBe(200);
  expect((await api.post("/simulation/events/userEligibility")).status).toBe(200);
  expect((await api.call("GetAllEvents", 200)).body.events).toHaveLength(2);
});

it("announces users that became eligible and those that stopped being eligible", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  await partnerData(api);
  const first = (await api.post("/simulation/events/usereligibility")).body as Simulated;
  expect(first.simulatedEvent.payload).toEqual({ payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u1"], removedUsers: [] });
  await api.post("/users/u2/locations", { locationId: "l3", coordinates: LONGYEARBYEN });
  await api.delete("/users/u1");
  const second = (await api.post("/simulation/events/usereligibility")).body as Simulated;
  expect(second.simulatedEvent.payload).toEqual({ payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u2"], removedUsers: ["u1"] });
});

it("simulates location LPC for the named locations with the given points", async () => {
  const api = await (await useMock()).login();
  await partnerData(api);
  const points = [{ maxPowerInKiloWatts: 7.5, timestamp: "2026-11-27T17:00:00Z" }];
  const res = await api.post("/simulation/events/lpc/locations", { locations: [{ location: { locationId: "l1" }, points }] });
  expect(res.status).toBe(200);
  expect((res.body as Simulated).simulatedEvent.payload).toEqual({
    payloadType: "LocationLPC",
    targets: [{ locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points }],
  });
  const picked = (await api.post("/simulation/events/lpc/locations", {})).body as Simulated;
  expect((picked.simulatedEvent.payload.targets as { locationId: string; points: unknown[] }[]).map((t) => [t.locationId, t.points.length])).toEqual([["l1", 4]]);
});

it("simulates resource LPC for the named resources, generating limits", async () => {
  const api = await (await useMock()).login();
  await partnerData(api);
  const res = await api.post("/simulation/events/lpc/resources", { resources: [{ resource: { resourceId: "r1" } }] });
  expect(res.status).toBe(200);
  expect((res.body as Simulated).simulatedEvent.payload).toEqual({
    payloadType: "ResourceLPC",
    targets: [{ resourceId: "r1", locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points: expect.any(Array) }],
  });
});

it("refuses LPC for locations and resources the client does not have, naming them", async () => {
  const api = await (await useMock()).login();
  await partnerData(api);
  const loc = await api.post("/simulation/events/lpc/locations", { locations: [{ location: { locationId: "nope" } }] });
  expect(loc.status).toBe(400);
  expect(loc.body).toBe("POST /simulation/events/lpc/locations: body.locations[0].location.locationId: no location nope of this client");
  const veh = await api.post("/simulation/events/lpc/resources", { resources: [{ resource: { resourceId: "v1" } }] });
  expect(veh.body).toBe("POST /simulation/events/lpc/resources: body.resources[0].resource.resourceId: no location-bound resource v1 of this client");
  const noMeter = await api.post("/simulation/events/lpc/resources", { resources: [{ resource: { resourceId: "r2" } }] });
  expect(noMeter.body).toBe("POST /simulation/events/lpc/resources: body.resources[0].resource: resource r2 and its location have no meter point id; send resource.meterPointId");
  expect((await api.call("GetAllEvents", 200)).body.events).toEqual([]);
});

it("pushes each simulated event to the webhooks subscribed to its notification type", async () => {
  const mock = await useMock();
  const api = await mock.login();
  await partnerData(api);
  const { origin: url, received } = await useReceiver({ secret: "s" });
  const types = ["PriceCurveCreated", "UserEligibilityUpdated", "LocationLPCRequested", "ResourceLPCRequested"];
  for (const t of types) await api.post("/webhooks", { webhookUrl: `${url}/${t}`, webhookSecret: "s", notificationTypes: [t] });
  await api.post("/simulation/events/pricecurve", {});
  await api.post("/simulation/events/usereligibility");
  await api.post("/simulation/events/lpc/locations", {});
  await api.post("/simulation/events/lpc/resources", {});
  await mock.ctx.push.idle();
  const got = received.map((n) => [n.path, (n.notification as { notificationType: string }).notificationType, (n.notification as { payload: { payloadType: string } }).payload.payloadType, n.verified]);
  expect(got.sort()).toEqual([
    ["/LocationLPCRequested", "LocationLPCRequested", "LocationLPC", true],
    ["/PriceCurveCreated", "PriceCurveCreated", "PriceCurve", true],
    ["/ResourceLPCRequested", "ResourceLPCRequested", "ResourceLPC", true],
    ["/UserEligibilityUpdated", "UserEligibilityUpdated", "UserEligibility", true],
  ]);
  for (const n of received) expect(mock.ctx.validators.schema("EventNotification", n.notification).issues).toEqual([]);
});

it("creates a coherent random data set and removes exactly that set", async () => {
  const mock = await useMock();
  const api = await mock.login();
  await api.post("/users", { userId: "mine" });
  const res = await api.post("/simulation/partner");
  expect(res.status).toBe(201);
  expect(res.text).toBe("");
  const users = (await api.call("GetUsers", 200)).body.users!.map((u) => u.userId).filter((u) => u !== "mine");
  expect(users).toHaveLength(3);
  for (const userId of users) {
    const locations = (await api.get(`/users/${userId}/locations`)).body as { locationId: string; meterPointIds: string[] }[];
    expect(locations).toHaveLength(1);
    expect(locations[0]!.meterPointIds).toEqual([expect.stringMatching(/^7070575\d{11}$/)]);
    const resources = ((await api.get(`/users/${userId}/resources`)).body as { resources: { resourceType: string; locationId: string | null }[] }).resources;
    expect(resources.filter((r) => r.resourceType === "Vehicle" && r.locationId === null)).toHaveLength(1);
    expect(resources.filter((r) => r.locationId === locations[0]!.locationId).length).toBeGreaterThanOrEqual(1);
  }
  expect((await api.call("GetEligibleUsers", 200)).body.users).toHaveLength(2);
  // The partner adds its own location to a simulated user: that user and location stay.
  const kept = users[0]!;
  await api.post(`/users/${kept}/locations`, { locationId: "partner-made" });

  const del = await api.delete("/simulation/partner");
  expect(del.status).toBe(200);
  expect((await api.call("GetUsers", 200)).body.users!.map((u) => u.userId).sort()).toEqual([kept, "mine"].sort());
  expect((await api.call("GetLocationsByUserId", 200, { params: { userId: kept } })).body.map((l) => l.locationId)).toEqual(["partner-made"]);
  expect((await api.call("GetResourcesForUser", 200, { params: { userId: kept } })).body.resources).toEqual([]);
  expect((await api.delete("/simulation/partner")).status).toBe(200);
});

it("keeps a user that the partner deleted from the simulated set and registered again under the same id", async () => {
  const api = await (await useMock()).login();
  expect((await api.post("/simulation/partner")).status).toBe(201);
  const [simulated] = (await api.call("GetUsers", 200)).body.users!.map((u) => u.userId);
  expect((await api.delete(`/users/${simulated!}`)).status).toBe(204);
  expect((await api.post("/users", { userId: simulated! })).status).toBe(201);

  expect((await api.delete("/simulation/partner")).status).toBe(200);
  expect((await api.get("/users")).body).toEqual({
    users: [{ userId: simulated! }],
    pagination: { totalRecords: 1, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null },
  });
});
