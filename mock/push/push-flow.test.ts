// The push half end to end, as a partner meets it: register a webhook on a local receiver, trigger a price curve,
// receive it signed, survive a failed first delivery, report energy use, and read the compensation.
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import { createReceiver, type ReceivedNotification } from "../../receiver/receiver.js";
import type { RequestBody } from "../../spec/types.js";
import { verifySignature } from "./signature.js";
import { useMock } from "../testing.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const SECRET = "a-long-random-secret";

it("delivers a signed price curve, retries a failed delivery, and pays for the reported use", async () => {
  const mock = await useMock({ now: () => NOW, webhooks: { baseDelayMs: 10, timeoutMs: 2000 } });
  const api = await mock.login();

  const received: ReceivedNotification[] = [];
  const signatures: (string | undefined)[] = [];
  const receiver = createReceiver({ secret: SECRET, failFirst: 1, print: () => undefined, onNotification: (n) => received.push(n) });
  receiver.on("request", (req) => signatures.push(req.headers["x-payload-signature"] as string | undefined));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => void receiver.close());
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/spark`;

  // The partner's data, as in the quickstart guide.
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "home", meterPointIds: ["707057500012345678"], coordinates: { latitude: 78.2209, longitude: 15.6195 } });
  await api.post("/users/u1/locations/home/resources", { resourceId: "tank", resourceType: "HotWaterTank" });
  expect((await api.post("/users/u1/enrollment")).status).toBe(200);

  const hook = await api.call("PostWebhook", 201, { body: { webhookUrl, name: "Price curves", webhookSecret: SECRET, notificationTypes: ["PriceCurveCreated"] } });
  expect(hook.status).toBe(201);
  const webhookId = hook.body.webhookId;

  const priceCurveDelta: RequestBody<"PostPriceCurveSimulation">["priceCurveDelta"] = {
    points: [
      { price: 0.42, timestamp: "2026-11-27T00:00:00Z" },
      { price: 0.37, timestamp: "2026-11-27T01:00:00Z" },
      { price: 1.25, timestamp: "2026-11-27T17:00:00Z" },
    ],
    energyUnit: "kWh",
    currency: "NOK",
    resolution: "01:00:00",
  };
  const simulated = await api.call("PostPriceCurveSimulation", 200, { body: { priceArea: "NO1", priceCurveDelta } });
  expect(simulated.status).toBe(200);
  const event = simulated.body.simulatedEvent!;
  expect(event).toEqual({
    id: expect.any(String),
    createdAt: "2026-11-26T12:00:00.000Z",
    payload: { payloadType: "PriceCurve", priceArea: "NO1", targets: [{ resourceId: "tank", locationId: "home" }], priceCurveDelta },
  });

  await mock.ctx.push.idle();

  // Two deliveries of one notification: the receiver failed the first (500) and accepted the retry.
  expect(received.map((n) => [n.path, n.verified, n.status])).toEqual([
    ["/hooks/spark", true, 500],
    ["/hooks/spark", true, 200],
  ]);
  const notification = received[1]!.notification!;
  expect(notification).toEqual({
    notificationId: expect.any(String),
    eventId: event.id,
    eventCreatedAtUtc: "2026-11-26T12:00:00.000Z",
    notificationSentUtc: "2026-11-26T12:00:00.000Z",
    notificationType: "PriceCurveCreated",
    payload: { payloadType: "PriceCurve", priceArea: "NO1", targets: [{ resourceId: "tank", locationId: "home" }], priceCurveDelta },
  });
  expect(received[0]!.notification!.notificationId).toBe(notification.notificationId);
  expect(verifySignature(SECRET, received[1]!.body, signatures[1])).toBe(true);
  expect(mock.ctx.validators.schema("EventNotification", notification).issues).toEqual([]);

  // Both attempts are logged, newest first, and the webhook is healthy again.
  const logs = await api.get(`/webhooks/logs?webhookId=${webhookId}`);
  expect(logs.status).toBe(200);
  const attempt = (status: number) => ({
    webhookId,
    tenantId: "partner-demo",
    partnerEventId: event.id,
    notificationId: notification.notificationId,
    notificationType: "PriceCurveCreated",
    notificationSent: "2026-11-26T12:00:00.000Z",
    sparkSignature: signatures[1],
    webhookUrl,
    requestTimeout: false,
    responseStatusCode: status,
    requestDurationMs: expect.any(Number),
  });
  expect(logs.body).toEqual({
    webhookNotificationLogs: [attempt(200), attempt(500)],
    pagination: { totalRecords: 2, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null },
  });
  const latest = await api.get(`/webhooks/logs/${String(notification.notificationId)}`);
  expect(latest.body).toEqual({ webhookNotificationLog: attempt(200), notificationContent: received[1]!.body.toString("utf8") });
  expect((await api.call("GetWebhookById", 200, { params: { webhookId } })).body.status).toBe("Healthy");

  // The partner reports what the tank used during the priced hours.
  const report = await api.post("/reports", {
    eventId: notification.eventId,
    payloads: [
      {
        payloadType: "EnergyUsage",
        resourceId: "tank",
        locationId: "home",
        meterPointId: "707057500012345678",
        resolution: "01:00:00",
        points: [
          { timestamp: "2026-11-27T00:00:00Z", kiloWattHours: 3 },
          { timestamp: "2026-11-27T01:00:00Z", kiloWattHours: 2 },
          { timestamp: "2026-11-27T17:00:00Z", kiloWattHours: 0.4 },
        ],
      },
    ],
  });
  expect(report.status).toBe(200);
  expect(report.body).toEqual({ id: expect.any(String), eventId: event.id, createdAt: "2026-11-26T12:00:00.000Z" });

  // 3 × 0.42 + 2 × 0.37 + 0.4 × 1.25 = 1.26 + 0.74 + 0.50 = 2.50 NOK
  const compensation = await api.get("/users/u1/compensation");
  expect(compensation.status).toBe(200);
  expect(compensation.body).toEqual({
    userId: "u1",
    period: { from: "2026-11-01", to: "2026-11-30" },
    locationCompensations: [{ locationId: "home", meterPointIds: ["707057500012345678"], activeAmount: 2.5, blockedAmount: 0, currency: "NOK", problems: [] }],
  });
});
