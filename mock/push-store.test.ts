import type http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createReceiver, type ReceivedNotification } from "../receiver/receiver.js";
import type { SparkEventPayload } from "../spec/types.js";
import { payloadOf, PushStore, type StoredWebhook } from "./push-store.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function receiver(failFirst = 0) {
  const received: ReceivedNotification[] = [];
  const server: http.Server = createReceiver({ secret: "s3cret", failFirst, print: () => undefined, onNotification: (n) => received.push(n) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

function store() {
  const s = new PushStore({ now: () => NOW, delivery: { baseDelayMs: 5, timeoutMs: 500 } });
  cleanups.push(() => s.close());
  return s;
}

function webhook(id: string, url: string, extra: Partial<StoredWebhook> = {}): StoredWebhook {
  const at = new Date(NOW).toISOString();
  return {
    webhookId: id,
    webhookUrl: url,
    name: null,
    secret: "s3cret",
    notificationTypes: ["UserEligibilityUpdated"],
    enabled: true,
    status: "New",
    createdDate: at,
    modifiedDate: at,
    lastAnalyzedTimestamp: at,
    ...extra,
  };
}

const payload: SparkEventPayload = { payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u1"], removedUsers: [] };

it("stores the event and notifies only enabled webhooks subscribed to its type", async () => {
  const r = await receiver();
  const s = store();
  const c = s.client("partner-a");
  c.webhooks.set("w1", webhook("w1", r.url));
  c.webhooks.set("w2", webhook("w2", r.url, { enabled: false }));
  c.webhooks.set("w3", webhook("w3", r.url, { notificationTypes: ["PriceCurveCreated"] }));
  s.client("partner-b").webhooks.set("w4", webhook("w4", r.url));

  const event = s.publish("partner-a", payload);
  await s.idle();

  expect(event).toEqual({ id: expect.any(String), createdAt: "2026-11-26T12:00:00.000Z", json: Buffer.from(JSON.stringify({ id: event.id, createdAt: "2026-11-26T12:00:00.000Z", payload })) });
  expect(payloadOf(event)).toEqual(payload);
  expect([...c.events]).toEqual([event]);
  expect(c.eventsById.get(event.id)).toBe(event);
  expect([...s.client("partner-b").events]).toEqual([]);
  expect(r.received).toHaveLength(1);
  expect(r.received[0]!.verified).toBe(true);
  expect(r.received[0]!.notification).toEqual({
    notificationId: expect.any(String),
    eventId: event.id,
    eventCreatedAtUtc: "2026-11-26T12:00:00.000Z",
    notificationSentUtc: "2026-11-26T12:00:00.000Z",
    notificationType: "UserEligibilityUpdated",
    payload,
  });
  expect([...c.attempts].map((a) => a.log.webhookId)).toEqual(["w1"]);
  expect(c.attempts.at(0)!.content).toBe(r.received[0]!.body.toString("utf8"));
  expect(c.attempts.at(0)!.logJson.toString()).toBe(JSON.stringify(c.attempts.at(0)!.log));
  expect([...c.webhooks.values()].map((w) => [w.webhookId, w.status])).toEqual([
    ["w1", "Healthy"],
    ["w2", "New"],
    ["w3", "New"],
  ]);
});

it("keeps the notificationId across retries and finds the latest attempt by it", async () => {
  const r = await receiver(1);
  const s = store();
  const c = s.client("partner-a");
  c.webhooks.set("w1", webhook("w1", r.url));
  s.publish("partner-a", payload);
  await s.idle();
  const ids = [...c.attempts].map((a) => a.log.notificationId);
  expect(ids).toHaveLength(2);
  expect(ids[0]).toBe(ids[1]);
  expect([...c.attempts].map((a) => a.log.responseStatusCode)).toEqual([500, 200]);
  expect(c.latestAttempt.get(ids[0]!)).toBe(c.attempts.at(1));
});

it("marks a webhook Unhealthy when it keeps failing", async () => {
  const r = await receiver(10);
  const s = store();
  const c = s.client("partner-a");
  c.webhooks.set("w1", webhook("w1", r.url));
  s.publish("partner-a", payload);
  await s.idle();
  expect(c.attempts).toHaveLength(4);
  expect(c.webhooks.get("w1")!.status).toBe("Unhealthy");
});

it("stops delivering once a webhook is disabled", async () => {
  const r = await receiver(10);
  const s = store();
  const c = s.client("partner-a");
  c.webhooks.set("w1", webhook("w1", r.url));
  s.publish("partner-a", payload);
  c.webhooks.get("w1")!.enabled = false;
  await s.idle();
  expect(c.attempts).toHaveLength(1);
});
