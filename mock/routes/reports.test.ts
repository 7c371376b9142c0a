import { expect, it } from "vitest";
import { DEMO_CLIENT } from "../context.js";
import type { ApiClient } from "../testing.js";
import { useMock } from "../testing.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const MPID = "707057500000000001";

async function withEvent(api: ApiClient): Promise<string> {
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", meterPointIds: [MPID] });
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
  await api.post("/users/u1/vehicles", { resourceId: "v1", resourceType: "Vehicle" });
  const res = await api.post("/simulation/events/pricecurve", { targets: [{ resourceId: "r1", locationId: "l1" }] });
  return (res.body as { simulatedEvent: { id: string } }).simulatedEvent.id;
}

const usage = (extra: Record<string, unknown> = {}) => ({
  payloadType: "EnergyUsage",
  resourceId: "r1",
  locationId: "l1",
  meterPointId: MPID,
  resolution: "01:00:00",
  points: [{ timestamp: "2026-11-27T00:00:00Z", kiloWattHours: 2.5 }],
  ...extra,
});

it("stores a report on an event and answers 200 with its receipt", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const eventId = await withEvent(api);
  const res = await api.post("/reports", { eventId, payloads: [usage()] });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ id: expect.any(String), eventId, createdAt: "2026-11-26T12:00:00.000Z" });
});

it("accepts every kind of report payload whose targets exist", async () => {
  const api = await (await useMock()).login();
  const eventId = await withEvent(api);
  const curve = [{ timestamp: "2026-11-27T17:00:00Z", kiloWattHours: 1 }];
  const payloads = [
    usage(),
    usage({ resourceId: "v1", locationId: "l1" }),
    { payloadType: "LocationEnergyUsage", locationId: "l1", meterPointId: MPID, resolution: "01:00:00", points: curve },
    { payloadType: "LocationEnergyUsagePlan", locationId: "l1", meterPointId: MPID, resolution: "01:00:00", baseline: curve, flexibility: curve },
    { payloadType: "ResourceLPCAcknowledgement", acknowledgedTargets: [{ resourceId: "r1", locationId: "l1", meterPointId: MPID }], declinedTargets: [] },
    { payloadType: "LocationLPCAcknowledgement", acknowledgedTargets: [], declinedTargets: [{ locationId: "l1", meterPointId: MPID }] },
  ];
  expect((await api.post("/reports", { eventId, payloads })).status).toBe(200);
});

it("refuses a report without an event, or on an event of another client, naming it", async () => {
  const mock = await useMock({ clients: [DEMO_CLIENT, { id: "other", secret: "other-secret" }] });
  const api = await mock.login();
  const other = await mock.login({ id: "other", secret: "other-secret" });
  const eventId = await withEvent(api);
  const missing = await api.post("/reports", { payloads: [usage()] });
  expect(missing.status).toBe(400);
  expect(missing.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(missing.body).toBe("POST /reports: body.eventId is required: name the event this report is about");
  expect((await api.post("/reports", { eventId: null, payloads: [usage()] })).status).toBe(400);
  expect((await api.post("/reports", { eventId: "nope", payloads: [usage()] })).body).toBe("POST /reports: body.eventId: no event nope of this client (it keeps its newest 10000 events)");
  expect((await other.post("/reports", { eventId, payloads: [usage()] })).body).toBe(`POST /reports: body.eventId: no event ${eventId} of this client (it keeps its newest 10000 events)`);
});

it("refuses a report that names resources or locations the client does not have", async () => {
  const api = await (await useMock()).login();
  const eventId = await withEvent(api);
  const post = async (payload: unknown) => (await api.post("/reports", { eventId, payloads: [usage(), payload] })).body;
  expect(await post(usage({ resourceId: "nope" }))).toBe("POST /reports: body.payloads[1].resourceId: no resource nope of this client");
  expect(await post(usage({ locationId: "l9" }))).toBe("POST /reports: body.payloads[1].locationId: resource r1 is at location l1, not l9");
  expect(await post(usage({ resourceId: "v1", locationId: "l9" }))).toBe("POST /reports: body.payloads[1].locationId: user u1 has no location l9");
  expect(await post({ payloadType: "LocationEnergyUsage", locationId: "l9", meterPointId: MPID, resolution: "01:00:00" })).toBe(
    "POST /reports: body.payloads[1].locationId: no location l9 of this client",
  );
  expect(await post({ payloadType: "ResourceLPCAcknowledgement", declinedTargets: [{ resourceId: "r9", locationId: "l1", meterPointId: MPID }] })).toBe(
    "POST /reports: body.payloads[1].declinedTargets[0].resourceId: no resource r9 of this client",
  );
  expect(await post({ payloadType: "LocationLPCAcknowledgement", acknowledgedTargets: [{ locationId: "l9", meterPointId: "1" }] })).toBe(
    "POST /reports: body.payloads[1].acknowledgedTargets[0].locationId: no location l9 of this client",
  );
  expect((await api.post("/reports", { eventId, payloads: [] })).body).toBe("POST /reports: body.payloads must hold at least one payload");
});

it("validates each payload by its payloadType from the spec", async () => {
  const api = await (await useMock()).login();
  const eventId = await withEvent(api);
  const unknownKind = await api.post("/reports", { eventId, payloads: [{ payloadType: "Gas" }] });
  expect(unknownKind.status).toBe(400);
  expect(unknownKind.body).toBe(
    "POST /reports: body.payloads[0].payloadType must be one of EnergyUsage, LocationEnergyUsage, ResourceLPCAcknowledgement, LocationLPCAcknowledgement, LocationEnergyUsagePlan",
  );
  const badUsage = await api.post("/reports", { eventId, payloads: [usage({ resolution: "1h", points: [{ timestamp: "2026-11-27T00:00:00Z" }] })] });
  expect(badUsage.body).toBe('POST /reports: body.payloads[0].points[0].kiloWattHours is required; body.payloads[0].resolution must match format "time-span"');
  const plan = await api.post("/reports", { eventId, payloads: [{ payloadType: "LocationEnergyUsagePlan", locationId: "l1", meterPointId: MPID, resolution: "01:00:00" }] });
  expect(plan.body).toBe("POST /reports: body.payloads[0].baseline is required; body.payloads[0].flexibility is required");
});

it("refuses a report on an event that dropped out of the newest maxEvents, naming it, and accepts one still kept", async () => {
  const api = await (await useMock({ maxEvents: 1 })).login();
  const dropped = await withEvent(api);
  const kept = ((await api.post("/simulation/events/pricecurve", { targets: [{ resourceId: "r1", locationId: "l1" }] })).body as { simulatedEvent: { id: string } }).simulatedEvent.id;
  const res = await api.post("/reports", { eventId: dropped, payloads: [usage()] });
  expect(res.status).toBe(400);
  expect(res.body).toBe(`POST /reports: body.eventId: no event ${dropped} of this client (it keeps its newest 1 events)`);
  expect((await api.post("/reports", { eventId: kept, payloads: [usage()] })).status).toBe(200);
});

it("finds a location named with another meter point by its id, under any user, until the last one is deleted", async () => {
  const api = await (await useMock()).login();
  const eventId = await withEvent(api);
  await api.post("/users", { userId: "u2" });
  await api.post("/users/u2/locations", { locationId: "l1" });
  const report = () => api.post("/reports", { eventId, payloads: [{ payloadType: "LocationEnergyUsage", locationId: "l1", meterPointId: "other-meter", resolution: "01:00:00", points: [] }] });
  expect((await report()).status).toBe(200);
  await api.delete("/users/u1/locations/l1");
  expect((await report()).status).toBe(200);
  await api.delete("/users/u2");
  const refused = await report();
  expect(refused.status).toBe(400);
  expect(refused.body).toBe("POST /reports: body.payloads[0].locationId: no location l1 of this client");
});
