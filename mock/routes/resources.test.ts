import { expect, it } from "vitest";
import { useMock, type ApiClient, refusal } from "../testing.js";


async function withLocation(): Promise<ApiClient> {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", meterPointIds: ["m1"] });
  return api;
}

it("registers a vehicle with locationId null and reads it back", async () => {
  const api = await withLocation();
  const res = await api.post("/users/u1/vehicles", { resourceId: "v1", resourceType: "Vehicle" });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({ resourceId: "v1", resourceType: "Vehicle", userId: "u1", locationId: null, meterPointId: null });
  expect((await api.get("/resources/v1")).body).toEqual(res.body);
});

it("refuses a bad vehicle with a problem document naming the field", async () => {
  const api = await withLocation();
  const res = await api.post("/users/u1/vehicles", { resourceId: "v1", resourceType: "Bicycle" });
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:validation-failed",
    title: "Bad Request",
    status: 400,
    detail: "POST /users/u1/vehicles: body.resourceType must be one of Generic, Vehicle, Charger, HotWaterTank, HVAC, SolarInverter",
    errors: { "body.resourceType": ["must be one of Generic, Vehicle, Charger, HotWaterTank, HVAC, SolarInverter"] },
  });
});

it("answers 404 for a vehicle of an unknown user", async () => {
  const api = await withLocation();
  const res = await api.post("/users/ghost/vehicles", { resourceId: "v1", resourceType: "Vehicle" });
  expect(res.status).toBe(404);
  expect(refusal(res)).toEqual({ status: 404, detail: "user ghost does not exist", text: "" });
});

it("registers a location-bound resource and lists it at its location", async () => {
  const api = await withLocation();
  const res = await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank", meterPointId: "m1" });
  expect(res.status).toBe(201);
  expect(res.body).toEqual({ resourceId: "r1", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: "m1" });
  const list = await api.get("/users/u1/locations/l1/resources");
  expect(list.status).toBe(200);
  expect(list.body).toEqual([{ resourceId: "r1", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: "m1" }]);
});

it("answers 404 as a message for a resource at an unknown location", async () => {
  const api = await withLocation();
  const res = await api.post("/users/u1/locations/nowhere/resources", { resourceId: "r1", resourceType: "Charger" });
  expect(res.status).toBe(404);
  expect(res.body).toEqual("POST /users/u1/locations/nowhere/resources: user u1 has no location nowhere");
  expect((await api.get("/users/u1/locations/nowhere/resources")).status).toBe(404);
});

it("refuses a duplicate resourceId with 409, across vehicles and location-bound resources", async () => {
  const api = await withLocation();
  await api.post("/users/u1/vehicles", { resourceId: "r1", resourceType: "Vehicle" });
  const res = await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "Charger" });
  expect(res.status).toBe(409);
  expect(refusal(res)).toEqual({ status: 409, detail: "resource r1 exists already", text: "" });
  const again = await api.post("/users/u1/vehicles", { resourceId: "r1", resourceType: "Vehicle" });
  expect(refusal(again)).toEqual({ status: 409, detail: "resource r1 exists already", text: "" });
});

it("lists all of a user's resources, vehicles and location-bound alike", async () => {
  const api = await withLocation();
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
  await api.post("/users/u1/vehicles", { resourceId: "v1", resourceType: "Vehicle" });
  const res = await api.get("/users/u1/resources");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    resources: [
      { resourceId: "r1", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: null },
      { resourceId: "v1", resourceType: "Vehicle", userId: "u1", locationId: null, meterPointId: null },
    ],
  });
  expect((await api.get("/users/ghost/resources")).status).toBe(404);
});

it("answers 404 as a message for an unknown resource", async () => {
  const api = await withLocation();
  const res = await api.get("/resources/nothing");
  expect(res.status).toBe(404);
  expect(res.body).toEqual("GET /resources/nothing: resource nothing does not exist");
});

it("deletes a resource everywhere it was listed", async () => {
  const api = await withLocation();
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
  const del = await api.delete("/resources/r1");
  expect(del.status).toBe(204);
  expect((await api.get("/resources/r1")).status).toBe(404);
  expect((await api.get("/users/u1/locations/l1/resources")).body).toEqual([]);
  expect((await api.get("/users/u1/resources")).body).toEqual({ resources: [] });
  const again = await api.delete("/resources/r1");
  expect(again.status).toBe(404);
  expect(refusal(again)).toEqual({ status: 404, detail: "resource r1 does not exist", text: "" });
});
