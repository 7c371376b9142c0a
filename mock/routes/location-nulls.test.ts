// Nulls as the vendor's examples send them: `coordinates` and `locationType` null on POST, the batch and PUT are
// stored as no coordinates and Unknown; on PATCH null leaves the field as it is. A location read back goes back.
import { expect, it } from "vitest";
import { useMock, type ApiClient } from "../testing.js";

const U = "u1";
const SVALBARD = { latitude: 78.2209, longitude: 15.6195 };
const read = (locationId: string, rest: Record<string, unknown>) => ({ locationId, meterPointId: null, meterPointIds: [], userId: U, ...rest });

async function withUser(): Promise<ApiClient> {
  const api = await (await useMock()).login();
  await api.call("PostUser", 201, { body: { userId: U } });
  return api;
}

it("stores coordinates null and locationType null on POST and in a batch as no coordinates and Unknown", async () => {
  const api = await withUser();
  const one = await api.post(`/users/${U}/locations`, { locationId: "a", locationType: null, coordinates: null });
  expect([one.status, one.body]).toEqual([201, read("a", { locationType: "Unknown", coordinates: null })]);
  const batch = await api.post("/users/locations/batch", { locations: [{ userId: U, locationId: "b", locationType: null, coordinates: null, meterPointIds: null }] });
  expect([batch.status, batch.body]).toEqual([201, { locations: [read("b", { locationType: "Unknown", coordinates: null })] }]);
  expect((await api.get(`/users/${U}/locations/b`)).body).toEqual(read("b", { locationType: "Unknown", coordinates: null }));
});

it("replaces with nulls on PUT, and takes back a location as it was read", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: "a", locationType: "Residential", coordinates: SVALBARD });
  const put = await api.put(`/users/${U}/locations/a`, { locationId: "a", locationType: null, coordinates: null });
  expect([put.status, put.body]).toEqual([200, read("a", { locationType: "Unknown", coordinates: null })]);
  const { locationId, locationType, coordinates, meterPointIds } = (await api.call("GetLocationByLocationId", 200, { params: { userId: U, locationId: "a" } })).body;
  const again = await api.put(`/users/${U}/locations/a`, { locationId, locationType, coordinates, meterPointIds });
  expect([again.status, again.body]).toEqual([200, put.body]);
});

it("leaves coordinates and locationType as they are when PATCH sends them null", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: "a", locationType: "Residential", coordinates: SVALBARD, meterPointIds: ["707057500012345678"] });
  const patched = await api.patch(`/users/${U}/locations/a`, { locationType: null, coordinates: null, meterPointIds: null });
  expect([patched.status, patched.body]).toEqual([200, read("a", { locationType: "Residential", coordinates: SVALBARD, meterPointId: "707057500012345678", meterPointIds: ["707057500012345678"] })]);
  // Still eligible: the coordinates in the test area stayed.
  expect((await api.get(`/users/${U}/eligibility`)).body).toEqual({ userId: U, isEligible: true });
});

it("still refuses a locationType that is neither a known value nor null, naming the field", async () => {
  const api = await withUser();
  const res = await api.post(`/users/${U}/locations`, { locationId: "a", locationType: "Castle" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual("POST /users/u1/locations: body.locationType must be one of Unknown, Residential, Commercial, Other or null");
});
