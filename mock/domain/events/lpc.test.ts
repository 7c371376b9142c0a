import { expect, it } from "vitest";
import { createValidators } from "../../../spec/validators.js";
import type { Catalogue } from "./catalogue.js";
import { generateLimits, locationLpcPayload, resourceLpcPayload } from "./lpc.js";

const validators = createValidators();
const NOW = Date.parse("2026-11-26T12:00:00Z");
const half = () => 0.5;

const catalogue: Catalogue = {
  resources: [
    { resourceId: "r1", userId: "u1", locationId: "l1", meterPointId: null },
    { resourceId: "r2", userId: "u2", locationId: "l2", meterPointId: "707057500000000002" },
    { resourceId: "r3", userId: "u2", locationId: "l2", meterPointId: null },
  ],
  locations: [
    { locationId: "l1", userId: "u1", meterPointIds: ["707057500000000001"] },
    { locationId: "l2", userId: "u2", meterPointIds: [] },
  ],
  enrolledUserIds: new Set(),
};

const LIMITS = [
  { maxPowerInKiloWatts: 7, timestamp: "2026-11-27T16:00:00Z" },
  { maxPowerInKiloWatts: 7, timestamp: "2026-11-27T17:00:00Z" },
  { maxPowerInKiloWatts: 7, timestamp: "2026-11-27T18:00:00Z" },
  { maxPowerInKiloWatts: 7, timestamp: "2026-11-27T19:00:00Z" },
];

it("generates limits for the next evening peak, Oslo time", () => {
  expect(generateLimits(NOW, half, 3, 11)).toEqual(LIMITS);
});

it("limits a named location at its first meter point", () => {
  const result = locationLpcPayload([{ location: { locationId: "l1" } }], catalogue, NOW, half);
  expect(result).toEqual({
    payload: { payloadType: "LocationLPC", targets: [{ locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points: LIMITS }] },
  });
  expect(validators.schema("SparkEventPayload", result.payload).issues).toEqual([]);
});

it("keeps the points and meter point the request gives, and finds a location by meter point", () => {
  const points = [{ maxPowerInKiloWatts: 7.5, timestamp: "2026-11-27T17:00:00Z" }];
  const result = locationLpcPayload([{ location: { meterPointId: "707057500000000001" }, points }], catalogue, NOW, half);
  expect(result.payload?.targets).toEqual([{ locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points }]);
});

it("picks locations with meter points when none are named", () => {
  const result = locationLpcPayload(null, catalogue, NOW, half);
  expect(result.payload?.targets.map((t) => t.locationId)).toEqual(["l1"]);
  expect(validators.schema("LocationLPCPayload", result.payload).issues).toEqual([]);
});

it("names the location that cannot be limited", () => {
  expect(locationLpcPayload([{ location: { locationId: "nope" } }], catalogue, NOW, half)).toEqual({
    problem: "body.locations[0].location.locationId: no location nope of this client",
  });
  expect(locationLpcPayload([{ location: { locationId: "l1" } }, { location: { locationId: "l2" } }], catalogue, NOW, half)).toEqual({
    problem: "body.locations[1].location: location l2 has no meter point id; add one or send location.meterPointId",
  });
  expect(locationLpcPayload([{ location: { meterPointId: "1" } }], catalogue, NOW, half)).toEqual({
    problem: "body.locations[0].location.meterPointId: no location of this client has meter point 1",
  });
});

it("limits a named resource at its own meter point, else its location's", () => {
  const result = resourceLpcPayload([{ resource: { resourceId: "r2" } }, { resource: { resourceId: "r1", locationId: "l1" } }], catalogue, NOW, half);
  expect(result.payload?.targets).toEqual([
    { resourceId: "r2", locationId: "l2", meterPointId: "707057500000000002", resolution: "01:00:00", points: expect.any(Array) },
    { resourceId: "r1", locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points: expect.any(Array) },
  ]);
  expect(validators.schema("SparkEventPayload", result.payload).issues).toEqual([]);
});

it("picks resources that have a meter point when none are named", () => {
  const result = resourceLpcPayload(undefined, catalogue, NOW, half);
  expect(result.payload?.targets.map((t) => t.resourceId).sort()).toEqual(["r1", "r2"]);
  expect(validators.schema("ResourceLPCPayload", result.payload).issues).toEqual([]);
});

it("names the resource that cannot be limited", () => {
  expect(resourceLpcPayload([{ resource: { locationId: "nope" } }], catalogue, NOW, half)).toEqual({ problem: "body.resources[0].resource.locationId: no location-bound resource of this client at location nope" });
  expect(resourceLpcPayload([{ resource: { meterPointId: "1" } }], catalogue, NOW, half)).toEqual({ problem: "body.resources[0].resource.meterPointId: no location-bound resource of this client at meter point 1" });
  expect(resourceLpcPayload([{ resource: { resourceId: "v1" } }], catalogue, NOW, half)).toEqual({
    problem: "body.resources[0].resource.resourceId: no location-bound resource v1 of this client",
  });
  expect(resourceLpcPayload([{ resource: { resourceId: "r1", locationId: "l2" } }], catalogue, NOW, half)).toEqual({
    problem: "body.resources[0].resource.locationId: resource r1 is at location l1, not l2",
  });
  expect(resourceLpcPayload([{ resource: { resourceId: "r3" } }], catalogue, NOW, half)).toEqual({
    problem: "body.resources[0].resource: resource r3 and its location have no meter point id; send resource.meterPointId",
  });
});

it("limits every resource at a location named by id or meter point when the target has no resourceId", () => {
  const points = [{ maxPowerInKiloWatts: 2, timestamp: "2026-11-27T17:00:00Z" }];
  const byLocation = resourceLpcPayload([{ resource: { locationId: "l2", meterPointId: "707057500000000009" }, points }], catalogue, NOW, half);
  expect(byLocation).toEqual({
    payload: {
      payloadType: "ResourceLPC",
      targets: [
        { resourceId: "r2", locationId: "l2", meterPointId: "707057500000000009", resolution: "01:00:00", points },
        { resourceId: "r3", locationId: "l2", meterPointId: "707057500000000009", resolution: "01:00:00", points },
      ],
    },
  });
  const byMeterPoint = resourceLpcPayload([{ resource: { meterPointId: "707057500000000001" } }], catalogue, NOW, half);
  expect(byMeterPoint.payload?.targets).toEqual([{ resourceId: "r1", locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points: LIMITS.map((p) => ({ ...p, maxPowerInKiloWatts: 4.5 })) }]);
  expect(validators.schema("ResourceLPCPayload", byMeterPoint.payload).issues).toEqual([]);
});

it("picks targets for a target that names nothing, as the spec allows, keeping its points", () => {
  const points = [{ maxPowerInKiloWatts: 2, timestamp: "2026-11-27T17:00:00Z" }];
  expect(resourceLpcPayload([{ resource: {}, points }], catalogue, NOW, half).payload?.targets.map((t) => [t.resourceId, t.points])).toEqual([
    ["r1", points],
    ["r2", points],
  ]);
  expect(locationLpcPayload([{ points }], catalogue, NOW, half).payload?.targets).toEqual([{ locationId: "l1", meterPointId: "707057500000000001", resolution: "01:00:00", points }]);
});
