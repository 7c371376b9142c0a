// The conformance suite of the PushState interface (mock/state/state.ts): webhooks, publishing to them, delivery with
// retries, and what the logs and statuses show, asserted through the interface alone. Run against every
// implementation: the in-memory push store (push-store.test.ts) and the Redis one (redis/push-state.test.ts).
import { expect, it } from "vitest";
import type { SparkEventPayload, WebhookNotificationLog } from "../../spec/types.js";
import type { PushState } from "./state.js";
import { useReceiver } from "../test-support.js";

/** The clock a state under test must be built with. */
export const PUSH_CONFORMANCE_NOW = Date.parse("2026-11-26T12:00:00Z");
const AT = new Date(PUSH_CONFORMANCE_NOW).toISOString();

const payload: SparkEventPayload = { payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u1"], removedUsers: [] };

async function logs(s: PushState, clientId = "c1"): Promise<WebhookNotificationLog[]> {
  return (JSON.parse((await s.deliveryLogsPage(clientId, { page: 1, pageSize: 100 })).toString()) as { webhookNotificationLogs: WebhookNotificationLog[] }).webhookNotificationLogs;
}

/**
 * Declares the suite's tests for the states `newState` builds: each test gets a fresh state on the clock
 * PUSH_CONFORMANCE_NOW whose deliverer retries after `baseDelayMs` (then twice as long each time), at most 3 times,
 * and gives an attempt 2 s; the factory closes it when the test finishes.
 */
export function describePushState(newState: (delivery: { baseDelayMs: number; timeoutMs: number }) => Promise<PushState> | PushState): void {
  it("stores the event and notifies only enabled webhooks subscribed to its type, once, signed", async () => {
    const r = await useReceiver();
    const s = await newState({ baseDelayMs: 5, timeoutMs: 2000 });
    const input = { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated" as const] };
    const w1 = await s.addWebhook("c1", input);
    const w2 = await s.addWebhook("c1", input);
    await s.changeWebhook("c1", w2.webhookId, { enabled: false });
    const w3 = await s.addWebhook("c1", { ...input, notificationTypes: ["PriceCurveCreated"] });
    await s.addWebhook("c2", input);

    const event = await s.publish("c1", payload);
    await s.idle();

    expect(event).toEqual({ id: expect.any(String), createdAt: AT, json: Buffer.from(JSON.stringify({ id: event.id, createdAt: AT, payload })) });
    expect((await s.event("c1", event.id))?.toString()).toBe(event.json.toString());
    expect(await s.event("c2", event.id)).toBe(undefined);
    expect(r.received.map((n) => [n.status, n.verified, n.notification])).toEqual([
      [200, true, { notificationId: expect.any(String), eventId: event.id, eventCreatedAtUtc: AT, notificationSentUtc: AT, notificationType: "UserEligibilityUpdated", payload }],
    ]);
    const kept = await logs(s);
    expect(kept.map((l) => [l.webhookId, l.responseStatusCode])).toEqual([[w1.webhookId, 200]]);
    expect((await s.deliveryAttempt("c1", kept[0]!.notificationId ?? ""))?.content).toBe(r.received[0]!.body.toString("utf8"));
    expect((await s.webhooks("c1")).map((w) => [w.webhookId, w.status])).toEqual([
      [w1.webhookId, "Healthy"],
      [w2.webhookId, "New"],
      [w3.webhookId, "New"],
    ]);
    expect(await logs(s, "c2")).toEqual([]);
  });

  it("keeps the notificationId across retries and finds the latest attempt by it", async () => {
    const r = await useReceiver({ failFirst: 1 });
    const s = await newState({ baseDelayMs: 5, timeoutMs: 2000 });
    await s.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
    await s.publish("c1", payload);
    await s.idle();
    const kept = await logs(s);
    expect(kept.map((l) => l.responseStatusCode)).toEqual([200, 500]);
    expect(kept[0]!.notificationId).toBe(kept[1]!.notificationId);
    expect((await s.deliveryAttempt("c1", kept[0]!.notificationId ?? ""))?.log).toEqual(kept[0]);
  });

  it("marks a webhook Unhealthy when every attempt fails, after the first attempt and 3 retries", async () => {
    const r = await useReceiver({ failFirst: 10 });
    const s = await newState({ baseDelayMs: 5, timeoutMs: 2000 });
    const w = await s.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
    await s.publish("c1", payload);
    await s.idle();
    expect((await logs(s)).map((l) => l.responseStatusCode)).toEqual([500, 500, 500, 500]);
    expect((await s.webhook("c1", w.webhookId)).status).toBe("Unhealthy");
  });

  it("stops delivering once a webhook is disabled: its waiting retry runs no attempt", async () => {
    const r = await useReceiver({ failFirst: 10 });
    const s = await newState({ baseDelayMs: 60_000, timeoutMs: 2000 });
    const w = await s.addWebhook("c1", { webhookUrl: r.url, name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
    await s.publish("c1", payload);
    await expect.poll(async () => (await logs(s)).length).toBe(1);
    await s.changeWebhook("c1", w.webhookId, { enabled: false });
    expect(await s.deliverNow("c1")).toEqual({ attempted: 0, delivered: 0, failed: 0 });
    await s.idle();
    expect(r.received).toHaveLength(1);
    expect(await logs(s)).toHaveLength(1);
  });
}
