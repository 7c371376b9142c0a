import { expect, it } from "vitest";
import { useMock, refusal } from "../testing.js";

const LONGYEARBYEN = { latitude: 78.2209, longitude: 15.6195 };
const AREA_1 = { latitude: 79.5191, longitude: 15.9761 };
const OSLO = { latitude: 59.9139, longitude: 10.7522 };
const emptyPage = { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null };

it("makes a user eligible when a location lies in a Svalbard test area", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  expect((await api.get("/users/u1/eligibility")).body).toEqual({ userId: "u1", isEligible: false });
  await api.post("/users/u1/locations", { locationId: "oslo", coordinates: OSLO });
  expect((await api.get("/users/u1/eligibility")).body).toEqual({ userId: "u1", isEligible: false });
  await api.post("/users/u1/locations", { locationId: "lyr", coordinates: LONGYEARBYEN });
  const res = await api.get("/users/u1/eligibility");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ userId: "u1", isEligible: true });
});

it("recognises both test areas and nothing between them", async () => {
  const api = await (await useMock()).login();
  await api.post("/users/batch", { users: [{ userId: "a1" }, { userId: "a2" }, { userId: "between" }] });
  await api.post("/users/locations/batch", {
    locations: [
      { userId: "a1", locationId: "l", coordinates: AREA_1 },
      { userId: "a2", locationId: "l", coordinates: { latitude: 78.25, longitude: 15.5 } },
      { userId: "between", locationId: "l", coordinates: { latitude: 78.9, longitude: 15.8 } },
    ],
  });
  expect((await api.get("/users/eligible")).body).toEqual({
    users: [{ userId: "a1" }, { userId: "a2" }],
    pagination: { totalRecords: 2, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null },
  });
});

it("follows a location that moves out of the area", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", coordinates: LONGYEARBYEN });
  await api.patch("/users/u1/locations/l1", { coordinates: OSLO });
  expect((await api.get("/users/u1/eligibility")).body).toEqual({ userId: "u1", isEligible: false });
  expect((await api.get("/users/eligible")).body).toEqual({ users: [], pagination: emptyPage });
});

it("lists eligible users one page at a time", async () => {
  const api = await (await useMock()).login();
  const ids = ["a", "b", "c"];
  await api.post("/users/batch", { users: ids.map((userId) => ({ userId })) });
  await api.post("/users/locations/batch", { locations: ids.map((userId) => ({ userId, locationId: "l", coordinates: LONGYEARBYEN })) });
  expect((await api.get("/users/eligible?page=2&pageSize=2")).body).toEqual({
    users: [{ userId: "c" }],
    pagination: { totalRecords: 3, pageSize: 2, currentPage: 2, totalPages: 2, nextPage: null, previousPage: 1 },
  });
});

it("answers a bad page of eligible users with a problem document", async () => {
  const api = await (await useMock()).login();
  const res = await api.get("/users/eligible?pageSize=5000");
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:validation-failed",
    title: "Bad Request",
    status: 400,
    detail: "GET /users/eligible: query.pageSize must be <= 1000",
    errors: { "query.pageSize": ["must be <= 1000"] },
  });
});

it("uses the configured eligible areas", async () => {
  const api = await (await useMock({ eligibleAreas: [{ name: "Oslo", ...OSLO, radiusKm: 5 }] })).login();
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", coordinates: LONGYEARBYEN });
  expect((await api.get("/users/u1/eligibility")).body).toEqual({ userId: "u1", isEligible: false });
  await api.post("/users/u1/locations", { locationId: "l2", coordinates: OSLO });
  expect((await api.get("/users/u1/eligibility")).body).toEqual({ userId: "u1", isEligible: true });
});

it("says a meter point is eligible when it belongs to a location in an area", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", coordinates: LONGYEARBYEN, meterPointIds: ["707057500012345678"] });
  await api.post("/users/u1/locations", { locationId: "l2", coordinates: OSLO, meterPointIds: ["707057500000000001"] });
  const res = await api.get("/meters/707057500012345678/eligible");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ meterPointId: "707057500012345678", isEligible: true });
  expect((await api.get("/meters/707057500000000001/eligible")).body).toEqual({ meterPointId: "707057500000000001", isEligible: false });
  expect((await api.get("/meters/unknown/eligible")).body).toEqual({ meterPointId: "unknown", isEligible: false });
  await api.delete("/users/u1/locations/l1");
  expect((await api.get("/meters/707057500012345678/eligible")).body).toEqual({ meterPointId: "707057500012345678", isEligible: false });
});

it("answers 404 for the eligibility of an unknown user", async () => {
  const api = await (await useMock()).login();
  expect(refusal(await api.get("/users/ghost/eligibility"))).toEqual({ status: 404, detail: "user ghost does not exist", text: "" });
});

it("enrolls an eligible user, idempotently, and unenrolls it", async () => {
  const now = Date.parse("2026-11-26T12:00:00Z");
  const api = await (await useMock({ now: () => now })).login();
  await api.post("/users", { userId: "u1" });
  expect((await api.get("/users/u1/enrollment")).body).toEqual({ userId: "u1", isEnrolled: false, enrollmentId: null, enrollmentDate: null });
  await api.post("/users/u1/locations", { locationId: "l1", coordinates: LONGYEARBYEN });
  const enrolled = await api.post("/users/u1/enrollment");
  expect(enrolled.status).toBe(200);
  expect(enrolled.body).toEqual({ userId: "u1", isEnrolled: true, enrollmentId: expect.any(String), enrollmentDate: "2026-11-26T12:00:00.000Z" });
  expect((await api.post("/users/u1/enrollment")).body).toEqual(enrolled.body);
  expect((await api.get("/users/u1/enrollment")).body).toEqual(enrolled.body);
  expect((await api.delete("/users/u1/enrollment")).status).toBe(204);
  expect((await api.get("/users/u1/enrollment")).body).toEqual({ userId: "u1", isEnrolled: false, enrollmentId: null, enrollmentDate: null });
  expect((await api.delete("/users/u1/enrollment")).status).toBe(204);
});

it("refuses to enroll a user who is not eligible", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  const res = await api.post("/users/u1/enrollment");
  expect(res.status).toBe(400);
  expect(res.body).toEqual("POST /users/u1/enrollment: user u1 is not eligible (none of its locations lies in an eligible area), so it cannot be enrolled");
});

it("answers 404 to enrollment operations on an unknown user", async () => {
  const api = await (await useMock()).login();
  for (const method of ["GET", "POST", "DELETE"]) {
    const res = await api.request(method, "/users/ghost/enrollment");
    expect(res.status).toBe(404);
    expect(refusal(res)).toEqual({ status: 404, detail: "user ghost does not exist", text: "" });
  }
});
