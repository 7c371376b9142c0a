import { expect, it } from "vitest";
import { useReceiver } from "../test-support.js";
import { DEMO_CLIENT } from "../context.js";
import { useMock, refusal } from "../testing.js";

const problem = (code: string, status: number, title: string, detail: string) => ({ type: `urn:energy-coordination-mock:problem:${code}`, title, status, detail });
const NOW = Date.parse("2026-11-26T12:00:00Z");
const AT = "2026-11-26T12:00:00.000Z";
const OTHER = { id: "other", secret: "other-secret" };

/** The shared receiver, with the path the partner guide's examples use. */
async function receiver(secret: string) {
  const r = await useReceiver({ secret });
  return { url: `${r.origin}/hooks/spark`, received: r.received };
}

const created = (webhookId: string, extra: Record<string, unknown> = {}) => ({
  webhookId,
  webhookUrl: "https://partner.example/hooks/spark",
  name: "Price curves",
  notificationTypes: ["PriceCurveCreated"],
  enabled: true,
  status: "New",
  modifiedDate: AT,
  createdDate: AT,
  lastAnalyzedTimestamp: AT,
  ...extra,
});

it("registers a webhook, answers 201 without the secret, and reads it back", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const res = await api.post("/webhooks", { webhookUrl: "https://partner.example/hooks/spark", name: "Price curves", webhookSecret: "a-long-random-secret", notificationTypes: ["PriceCurveCreated"] });
  expect(res.status).toBe(201);
  const id = (res.body as { webhookId: string }).webhookId;
  expect(res.body).toEqual(created(id));
  expect(res.text).not.toContain("a-long-random-secret");
  expect((await api.get(`/webhooks/${id}`)).body).toEqual(created(id));
  expect((await api.get("/webhooks")).body).toEqual({ webhooks: [created(id)] });
});

it("defaults a minimal webhook to no name and no notification types", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const res = await api.post("/webhooks", { webhookUrl: "http://127.0.0.1:9/x" });
  expect(res.body).toEqual(created((res.body as { webhookId: string }).webhookId, { webhookUrl: "http://127.0.0.1:9/x", name: null, notificationTypes: [] }));
});

it("refuses a webhook URL that is not absolute http or https", async () => {
  const api = await (await useMock()).login();
  for (const webhookUrl of ["partner.example/hook", "ftp://partner.example/hook", "", "https://partner.example/a hook"]) {
    const res = await api.post("/webhooks", { webhookUrl });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      ...problem("invalid-webhook-url", 400, "Bad Request", "POST /webhooks: body.webhookUrl must be an absolute http or https URL"),
      errors: { "body.webhookUrl": ["must be an absolute http or https URL"] },
    });
  }
  const missing = await api.post("/webhooks", { notificationTypes: ["Nope"] });
  expect(missing.body).toEqual({
    ...problem("validation-failed", 400, "Bad Request", "POST /webhooks: body.webhookUrl is required; body.notificationTypes[0] must be one of Unknown, PriceCurveCreated, UserEligibilityUpdated, LocationLPCRequested, ResourceLPCRequested, LPCReservationCreated"),
    errors: {
      "body.webhookUrl": ["is required"],
      "body.notificationTypes[0]": ["must be one of Unknown, PriceCurveCreated, UserEligibilityUpdated, LocationLPCRequested, ResourceLPCRequested, LPCReservationCreated"],
    },
  });
});

it("replaces a webhook with PUT, keeping its secret when none is sent", async () => {
  let now = NOW;
  const mock = await useMock({ now: () => now });
  const api = await mock.login();
  const r = await receiver("kept-secret");
  const id = (await api.call("PostWebhook", 201, { body: { webhookUrl: "https://partner.example/a", name: "A", webhookSecret: "kept-secret", notificationTypes: ["PriceCurveCreated"] } })).body.webhookId;
  now += 60_000;
  const res = await api.put(`/webhooks/${id}`, { webhookUrl: r.url, notificationTypes: ["UserEligibilityUpdated"], enabled: true });
  expect(res.status).toBe(200);
  expect(res.body).toEqual(created(id, { webhookUrl: r.url, name: null, notificationTypes: ["UserEligibilityUpdated"], modifiedDate: "2026-11-26T12:01:00.000Z" }));
  await api.post("/simulation/events/usereligibility");
  await mock.ctx.push.idle();
  expect(r.received.map((n) => [n.verified, n.status])).toEqual([[true, 200]]);
});

it("changes only the fields a PATCH sends and does not null", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const id = (await api.call("PostWebhook", 201, { body: { webhookUrl: "https://partner.example/hooks/spark", name: "Price curves", notificationTypes: ["PriceCurveCreated"] } })).body.webhookId;
  const res = await api.patch(`/webhooks/${id}`, { name: "Staging", webhookUrl: null, notificationTypes: null, enabled: null });
  expect(res.status).toBe(200);
  expect(res.body).toEqual(created(id, { name: "Staging" }));
  expect((await api.patch(`/webhooks/${id}`, { enabled: false, notificationTypes: ["ResourceLPCRequested", "LocationLPCRequested"] })).body).toEqual(
    created(id, { name: "Staging", enabled: false, notificationTypes: ["ResourceLPCRequested", "LocationLPCRequested"] }),
  );
  expect((await api.patch(`/webhooks/${id}`, {})).body).toEqual(created(id, { name: "Staging", enabled: false, notificationTypes: ["ResourceLPCRequested", "LocationLPCRequested"] }));
  expect((await api.patch(`/webhooks/${id}`, { webhookUrl: "nope" })).status).toBe(400);
  expect((await api.put(`/webhooks/${id}`, { webhookUrl: "nope" })).status).toBe(400);
});

it("enables and disables a webhook with 204", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const id = (await api.call("PostWebhook", 201, { body: { webhookUrl: "https://partner.example/hooks/spark" } })).body.webhookId;
  const off = await api.put(`/webhooks/${id}/enabled?enabled=false`);
  expect(off.status).toBe(204);
  expect(off.text).toBe("");
  expect((await api.call("GetWebhookById", 200, { params: { webhookId: id } })).body.enabled).toBe(false);
  expect((await api.put(`/webhooks/${id}/enabled?enabled=true`)).status).toBe(204);
  expect((await api.call("GetWebhookById", 200, { params: { webhookId: id } })).body.enabled).toBe(true);
  const bad = await api.put(`/webhooks/${id}/enabled?enabled=maybe`);
  expect(bad.status).toBe(400);
  expect((bad.body as { detail: string }).detail).toBe(`PUT /webhooks/${id}/enabled: query.enabled must be boolean`);
  expect((await api.put(`/webhooks/${id}/enabled`)).status).toBe(400);
  expect(refusal(await api.put("/webhooks/nope/enabled?enabled=true"))).toEqual({ status: 404, detail: "webhook nope does not exist", text: "" });
});

it("deletes a webhook with 204, then answers 404 with a message", async () => {
  const api = await (await useMock()).login();
  const id = (await api.call("PostWebhook", 201, { body: { webhookUrl: "https://partner.example/hooks/spark" } })).body.webhookId;
  const del = await api.delete(`/webhooks/${id}`);
  expect(del.status).toBe(204);
  expect(del.text).toBe("");
  expect((await api.get(`/webhooks/${id}`)).status).toBe(404);
  const again = await api.delete(`/webhooks/${id}`);
  expect(again.status).toBe(404);
  expect(again.body).toBe(`DELETE /webhooks/${id}: webhook ${id} does not exist`);
  expect((await api.get("/webhooks")).body).toEqual({ webhooks: [] });
});

it("keeps each client's webhooks and delivery logs to itself", async () => {
  const mock = await useMock({ clients: [DEMO_CLIENT, OTHER] });
  const api = await mock.login();
  const other = await mock.login(OTHER);
  const r = await receiver("s");
  const id = (await api.call("PostWebhook", 201, { body: { webhookUrl: r.url, webhookSecret: "s", notificationTypes: ["UserEligibilityUpdated"] } })).body.webhookId;
  await other.post("/simulation/events/usereligibility");
  await mock.ctx.push.idle();
  expect(r.received).toEqual([]);
  await api.post("/simulation/events/usereligibility");
  await mock.ctx.push.idle();
  expect(r.received).toHaveLength(1);
  const notificationId = (r.received[0]!.notification as { notificationId: string }).notificationId;
  expect((await other.get("/webhooks")).body).toEqual({ webhooks: [] });
  for (const res of [await other.get(`/webhooks/${id}`), await other.patch(`/webhooks/${id}`, { name: "x" }), await other.put(`/webhooks/${id}/enabled?enabled=false`)]) expect(res.status).toBe(404);
  expect((await other.delete(`/webhooks/${id}`)).status).toBe(404);
  expect((await other.call("GetWebhookNotificationLogs", 200)).body.webhookNotificationLogs).toEqual([]);
  expect((await other.get(`/webhooks/logs/${notificationId}`)).status).toBe(404);
  expect((await api.get(`/webhooks/logs/${notificationId}`)).status).toBe(200);
});

it("lists delivery attempts newest first, filtered by webhook, one page at a time", async () => {
  const mock = await useMock({ now: () => NOW });
  const api = await mock.login();
  const a = await receiver("a");
  const b = await receiver("b");
  const hook = async (url: string, secret: string) =>
    (await api.call("PostWebhook", 201, { body: { webhookUrl: url, webhookSecret: secret, notificationTypes: ["UserEligibilityUpdated"] } })).body.webhookId;
  const wa = await hook(a.url, "a");
  const wb = await hook(b.url, "b");
  for (let i = 0; i < 3; i++) {
    await api.post("/simulation/events/usereligibility");
    await mock.ctx.push.idle();
  }
  const all = (await api.get("/webhooks/logs")).body as { webhookNotificationLogs: { webhookId: string; partnerEventId: string }[]; pagination: unknown };
  expect(all.webhookNotificationLogs).toHaveLength(6);
  expect(all.pagination).toEqual({ totalRecords: 6, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null });
  const events = (await api.call("GetAllEvents", 200)).body.events!.map((e) => e.id);
  const onlyB = (await api.get(`/webhooks/logs?webhookId=${wb}&pageSize=2&page=1`)).body as typeof all;
  expect(onlyB.webhookNotificationLogs.map((l) => [l.webhookId, l.partnerEventId])).toEqual([
    [wb, events[0]],
    [wb, events[1]],
  ]);
  expect(onlyB.pagination).toEqual({ totalRecords: 3, pageSize: 2, currentPage: 1, totalPages: 2, nextPage: 2, previousPage: null });
  expect(((await api.get(`/webhooks/logs?webhookId=${wa}&page=2&pageSize=2`)).body as typeof all).webhookNotificationLogs.map((l) => l.partnerEventId)).toEqual([events[2]]);
  expect(((await api.get("/webhooks/logs?webhookId=unknown")).body as typeof all).webhookNotificationLogs).toEqual([]);
});

it("keeps the newest maxDeliveryLogs attempts per client: older ones leave the logs and answer 404", async () => {
  const mock = await useMock({ now: () => NOW, maxDeliveryLogs: 2 });
  const api = await mock.login();
  const a = await receiver("a");
  await api.post("/webhooks", { webhookUrl: a.url, webhookSecret: "a", notificationTypes: ["UserEligibilityUpdated"] });
  for (let i = 0; i < 3; i++) {
    await api.post("/simulation/events/usereligibility");
    await mock.ctx.push.idle();
  }
  const events = (await api.call("GetAllEvents", 200)).body.events!.map((e) => e.id);
  const logs = (await api.get("/webhooks/logs")).body as { webhookNotificationLogs: { partnerEventId: string; notificationId: string }[]; pagination: unknown };
  expect(logs.webhookNotificationLogs.map((l) => l.partnerEventId)).toEqual([events[0], events[1]]);
  expect(logs.pagination).toEqual({ totalRecords: 2, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null });
  const first = a.received[0]!.notification?.notificationId;
  expect((await api.get(`/webhooks/logs/${String(first)}`)).status).toBe(404);
  const latest = await api.get(`/webhooks/logs/${logs.webhookNotificationLogs[0]!.notificationId}`);
  expect(latest.text).toBe(JSON.stringify({ webhookNotificationLog: logs.webhookNotificationLogs[0], notificationContent: a.received[2]!.body.toString("utf8") }));
});

it("answers 404 for an unknown notification id", async () => {
  const api = await (await useMock()).login();
  expect(refusal(await api.get("/webhooks/logs/nope"))).toEqual({ status: 404, detail: "notification nope does not exist", text: "" });
});
