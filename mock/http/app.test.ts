import { expect, it } from "vitest";
import { specValidators } from "../context.js";
import { buildRouteTable, routeTable } from "./routing.js";
import { users } from "../routes/users.js";
import { useMock } from "../testing.js";

const problem = (code: string, status: number, title: string, detail: string) => ({ type: `urn:energy-coordination-mock:problem:${code}`, title, status, detail });

it("serves every operation of the spec under the API base", () => {
  expect(routeTable().api.map((route) => route.op.operationId).sort()).toEqual([
    "GetAllEvents", "GetEventById", "PostReport", "GetResourceById", "DeleteResourceById", "PostPriceCurveSimulation",
    "PostUserEligibilitySimulation", "PostLPCLocationSimulation", "PostLPCResourceSimulation", "PostTenantDataSimulation",
    "DeleteTenantDataSimulation", "GetUsers", "PostUser", "GetUserById", "DeleteUserById", "PostUsers", "GetLocationsByUserId",
    "PostLocation", "GetLocationByLocationId", "UpdateLocation", "DeleteLocation", "PatchLocation", "PostLocations", "PostVehicle",
    "GetResourcesForUser", "GetLocationBoundResources", "PostLocationBoundResource", "GetUserEnrollmentByUserId", "PostUserEnrollment",
    "DeleteUserEnrollment", "GetUserEligibilityByUserId", "GetEligibleUsers", "FetchUserCompensation", "GetMpidEligibility",
    "GetWebhooks", "PostWebhook", "GetWebhookById", "UpdateWebhookById", "DeleteWebhookById", "PatchWebhookById",
    "UpdateWebhookEnabledById", "GetWebhookNotificationLogs", "GetWebhookNotificationLogById",
  ].sort());
});

it("refuses to build its routes with an operation that has no handler, naming it, and with two handlers for one", () => {
  const served = specValidators().spec.operations.filter((op) => !op.webhook && !op.ownServer);
  const missing = served.map((op) => op.operationId).filter((id) => !Object.hasOwn(users, id));
  expect(() => buildRouteTable({ handlers: [users] })).toThrow(new Error(`no handler for ${missing.join(", ")}: add it to a handler map in mock/routes/`));
  expect(missing).toContain("PostLocation");
  expect(() => buildRouteTable({ handlers: [users, users] })).toThrow("two handlers for GetUsers");
});

it("answers malformed JSON with 400 in the operation's declared shape", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users", undefined, { raw: '{"userId": ', contentType: "application/json" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(expect.stringMatching(/^POST \/users: body is not valid JSON \(.+\)$/));
});

it("answers a body with a non-JSON content type with 415", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users", undefined, { raw: "userId=u1", contentType: "text/plain" });
  expect(res.status).toBe(415);
  expect(res.body).toEqual(problem("unsupported-media-type", 415, "Unsupported Media Type", "POST /users: Content-Type text/plain is not accepted; send application/json"));
});

it("answers a body over 1 MiB with 413", async () => {
  const api = await (await useMock()).login();
  const big = JSON.stringify({ userId: "x".repeat(1024 * 1024) });
  const res = await api.post("/users", undefined, { raw: big, contentType: "application/json" });
  expect(res.status).toBe(413);
  expect(res.body).toEqual(problem("payload-too-large", 413, "Payload Too Large", "POST /users: body is larger than the limit of 1048576 bytes"));
});

it("answers a missing body with 400", async () => {
  const api = await (await useMock()).login();
  const res = await api.post("/users");
  expect(res.status).toBe(400);
  expect(res.body).toEqual("POST /users: body is required (application/json)");
});

it("keeps __proto__ and constructor keys in a body away from any prototype", async () => {
  const api = await (await useMock()).login();
  const raw = '{"userId":"u1","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
  const res = await api.post("/users", undefined, { raw, contentType: "application/json" });
  expect(res.status).toBe(400);
  expect(res.body).toEqual("POST /users: body.__proto__ is not allowed; body.constructor is not allowed");
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const batch = await api.post("/users/batch", undefined, { raw: '{"users":[{"userId":"a","__proto__":{"polluted":true}}]}', contentType: "application/json" });
  expect(batch.body).toEqual("POST /users/batch: body.users[0].__proto__ is not allowed");
  const query = await api.get("/users?__proto__[polluted]=1&constructor=x");
  expect(query.status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

it("answers an unknown route with 404 route-not-found", async () => {
  const mock = await useMock();
  const api = await mock.login();
  expect((await api.get("/userz")).body).toEqual(problem("route-not-found", 404, "Not Found", "GET /userz: no such route in the API"));
  expect((await mock.fetch("/v1/users")).body).toEqual(
    problem("route-not-found", 404, "Not Found", "GET /v1/users: no such route; the API lives under /energy-coordination/v1 and the token endpoint at /connect/token"),
  );
});

it("answers a wrong method on a known path with 405 and Allow", async () => {
  const api = await (await useMock()).login();
  const res = await api.request("PATCH", "/users/u1");
  expect(res.status).toBe(405);
  expect(res.headers.get("allow")).toBe("DELETE, GET");
  expect(res.body).toEqual(problem("method-not-allowed", 405, "Method Not Allowed", "PATCH /users/u1: method PATCH is not allowed here; allowed: DELETE, GET"));
});

it("answers OPTIONS on a known path with 204 and the Allow of its 405, without a token", async () => {
  const mock = await useMock();
  const anonymous = mock.as(undefined);
  const res = await anonymous.request("OPTIONS", "/users/u1");
  expect(res.status).toBe(204);
  expect(res.headers.get("allow")).toBe("DELETE, GET");
  expect(res.text).toBe("");
  expect((await anonymous.request("OPTIONS", "/Users")).headers.get("allow")).toBe("GET, POST");
  const token = await mock.fetch("/connect/token", { method: "OPTIONS" });
  expect({ status: token.status, allow: token.headers.get("allow") }).toEqual({ status: 204, allow: "POST" });
});

it("answers OPTIONS on an unknown path with 404 route-not-found", async () => {
  const anonymous = (await useMock()).as(undefined);
  const res = await anonymous.request("OPTIONS", "/userz");
  expect(res.status).toBe(404);
  expect(res.body).toEqual(problem("route-not-found", 404, "Not Found", "OPTIONS /userz: no such route in the API"));
});

it("answers HEAD as GET without a body wherever the path has a GET, as the route table resolves it", async () => {
  const mock = await useMock();
  const api = await mock.login();
  await api.post("/users", { userId: "u1" });
  const get = await api.request("GET", "/users/u1");
  const head = await api.request("HEAD", "/users/u1");
  expect({ status: head.status, type: head.headers.get("content-type"), length: head.headers.get("content-length"), text: head.text }).toEqual({
    status: 200,
    type: "application/json; charset=utf-8",
    length: get.headers.get("content-length"),
    text: "",
  });
  expect(routeTable().resolve("HEAD", "/energy-coordination/v1/users/u1")).toMatchObject({ kind: "operation", op: { operationId: "GetUserById" } });
  // The token endpoint has no GET: HEAD there is a 405 like any other method it lacks.
  const token = await mock.fetch("/connect/token", { method: "HEAD" });
  expect({ status: token.status, allow: token.headers.get("allow") }).toEqual({ status: 405, allow: "POST" });
  expect(routeTable().resolve("HEAD", "/connect/token")).toEqual({ kind: "method-not-allowed", allow: ["POST"] });
});

it("matches paths case-insensitively", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  expect((await api.get("/Users/u1")).body).toEqual({ userId: "u1" });
});

it("routes static segments before parameters", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "eligible" });
  const res = await api.get("/users/eligible");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ users: [], pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null } });
});

it("runs the quickstart guide's curl steps as the guide shows them, and reads the objects back", async () => {
  const mock = await useMock();
  // curl --location "$TOKEN_URL" --header 'Content-Type: application/x-www-form-urlencoded' --data-urlencode ...
  const token = await mock.fetch("/connect/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=partner-demo&client_secret=partner-demo-secret",
  });
  expect(token.status).toBe(200);
  const api = mock.as((token.body as { access_token: string }).access_token);
  const U = "3880a832-f483-4b6a-998d-6109d3a54b06";
  const L = "3fd2a74c-9a01-4c78-a924-60054faffa75";

  expect((await api.post("/users", { userId: U })).status).toBe(201);
  expect((await api.post(`/users/${U}/vehicles`, { resourceId: "4b146c67-9e59-4cfb-863c-8c175659e8ba", resourceType: "Vehicle" })).status).toBe(201);
  expect((await api.post(`/users/${U}/locations`, { locationId: L, locationType: "Residential", meterPointId: "12345678901234567890123456789012" })).status).toBe(201);
  expect((await api.post(`/users/${U}/locations/${L}/resources`, { resourceId: "23202835-7843-4a90-b6d9-235fdf0e5844", resourceType: "HotWaterTank" })).status).toBe(201);

  expect((await api.get(`/users/${U}`)).body).toEqual({ userId: U });
  expect((await api.get(`/users/${U}/locations/${L}`)).body).toEqual({
    locationId: L,
    locationType: "Residential",
    coordinates: null,
    meterPointId: "12345678901234567890123456789012",
    meterPointIds: ["12345678901234567890123456789012"],
    userId: U,
  });
  expect((await api.get(`/users/${U}/resources`)).body).toEqual({
    resources: [
      { resourceId: "4b146c67-9e59-4cfb-863c-8c175659e8ba", resourceType: "Vehicle", userId: U, locationId: null, meterPointId: null },
      { resourceId: "23202835-7843-4a90-b6d9-235fdf0e5844", resourceType: "HotWaterTank", userId: U, locationId: L, meterPointId: null },
    ],
  });
});

it("never answers 5xx to odd requests", async () => {
  const api = await (await useMock()).login();
  await api.post("/users", { userId: "u1" });
  const odd = [
    api.get("/users/%E0%A4%A"),
    api.get("/users?page=1&page=2"),
    api.post("/users", undefined, { raw: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]", contentType: "application/json" }),
    api.post("/users", undefined, { raw: "null", contentType: "application/json" }),
    api.post("/users", undefined, { raw: '"u1"', contentType: "application/json; charset=utf-8" }),
    api.post("/users", undefined, { raw: "\u0000\uffff", contentType: "application/json" }),
    api.post("/users/u1/locations", { locationId: "l1", coordinates: { latitude: "north" } }),
    // null coordinates are what the vendor's examples send: taken, as no coordinates.
    api.post("/users/u1/locations", { locationId: "l1", coordinates: null }),
    api.post("/users/u1/enrollment", undefined, { raw: "not json", contentType: "text/plain" }),
  ];
  const statuses = (await Promise.all(odd)).map((r) => r.status);
  expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 201, 400]);
});
