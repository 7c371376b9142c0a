// The partner guide's flow through the typed client against the mock: token, user, vehicle, location, resource,
// webhook, event, report; then every event type, narrowed by payloadType.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import { contextOf, createApp } from "../mock/http/app.js";
import type { MockOptions } from "../mock/context.js";
import type { GetEventResponse } from "../spec/types.js";
import { createClient, type EnergyClient } from "./index.js";

const CLIENT = { id: "partner-demo", secret: "partner-demo-secret" };

/** The mock on 127.0.0.1:0, closed when the test ends, and a client of it. */
async function mockAndClient(options: MockOptions = {}): Promise<{ client: EnergyClient; baseUrl: string }> {
  const app = createApp({ clients: [CLIENT], ...options });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await contextOf(app).close();
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/energy-coordination/v1`;
  return { baseUrl, client: createClient({ baseUrl, tokenUrl: `${origin}/connect/token`, clientId: CLIENT.id, clientSecret: CLIENT.secret }) };
}

const NOW = Date.parse("2026-11-26T12:00:00Z");
const AT = "2026-11-26T12:00:00.000Z";
const USER = "3880a832-f483-4b6a-998d-6109d3a54b06";
const VEHICLE = "4b146c67-9e59-4cfb-863c-8c175659e8ba";
const LOCATION = "3fd2a74c-9a01-4c78-a924-60054faffa75";
const TANK = "23202835-7843-4a90-b6d9-235fdf0e5844";
const METER = "707057500000000001";
/** In the mock's eligible area (the sandbox's test area on Svalbard), so the user becomes eligible. */
const LONGYEARBYEN = { latitude: 78.2209, longitude: 15.6195 };

/** A user with a vehicle and an eligible location holding a hot-water tank. */
async function register(client: EnergyClient) {
  const user = { params: { path: { userId: USER } } };
  const created = await client.POST("/users", { body: { userId: USER } });
  expect(created.response?.status).toBe(201);
  expect(created.data).toEqual({ userId: USER });
  const vehicle = await client.POST("/users/{userId}/vehicles", { ...user, body: { resourceId: VEHICLE, resourceType: "Vehicle" } });
  expect(vehicle.data).toEqual({ resourceId: VEHICLE, resourceType: "Vehicle", userId: USER, locationId: null, meterPointId: null });
  const location = await client.POST("/users/{userId}/locations", {
    ...user,
    body: { locationId: LOCATION, locationType: "Residential", meterPointIds: [METER], coordinates: LONGYEARBYEN },
  });
  expect(location.data).toEqual({ locationId: LOCATION, locationType: "Residential", coordinates: LONGYEARBYEN, meterPointId: METER, meterPointIds: [METER], userId: USER });
  const tank = await client.POST("/users/{userId}/locations/{locationId}/resources", {
    params: { path: { userId: USER, locationId: LOCATION } },
    body: { resourceId: TANK, resourceType: "HotWaterTank" },
  });
  expect(tank.data).toEqual({ resourceId: TANK, resourceType: "HotWaterTank", userId: USER, locationId: LOCATION, meterPointId: null });
  const resources = await client.GET("/users/{userId}/resources", user);
  expect(resources.data).toEqual({ resources: [vehicle.data, tank.data] });
}

it("runs the partner guide's flow: token, user, vehicle, location, resource, webhook, event, report", async () => {
  const { client } = await mockAndClient({ now: () => NOW });
  await register(client);

  const webhook = await client.POST("/webhooks", {
    body: { webhookUrl: "http://127.0.0.1:9/hooks", name: "ours", webhookSecret: "a-long-random-secret", notificationTypes: ["PriceCurveCreated"] },
  });
  expect(webhook.response?.status).toBe(201);
  expect(webhook.data).toEqual({
    webhookId: expect.any(String),
    webhookUrl: "http://127.0.0.1:9/hooks",
    name: "ours",
    notificationTypes: ["PriceCurveCreated"],
    enabled: true,
    status: "New",
    modifiedDate: AT,
    createdDate: AT,
    lastAnalyzedTimestamp: AT,
  });

  const simulated = await client.POST("/simulation/events/pricecurve", { body: { priceArea: "NO1", targets: [{ resourceId: TANK, locationId: LOCATION }] } });
  expect(simulated.data).toEqual({
    simulatedEvent: {
      id: expect.any(String),
      createdAt: AT,
      payload: {
        payloadType: "PriceCurve",
        priceArea: "NO1",
        targets: [{ resourceId: TANK, locationId: LOCATION }],
        priceCurveDelta: { points: expect.any(Array), energyUnit: "kWh", currency: "NOK", resolution: "01:00:00" },
      },
    },
  });
  const event = simulated.data?.simulatedEvent;
  // Narrowed by payloadType: priceCurveDelta exists only on a PriceCurve payload.
  if (event?.payload?.payloadType !== "PriceCurve") throw new Error("expected a price curve");
  const hours = (event.payload.priceCurveDelta.points ?? []).flatMap((p) => (p.timestamp ? [p.timestamp] : []));
  expect(hours).toHaveLength(24);

  const read = await client.GET("/events/{eventId}", { params: { path: { eventId: event.id } } });
  expect(read.data).toEqual(event);
  const report = await client.POST("/reports", {
    body: {
      eventId: event.id,
      payloads: [{ payloadType: "EnergyUsage", resourceId: TANK, locationId: LOCATION, meterPointId: METER, resolution: "01:00:00", points: hours.map((timestamp) => ({ timestamp, kiloWattHours: 1.5 })) }],
    },
  });
  expect(report.response?.status).toBe(200);
  expect(report.data).toEqual({ id: expect.any(String), eventId: event.id, createdAt: AT });
});

/** What a partner's handler would take from each kind of event; every branch reads fields only its kind has. */
function summary(e: GetEventResponse): string {
  const payload = e.payload;
  if (!payload) return "no payload";
  switch (payload.payloadType) {
    case "PriceCurve":
      return `price curve in ${payload.priceArea ?? "?"}: ${payload.priceCurveDelta.points?.length ?? 0} points`;
    case "UserEligibility":
      return `eligible: +${(payload.addedUsers ?? []).join(",")} -${(payload.removedUsers ?? []).join(",")}`;
    case "LocationLPC":
      return `location limits: ${(payload.targets ?? []).map((t) => `${t.locationId} ${t.points?.map((p) => p.maxPowerInKiloWatts).join("/")} kW`).join("; ")}`;
    case "ResourceLPC":
      return `resource limits: ${(payload.targets ?? []).map((t) => `${t.resourceId} ${t.points?.length ?? 0} points`).join("; ")}`;
    case "LPCReservation":
      return `reservation: ${payload.targets?.length ?? 0} targets`;
  }
}

it("reads every kind of event as the payloadType-discriminated union, listed and by id", async () => {
  const { client } = await mockAndClient({ now: () => NOW });
  await register(client);
  const simulations = [
    await client.POST("/simulation/events/pricecurve", { body: { priceArea: "NO3" } }),
    await client.POST("/simulation/events/usereligibility"),
    await client.POST("/simulation/events/lpc/locations", { body: { locations: [{ location: { locationId: LOCATION }, points: [{ maxPowerInKiloWatts: 7.5, timestamp: "2026-11-27T17:00:00Z" }] }] } }),
    await client.POST("/simulation/events/lpc/resources", { body: { resources: [{ resource: { resourceId: TANK } }] } }),
  ];
  const simulated = simulations.map((s) => s.data?.simulatedEvent);
  const expected = [
    "price curve in NO3: 24 points",
    `eligible: +${USER} -`,
    `location limits: ${LOCATION} 7.5 kW`,
    `resource limits: ${TANK} 4 points`,
  ];
  expect(simulated.map((e) => (e ? summary(e) : "missing"))).toEqual(expected);

  const listed = await client.GET("/events", { params: { query: { page: 1, pageSize: 10 } } });
  expect(listed.data?.pagination).toEqual({ totalRecords: 4, pageSize: 10, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null });
  // Newest first.
  expect(listed.data?.events).toEqual([...simulated].reverse());
  expect((listed.data?.events ?? []).map(summary)).toEqual([...expected].reverse());

  const byId = [];
  for (const e of simulated) byId.push((await client.GET("/events/{eventId}", { params: { path: { eventId: e?.id ?? "" } } })).data);
  expect(byId).toEqual(simulated);
});
