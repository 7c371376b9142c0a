import { expect, it } from "vitest";
import { useMock, type ApiClient, refusal } from "../testing.js";

const U = "3880a832-f483-4b6a-998d-6109d3a54b06";
const L = "3fd2a74c-9a01-4c78-a924-60054faffa75";

async function withUser(): Promise<ApiClient> {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: U });
  return api;
}

it("registers a location with meterPointIds and echoes the first as meterPointId", async () => {
  const api = await withUser();
  const res = await api.post(`/users/${U}/locations`, {
    locationId: L,
    locationType: "Residential",
    coordinates: { latitude: 59.91, longitude: 10.75 },
    meterPointIds: ["707057500012345678", "707057500087654321"],
  });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    locationId: L,
    locationType: "Residential",
    coordinates: { latitude: 59.91, longitude: 10.75 },
    meterPointId: "707057500012345678",
    meterPointIds: ["707057500012345678", "707057500087654321"],
    userId: U,
  });
  expect((await api.get(`/users/${U}/locations/${L}`)).body).toEqual(res.body);
});

it("accepts the deprecated singular meterPointId, as the quickstart guide sends it", async () => {
  const api = await withUser();
  const res = await api.post(`/users/${U}/locations`, { locationId: L, locationType: "Residential", meterPointId: "12345678901234567890123456789012" });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    locationId: L,
    locationType: "Residential",
    coordinates: null,
    meterPointId: "12345678901234567890123456789012",
    meterPointIds: ["12345678901234567890123456789012"],
    userId: U,
  });
});

it("puts a singular meterPointId that is not listed first among meterPointIds", async () => {
  const api = await withUser();
  const res = await api.post(`/users/${U}/locations`, { locationId: L, meterPointId: "B", meterPointIds: ["A"] });
  expect(res.body).toEqual({ locationId: L, locationType: "Unknown", coordinates: null, meterPointId: "B", meterPointIds: ["B", "A"], userId: U });
});

it("answers a location with no meter point with meterPointId null", async () => {
  const api = await withUser();
  const res = await api.post(`/users/${U}/locations`, { locationId: L });
  expect(res.body).toEqual({ locationId: L, locationType: "Unknown", coordinates: null, meterPointId: null, meterPointIds: [], userId: U });
});

it("refuses a duplicate locationId for the same user with 409", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: L });
  const res = await api.post(`/users/${U}/locations`, { locationId: L });
  expect(res.status).toBe(409);
  expect(refusal(res)).toEqual({ status: 409, detail: `user ${U} has a location ${L} already`, text: "" });
});

it("allows the same locationId for two users", async () => {
  const api = await withUser();
  await api.post("/users", { userId: "u2" });
  expect((await api.post(`/users/${U}/locations`, { locationId: L })).status).toBe(201);
  expect((await api.post("/users/u2/locations", { locationId: L })).status).toBe(201);
});

it("answers 404 for a location of an unknown user", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users/nobody/locations", { locationId: L });
  expect(res.status).toBe(404);
  expect(refusal(res)).toEqual({ status: 404, detail: "user nobody does not exist", text: "" });
  expect((await api.get("/users/nobody/locations")).status).toBe(404);
});

it("refuses a bad locationType naming the field and the allowed values", async () => {
  const api = await withUser();
  const res = await api.post(`/users/${U}/locations`, { locationId: L, locationType: "Castle" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(`POST /users/${U}/locations: body.locationType must be one of Unknown, Residential, Commercial, Other or null`);
});

it("lists a user's locations as a bare array", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: "l1", meterPointIds: ["m1"] });
  await api.post(`/users/${U}/locations`, { locationId: "l2" });
  const res = await api.get(`/users/${U}/locations`);
  expect(res.status).toBe(200);
  expect(res.body).toEqual([
    { locationId: "l1", locationType: "Unknown", coordinates: null, meterPointId: "m1", meterPointIds: ["m1"], userId: U },
    { locationId: "l2", locationType: "Unknown", coordinates: null, meterPointId: null, meterPointIds: [], userId: U },
  ]);
});

it("answers 404 for an unknown location", async () => {
  const api = await withUser();
  const res = await api.get(`/users/${U}/locations/nowhere`);
  expect(res.status).toBe(404);
  expect(refusal(res)).toEqual({ status: 404, detail: `user ${U} has no location nowhere`, text: "" });
});

it("replaces every field of a location with PUT", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: L, locationType: "Residential", coordinates: { latitude: 1, longitude: 2 }, meterPointIds: ["m1"] });
  const res = await api.put(`/users/${U}/locations/${L}`, { locationId: L, locationType: "Commercial", meterPointId: "m2" });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ locationId: L, locationType: "Commercial", coordinates: null, meterPointId: "m2", meterPointIds: ["m2"], userId: U });
  expect((await api.get(`/users/${U}/locations/${L}`)).body).toEqual(res.body);
});

it("refuses a PUT whose locationId differs from the path", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: L });
  const res = await api.put(`/users/${U}/locations/${L}`, { locationId: "other" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(`PUT /users/${U}/locations/${L}: body.locationId must match the locationId of the path (${L})`);
  expect((await api.put(`/users/${U}/locations/nowhere`, { locationId: "nowhere" })).status).toBe(404);
});

it("changes only the fields a PATCH sends", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: L, locationType: "Residential", coordinates: { latitude: 1, longitude: 2 }, meterPointIds: ["m1"] });
  const res = await api.patch(`/users/${U}/locations/${L}`, { locationType: "Other" });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ locationId: L, locationType: "Other", coordinates: { latitude: 1, longitude: 2 }, meterPointId: "m1", meterPointIds: ["m1"], userId: U });
  const more = await api.patch(`/users/${U}/locations/${L}`, { meterPointIds: ["m3", "m4"], coordinates: { latitude: 3, longitude: 4 } });
  expect(more.body).toEqual({ locationId: L, locationType: "Other", coordinates: { latitude: 3, longitude: 4 }, meterPointId: "m3", meterPointIds: ["m3", "m4"], userId: U });
  const nulls = await api.patch(`/users/${U}/locations/${L}`, { meterPointIds: null });
  expect(nulls.body).toEqual(more.body);
});

it("refuses the read-only meterPointId in a PATCH", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: L });
  const res = await api.patch(`/users/${U}/locations/${L}`, { meterPointId: "m1" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(`PATCH /users/${U}/locations/${L}: body.meterPointId is not allowed`);
});

it("deletes a location with its resources", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: L });
  await api.post(`/users/${U}/locations/${L}/resources`, { resourceId: "r1", resourceType: "HotWaterTank" });
  await api.post(`/users/${U}/vehicles`, { resourceId: "v1", resourceType: "Vehicle" });
  const del = await api.delete(`/users/${U}/locations/${L}`);
  expect(del.status).toBe(204);
  expect((await api.get(`/users/${U}/locations/${L}`)).status).toBe(404);
  expect((await api.get("/resources/r1")).status).toBe(404);
  expect((await api.get("/resources/v1")).status).toBe(200);
  expect((await api.get(`/users/${U}/resources`)).body).toEqual({ resources: [{ resourceId: "v1", resourceType: "Vehicle", userId: U, locationId: null, meterPointId: null }] });
  expect((await api.delete(`/users/${U}/locations/${L}`)).status).toBe(404);
});

it("registers locations of several users in one batch", async () => {
  const api = await withUser();
  await api.post("/users", { userId: "u2" });
  const res = await api.post("/users/locations/batch", {
    locations: [
      { userId: U, locationId: "l1", locationType: "Residential", meterPointIds: ["m1"] },
      { userId: "u2", locationId: "l1", meterPointId: "m2" },
    ],
  });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    locations: [
      { locationId: "l1", locationType: "Residential", coordinates: null, meterPointId: "m1", meterPointIds: ["m1"], userId: U },
      { locationId: "l1", locationType: "Unknown", coordinates: null, meterPointId: "m2", meterPointIds: ["m2"], userId: "u2" },
    ],
  });
  expect((await api.get("/users/u2/locations/l1")).status).toBe(200);
});

it("refuses a whole location batch naming an unknown user with 404", async () => {
  const api = await withUser();
  const res = await api.post("/users/locations/batch", { locations: [{ userId: U, locationId: "l1" }, { userId: "ghost", locationId: "l2" }] });
  expect(res.status).toBe(404);
  expect(refusal(res)).toEqual({ status: 404, detail: "body.locations[1].userId: user ghost does not exist", text: "" });
  expect((await api.get(`/users/${U}/locations`)).body).toEqual([]);
});

it("refuses a whole location batch with a duplicate location with 409", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: "l0" });
  const existing = await api.post("/users/locations/batch", { locations: [{ userId: U, locationId: "l1" }, { userId: U, locationId: "l0" }] });
  expect(existing.status).toBe(409);
  expect(refusal(existing)).toEqual({ status: 409, detail: `body.locations[1].locationId: location l0 of user ${U} exists already`, text: "" });
  const twice = await api.post("/users/locations/batch", { locations: [{ userId: U, locationId: "l1" }, { userId: U, locationId: "l1" }] });
  expect(refusal(twice)).toEqual({ status: 409, detail: `body.locations[1].locationId: location l1 of user ${U} appears twice in the batch`, text: "" });
  expect((await api.get(`/users/${U}/locations`)).body).toEqual([{ locationId: "l0", locationType: "Unknown", coordinates: null, meterPointId: null, meterPointIds: [], userId: U }]);
});

it("deleting a user removes its locations, resources and enrollment", async () => {
  const api = await withUser();
  await api.post(`/users/${U}/locations`, { locationId: L, coordinates: { latitude: 78.2209, longitude: 15.6195 } });
  await api.post(`/users/${U}/locations/${L}/resources`, { resourceId: "r1", resourceType: "HotWaterTank" });
  await api.post(`/users/${U}/vehicles`, { resourceId: "v1", resourceType: "Vehicle" });
  expect((await api.post(`/users/${U}/enrollment`)).status).toBe(200);
  expect((await api.delete(`/users/${U}`)).status).toBe(204);
  expect((await api.get("/resources/r1")).status).toBe(404);
  expect((await api.get("/resources/v1")).status).toBe(404);
  expect((await api.get(`/users/${U}/locations`)).status).toBe(404);
  expect((await api.get(`/users/${U}/enrollment`)).status).toBe(404);
  expect((await api.get("/users/eligible")).body).toEqual({ users: [], pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null } });
  await api.post("/users", { userId: U });
  expect((await api.get(`/users/${U}/enrollment`)).body).toEqual({ userId: U, isEnrolled: false, enrollmentId: null, enrollmentDate: null });
  expect((await api.post(`/users/${U}/vehicles`, { resourceId: "v1", resourceType: "Vehicle" })).status).toBe(201);
});
