import { expect, it } from "vitest";
import { CONFORMANCE_NOW, describeDataStore } from "../data-store.conformance.js";
import { DEFAULT_ELIGIBLE_AREAS } from "../../domain/eligibility.js";
import { Store } from "./data-store.js";
import { refusal, useMock } from "../../testing.js";

describeDataStore(() => new Store(DEFAULT_ELIGIBLE_AREAS, () => CONFORMANCE_NOW));

const A = { id: "partner-a", secret: "secret-a" };
const B = { id: "partner-b", secret: "secret-b" };

it("keeps two clients' data apart: get, list, delete and create with the same id", async () => {
  const mock = await useMock({ clients: [A, B] });
  const a = await mock.login(A);
  const b = await mock.login(B);
  await a.post("/users", { userId: "shared-id" });
  await a.post("/users/shared-id/locations", { locationId: "l1", coordinates: { latitude: 78.2209, longitude: 15.6195 }, meterPointIds: ["m1"] });
  await a.post("/users/shared-id/locations/l1/resources", { resourceId: "r1", resourceType: "Charger" });

  expect(refusal(await b.get("/users/shared-id"))).toEqual({ status: 404, detail: "user shared-id does not exist", text: "" });
  expect((await b.get("/users/shared-id/locations/l1")).status).toBe(404);
  expect((await b.get("/resources/r1")).status).toBe(404);
  expect((await b.get("/meters/m1/eligible")).body).toEqual({ meterPointId: "m1", isEligible: false });
  const empty = { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null };
  expect((await b.get("/users")).body).toEqual({ users: [], pagination: empty });
  expect((await b.get("/users/eligible")).body).toEqual({ users: [], pagination: empty });
  expect((await b.delete("/users/shared-id")).status).toBe(404);
  expect((await b.delete("/resources/r1")).status).toBe(404);

  expect((await b.post("/users", { userId: "shared-id" })).status).toBe(201);
  expect((await b.post("/users/shared-id/vehicles", { resourceId: "r1", resourceType: "Vehicle" })).status).toBe(201);
  expect((await b.get("/resources/r1")).body).toEqual({ resourceId: "r1", resourceType: "Vehicle", userId: "shared-id", locationId: null, meterPointId: null });
  expect((await a.get("/resources/r1")).body).toEqual({ resourceId: "r1", resourceType: "Charger", userId: "shared-id", locationId: "l1", meterPointId: null });

  expect((await b.delete("/users/shared-id")).status).toBe(204);
  expect((await a.get("/users/shared-id")).body).toEqual({ userId: "shared-id" });
  expect((await a.get("/users")).body).toEqual({ users: [{ userId: "shared-id" }], pagination: { ...empty, totalRecords: 1, totalPages: 1 } });
});

it("gives each client its own copy of the seed", async () => {
  const mock = await useMock({ clients: [A, B], seed: { users: [{ userId: "seeded" }] } });
  const a = await mock.login(A);
  const b = await mock.login(B);
  expect((await a.delete("/users/seeded")).status).toBe(204);
  expect((await b.get("/users/seeded")).body).toEqual({ userId: "seeded" });
});

it("pages users in the order they were added, across deletes and new users", async () => {
  const mock = await useMock();
  const api = await mock.login();
  for (const userId of ["u1", "u2", "u3"]) await api.post("/users", { userId });
  expect((await api.get("/users?page=2&pageSize=2")).body).toEqual({
    users: [{ userId: "u3" }],
    pagination: { totalRecords: 3, pageSize: 2, currentPage: 2, totalPages: 2, nextPage: null, previousPage: 1 },
  });
  await api.delete("/users/u2");
  await api.post("/users", { userId: "u4" });
  await api.post("/users", { userId: "u2" });
  expect((await api.get("/users?page=2&pageSize=2")).body).toEqual({
    users: [{ userId: "u4" }, { userId: "u2" }],
    pagination: { totalRecords: 4, pageSize: 2, currentPage: 2, totalPages: 2, nextPage: null, previousPage: 1 },
  });
});

it("keeps a meter point's eligibility right as locations that share it come and go", async () => {
  const api = await (await useMock()).login();
  const LONGYEARBYEN = { latitude: 78.2209, longitude: 15.6195 };
  const OSLO = { latitude: 59.9139, longitude: 10.7522 };
  const eligible = async () => ((await api.get("/meters/m1/eligible")).body as { isEligible: boolean }).isEligible;
  await api.post("/users/batch", { users: [{ userId: "u1" }, { userId: "u2" }] });
  await api.post("/users/u1/locations", { locationId: "oslo", coordinates: OSLO, meterPointIds: ["m1"] });
  await api.post("/users/u2/locations", { locationId: "lyr", coordinates: LONGYEARBYEN, meterPointIds: ["m1", "m1"] });
  await api.post("/users/u1/locations", { locationId: "lyr", coordinates: LONGYEARBYEN, meterPointIds: ["m1"] });
  expect(await eligible()).toBe(true);
  await api.delete("/users/u2/locations/lyr");
  expect(await eligible()).toBe(true);
  await api.put("/users/u1/locations/lyr", { locationId: "lyr", coordinates: LONGYEARBYEN, meterPointIds: ["m2"] });
  expect(await eligible()).toBe(false);
  await api.patch("/users/u1/locations/oslo", { coordinates: LONGYEARBYEN });
  expect(await eligible()).toBe(true);
  await api.delete("/users/u1");
  expect(await eligible()).toBe(false);
  expect((await api.get("/meters/m2/eligible")).body).toEqual({ meterPointId: "m2", isEligible: false });
});
