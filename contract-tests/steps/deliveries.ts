// Deliveries: every event the flow caused reaches the delivery webhook, shows in its logs (walked at pageSize 1) with
// its event and type, and can be read by its notificationId; with the suite's own receiver, what arrived matches the
// log and its X-Payload-Signature verifies with the webhook's secret.
import { createHmac } from "node:crypto";
import type { WebhookNotificationLog } from "../../spec/types.js";
import { fail, type Checked } from "../client.js";
import { walkPages } from "../pagination.js";
import { present, skip, type FlowContext, type Step } from "../step.js";

const TYPE_OF: Record<string, string> = {
  PriceCurve: "PriceCurveCreated",
  UserEligibility: "UserEligibilityUpdated",
  LocationLPC: "LocationLPCRequested",
  ResourceLPC: "ResourceLPCRequested",
  LPCReservation: "LPCReservationCreated",
};
/** How long deliveries may take to show in the logs. */
const DELIVERY_WAIT_MS = 10_000;
const POLL_MS = 25;

const logKey = (l: unknown) => (typeof l === "object" && l !== null ? `${String((l as WebhookNotificationLog).notificationId)}@${String((l as WebhookNotificationLog).notificationSent)}` : JSON.stringify(l));
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

async function logsPage(ctx: FlowContext, webhookId: string, page: number, pageSize: number, who: "client" | "second" = "client") {
  return ctx.call("GetWebhookNotificationLogs", 200, { token: ctx.token(who), query: { webhookId, page, pageSize } });
}

/** Waits until every event the flow caused has a delivery logged for the webhook; returns the last page read. */
async function awaitDeliveries(ctx: FlowContext, webhookId: string, eventIds: readonly string[]): Promise<Checked<{ webhookNotificationLogs?: WebhookNotificationLog[] }>> {
  const deadline = performance.now() + Math.min(DELIVERY_WAIT_MS, ctx.api.timeoutMs);
  for (;;) {
    const res = await logsPage(ctx, webhookId, 1, 1000);
    const logged = new Set((res.body.webhookNotificationLogs ?? []).map((l) => l.partnerEventId));
    const missing = eventIds.filter((id) => !logged.has(id));
    if (missing.length === 0) return res;
    if (performance.now() > deadline) fail(res, `no delivery of event(s) ${missing.map((id) => `${id} (${ctx.state.causedBy?.[id] ?? "simulated"})`).join(", ")} is logged for webhook ${webhookId} after ${Math.round(DELIVERY_WAIT_MS / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export const deliverySteps: Step[] = [
  {
    name: "GetWebhookNotificationLogs",
    operationId: "GetWebhookNotificationLogs",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      const delivery = ctx.state.delivery;
      const events = ctx.state.events ?? [];
      if (!delivery) {
        // Read-only, or no URL: the log list is still read and its first page checked.
        await ctx.call("GetWebhookNotificationLogs", 200, { query: { page: 1, pageSize: 10 } });
        if (ctx.delivery.unavailable && events.length > 0) return skip(`deliveries not checked: ${ctx.delivery.unavailable}`);
        return;
      }
      const webhookId = delivery.webhook.webhookId;
      const all = await awaitDeliveries(ctx, webhookId, events.map((e) => e.id));
      const read = async (page: number, pageSize: number) => {
        const res = await logsPage(ctx, webhookId, page, pageSize);
        return { res, items: res.body.webhookNotificationLogs };
      };
      await walkPages(read, logKey, "webhookNotificationLogs", { atLeast: events.length });
      const logs = all.body.webhookNotificationLogs ?? [];
      logs.forEach((log, i) => {
        if (log.webhookId !== webhookId) fail(all, `a log of webhook ${webhookId} names another webhook`, [{ field: `body.webhookNotificationLogs[${i}].webhookId`, pointer: `/webhookNotificationLogs/${i}/webhookId`, message: `expected ${JSON.stringify(webhookId)}, got ${JSON.stringify(log.webhookId)}` }]);
      });
      for (const event of events) {
        const i = logs.findIndex((l) => l.partnerEventId === event.id);
        const expected = TYPE_OF[event.payload?.payloadType ?? ""];
        if (logs[i]!.notificationType !== expected) {
          fail(all, `the delivery of event ${event.id} is logged with another type`, [{ field: `body.webhookNotificationLogs[${i}].notificationType`, pointer: `/webhookNotificationLogs/${i}/notificationType`, message: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(logs[i]!.notificationType)}` }]);
        }
      }
      const priceCurve = ctx.state.event;
      const log = logs.find((l) => l.partnerEventId === (priceCurve ?? events[0])?.id);
      if (log?.notificationId) ctx.state.notificationId = log.notificationId;
    },
  },
  {
    name: "GetWebhookNotificationLogById",
    operationId: "GetWebhookNotificationLogById",
    safe: true,
    needs: ["GetWebhookNotificationLogs"],
    async run(ctx) {
      const notificationId = ctx.state.notificationId;
      if (!notificationId) return skip(ctx.delivery.unavailable ? `deliveries not checked: ${ctx.delivery.unavailable}` : "no delivery was logged to read");
      const delivery = present(ctx.state.delivery, "delivery webhook");
      const eventId = present(ctx.state.event ?? ctx.state.events?.[0], "event").id;
      const res = await ctx.call("GetWebhookNotificationLogById", 200, { params: { notificationId } });
      const log = res.body.webhookNotificationLog;
      const mismatch = (field: string, expected: unknown, got: unknown) => fail(res, `the delivery log read by id differs from the listed one`, [{ field: `body.webhookNotificationLog.${field}`, pointer: `/webhookNotificationLog/${field}`, message: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}` }]);
      if (log?.notificationId !== notificationId) mismatch("notificationId", notificationId, log?.notificationId);
      if (log?.partnerEventId !== eventId) mismatch("partnerEventId", eventId, log?.partnerEventId);
      if (log?.webhookId !== delivery.webhook.webhookId) mismatch("webhookId", delivery.webhook.webhookId, log?.webhookId);
      const content = res.body.notificationContent;
      if (content != null) {
        let sent: unknown;
        try {
          sent = JSON.parse(content);
        } catch {
          fail(res, "notificationContent is not the JSON body that was sent", [{ field: "body.notificationContent", pointer: "/notificationContent", message: "is not JSON" }]);
        }
        if (!isObject(sent) || sent.notificationId !== notificationId || sent.eventId !== eventId) {
          fail(res, "notificationContent is not the delivery of this notification", [{ field: "body.notificationContent", pointer: "/notificationContent", message: `expected notificationId ${notificationId} and eventId ${eventId}` }]);
        }
      }
      // What the suite's own receiver got: the same notification, signed with the webhook's secret.
      const received = ctx.delivery.received?.();
      if (!received) return;
      const arrived = received.find((r) => r.body.includes(notificationId));
      if (!arrived) return fail(res, `the receiver got no delivery of notification ${notificationId}, which the log lists`);
      const expected = createHmac("sha256", delivery.secret).update(arrived.body, "utf8").digest("base64");
      if (arrived.headers["x-payload-signature"] !== expected) {
        fail(res, "the delivery's X-Payload-Signature is not the HMAC-SHA256 of its body with the webhook's secret", [{ field: "header.X-Payload-Signature", pointer: "/", message: `expected ${expected}, got ${JSON.stringify(arrived.headers["x-payload-signature"] ?? null)}` }]);
      }
    },
  },
];
