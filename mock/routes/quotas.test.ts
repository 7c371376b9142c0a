// What one partner may keep in a shared sandbox (quotas.ts, the spec's maxLength and maxItems), on both stores.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import type { ApiClient } from "../testing.js";
import { refusal, useMock } from "../testing.js";

const quotaProblem = (request: string, message: string) => ({
  type: "urn:energy-coordination-mock:problem:quota-reached",
  title: "Conflict",
  status: 409,
  detail: `${request}: ${message}`,
});
/** A quota refusal of an operation whose 409 the live service sends without a body: none here either, X-Mock-Detail says it. */
const quotaRefusal = (message: string) => ({ status: 409, detail: message, text: "" });

it("refuses a webhook beyond the client's webhook quota with 409 naming it", async () => {
  const api = await (await useMock({ quotas: { webhooks: 2 } })).login();
  for (let i = 0; i < 2; i++) await api.call("PostWebhook", 201, { body: { webhookUrl: `https://partner.example/${i}` } });
  const res = await api.post("/webhooks", { webhookUrl: "https://partner.example/2" });
  expect(res.status).toBe(409);
  expect(res.body).toEqual(quotaProblem("POST /webhooks", "no webhook registered: this client has reached its quota of 2 webhooks (webhooks); delete some first"));
  expect((await api.call("GetWebhooks", 200)).body.webhooks).toHaveLength(2);
});

it("refuses users beyond the client's user quota, a batch as a whole", async () => {
  const api = await (await useMock({ quotas: { users: 3 } })).login();
  expect((await api.post("/users/batch", { users: [{ userId: "a" }, { userId: "b" }] })).status).toBe(201);
  const batch = await api.post("/users/batch", { users: [{ userId: "c" }, { userId: "d" }] });
  expect(refusal(batch)).toEqual(quotaRefusal("no user registered (the client has 2 and this adds 2): this client has reached its quota of 3 users (users); delete some first"));
  expect((await api.post("/users", { userId: "c" })).status).toBe(201);
  const one = await api.post("/users", { userId: "d" });
  expect(one.status).toBe(409);
  expect(refusal(one)).toEqual(quotaRefusal("no user registered (the client has 3 and this adds 1): this client has reached its quota of 3 users (users); delete some first"));
  expect((await api.call("GetUsers", 200)).body.users).toEqual([{ userId: "a" }, { userId: "b" }, { userId: "c" }]);
});

it("refuses locations beyond the client's location quota, over all its users and a batch as a whole", async () => {
  const api = await (await useMock({ quotas: { locations: 3 } })).login();
  await api.post("/users/batch", { users: [{ userId: "u1" }, { userId: "u2" }] });
  expect((await api.post("/users/u1/locations", { locationId: "l1" })).status).toBe(201);
  expect((await api.post("/users/u2/locations", { locationId: "l1" })).status).toBe(201);
  const batch = await api.post("/users/locations/batch", { locations: [{ userId: "u1", locationId: "l2" }, { userId: "u2", locationId: "l2" }] });
  expect(refusal(batch)).toEqual(quotaRefusal("no location registered (the client has 2 and this adds 2): this client has reached its quota of 3 locations (locations); delete some first"));
  expect((await api.post("/users/u1/locations", { locationId: "l2" })).status).toBe(201);
  const one = await api.post("/users/u2/locations", { locationId: "l2" });
  expect(one.status).toBe(409);
  expect(refusal(one)).toEqual(quotaRefusal("no location registered (the client has 3 and this adds 1): this client has reached its quota of 3 locations (locations); delete some first"));
  expect((await api.get("/users/u2/locations")).body).toEqual([expect.objectContaining({ locationId: "l1", userId: "u2" })]);
  expect((await api.delete("/users/u1/locations/l2")).status).toBe(204);
  expect((await api.post("/users/u2/locations", { locationId: "l2" })).status).toBe(201);
});

it("refuses resources beyond the client's resource quota, vehicles and location-bound ones alike", async () => {
  const api = await (await useMock({ quotas: { resources: 2 } })).login();
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1" });
  expect((await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" })).status).toBe(201);
  expect((await api.post("/users/u1/vehicles", { resourceId: "car1", resourceType: "Vehicle" })).status).toBe(201);
  const bound = await api.post("/users/u1/locations/l1/resources", { resourceId: "r2", resourceType: "HotWaterTank" });
  expect(refusal(bound)).toEqual(quotaRefusal("no resource registered (the client has 2 and this adds 1): this client has reached its quota of 2 resources (resources); delete some first"));
  const vehicle = await api.post("/users/u1/vehicles", { resourceId: "car2", resourceType: "Vehicle" });
  expect(refusal(vehicle)).toEqual(quotaRefusal("no resource registered (the client has 2 and this adds 1): this client has reached its quota of 2 resources (resources); delete some first"));
  expect((await api.delete("/resources/car1")).status).toBe(204);
  expect((await api.post("/users/u1/vehicles", { resourceId: "car2", resourceType: "Vehicle" })).status).toBe(201);
});

it("keeps a client's live tokens within its token quota: a new token revokes the oldest, the newest keep working", async () => {
  const acme = { id: "acme", secret: "acme-secret" };
  const mock = await useMock({ clients: [acme], quotas: { tokens: 2 } });
  const issued: string[] = [];
  for (let i = 0; i < 4; i++) issued.push(await mock.token(acme));
  const statuses = await Promise.all(issued.map(async (t) => (await mock.as(t).get("/users")).status));
  expect(statuses).toEqual([401, 401, 200, 200]);
  expect((await mock.as(issued[0]).get("/users")).body).toEqual({
    type: "urn:energy-coordination-mock:problem:invalid-token",
    title: "Unauthorized",
    status: 401,
    detail:
      "GET /users: the access token is no longer live (its client was removed, or it was the client's oldest past its quota of live tokens); get a new one from POST /connect/token",
  });
});

async function withEvent(api: ApiClient): Promise<string> {
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", meterPointIds: ["707057500000000001"] });
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
  const res = await api.post("/simulation/events/pricecurve", { targets: [{ resourceId: "r1", locationId: "l1" }] });
  return (res.body as { simulatedEvent: { id: string } }).simulatedEvent.id;
}

it("refuses reports beyond the client's report quota and its bytes of reports", async () => {
  const payloads = [{ payloadType: "EnergyUsage", resourceId: "r1", locationId: "l1", resolution: "01:00:00", points: [{ timestamp: "2026-11-27T00:00:00Z", kiloWattHours: 2.5 }] }];
  const counted = await (await useMock({ quotas: { reports: 2 } })).login();
  const eventId = await withEvent(counted);
  for (let i = 0; i < 2; i++) expect((await counted.post("/reports", { eventId, payloads })).status).toBe(200);
  expect((await counted.post("/reports", { eventId, payloads })).body).toEqual(
    quotaProblem("POST /reports", "no report stored: this client has reached its quota of 2 reports (reports); reset the client's data (POST /_mock/reset) to start again"),
  );
  const sized = await (await useMock({ quotas: { reportBytes: 100 } })).login();
  const other = await withEvent(sized);
  expect((await sized.post("/reports", { eventId: other, payloads })).status).toBe(200);
  expect((await sized.post("/reports", { eventId: other, payloads })).body).toEqual(
    quotaProblem("POST /reports", "no report stored: this client has reached its quota of 100 bytes of reports (reportBytes); reset the client's data (POST /_mock/reset) to start again"),
  );
});

it("refuses ids, names and batches over the spec's size limits with 400 naming the field", async () => {
  const api = await (await useMock()).login();
  const long = await api.post("/users", { userId: "u".repeat(129) });
  expect([long.status, long.body]).toEqual([400, "POST /users: body.userId must NOT have more than 128 characters"]);
  const batch = await api.post("/users/batch", { users: Array.from({ length: 1001 }, (_, i) => ({ userId: `u${i}` })) });
  expect([batch.status, batch.body]).toEqual([400, "POST /users/batch: body.users must NOT have more than 1000 items"]);
  const name = await api.post("/webhooks", { webhookUrl: "https://partner.example/", name: "n".repeat(201) });
  expect([name.status, name.body]).toEqual([
    400,
    {
      type: "urn:energy-coordination-mock:problem:validation-failed",
      title: "Bad Request",
      status: 400,
      detail: "POST /webhooks: body.name must NOT have more than 200 characters",
      errors: { "body.name": ["must NOT have more than 200 characters"] },
    },
  ]);
  expect((await api.call("GetUsers", 200)).body.users).toEqual([]);
});

it("keeps events and delivery attempts within their bytes per client, the newest first to stay", async () => {
  const mock = await useMock({ maxEventBytes: 1, maxDeliveryLogBytes: 1 });
  const api = await mock.login();
  const received: string[] = [];
  const server = http.createServer((_req, res) => (received.push("x"), res.writeHead(200).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => void server.close());
  await api.call("PostWebhook", 201, { body: { webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, notificationTypes: ["UserEligibilityUpdated"] } });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    ids.push(((await api.post("/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } }).simulatedEvent.id);
    await mock.ctx.push.idle();
  }
  expect(received).toHaveLength(3);
  const events = (await api.call("GetAllEvents", 200)).body;
  expect([events.events!.map((e) => e.id), events.pagination!.totalRecords]).toEqual([[ids[2]], 1]);
  const logs = (await api.call("GetWebhookNotificationLogs", 200)).body;
  expect([logs.webhookNotificationLogs!.map((l) => l.partnerEventId), logs.pagination!.totalRecords]).toEqual([[ids[2]], 1]);
  const roomy = await useMock({ maxEventBytes: 1_000_000 });
  const other = await roomy.login();
  for (let i = 0; i < 3; i++) await other.post("/simulation/events/usereligibility");
  expect((await other.call("GetAllEvents", 200)).body.events).toHaveLength(3);
});
