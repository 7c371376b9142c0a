// Webhooks: register three (one receives the flow's deliveries when the suite has a URL for them), read them back,
// change one with PATCH, PUT and the enabled flag and read it back each time; the secret is never returned.
import type { NotificationType } from "../../spec/types.js";
import { fail, type Checked } from "../client.js";
import { expectEcho } from "../comparison.js";
import { present, type FlowContext, type SentWebhook, type Step } from "../step.js";

/** The kinds of event the flow causes: the delivery webhook subscribes to these. */
export const FLOW_NOTIFICATIONS: NotificationType[] = ["PriceCurveCreated", "UserEligibilityUpdated", "LocationLPCRequested", "ResourceLPCRequested"];

/** The secret must not come back, under any name. */
export function expectNoSecret(res: Checked, secrets: readonly (string | undefined)[]): void {
  const text = res.exchange.response?.text ?? "";
  if (secrets.some((s) => s && text.includes(s))) fail(res, "the response carries a webhook secret, which must never be returned");
}

/** Every secret the flow gave a webhook. */
const secrets = (ctx: FlowContext) => [ctx.state.webhookSecret, ctx.state.delivery?.secret, ...(ctx.state.otherSecrets ?? [])];

/** An address no delivery can reach, for webhooks that must receive nothing from a live target. */
const unreachable = (ctx: FlowContext) => `https://contract-tests.invalid/${ctx.id()}`;

async function register(ctx: FlowContext, sent: Omit<SentWebhook, "webhookId">, secret: string): Promise<SentWebhook> {
  const res = await ctx.create("PostWebhook", 201, { body: { ...sent, webhookSecret: secret } }, (body) =>
    typeof body === "object" && body !== null && "webhookId" in body && typeof body.webhookId === "string"
      ? { operationId: "DeleteWebhookById", params: { webhookId: body.webhookId }, as: "client" }
      : undefined,
  );
  expectNoSecret(res, [secret]);
  expectEcho(res, sent, "the created webhook");
  return { webhookId: res.body.webhookId, ...sent };
}

async function readBack(ctx: FlowContext, webhook: SentWebhook & { enabled?: boolean }, what: string): Promise<void> {
  const res = await ctx.call("GetWebhookById", 200, { params: { webhookId: webhook.webhookId } });
  expectEcho(res, webhook, what);
  expectNoSecret(res, secrets(ctx));
}

export const webhookSteps: Step[] = [
  {
    name: "PostWebhook",
    operationId: "PostWebhook",
    safe: false,
    needs: ["RequestToken"],
    async run(ctx) {
      // Subscribed to a kind of event the flow never causes: a live target has nothing to deliver to this address.
      const secret = ctx.id();
      ctx.state.webhook = await register(ctx, { webhookUrl: unreachable(ctx), name: ctx.id(), notificationTypes: ["LPCReservationCreated"] }, secret);
      ctx.state.webhookSecret = secret;
      const other = ctx.id();
      ctx.state.otherSecrets = [other];
      const second = await register(ctx, { webhookUrl: unreachable(ctx), name: ctx.id(), notificationTypes: ["LPCReservationCreated"] }, other);
      ctx.state.otherWebhooks = [second];
      if (ctx.delivery.unavailable) return;
      const deliverySecret = ctx.id();
      const webhook = await register(ctx, { webhookUrl: `${ctx.delivery.url.replace(/\/+$/, "")}/${ctx.id()}`, name: ctx.id(), notificationTypes: FLOW_NOTIFICATIONS }, deliverySecret);
      ctx.state.delivery = { webhook, secret: deliverySecret };
    },
  },
  {
    name: "GetWebhookById",
    operationId: "GetWebhookById",
    safe: true,
    needs: ["PostWebhook"],
    async run(ctx) {
      await readBack(ctx, present(ctx.state.webhook, "webhook"), "the webhook read back");
    },
  },
  {
    name: "GetWebhooks",
    operationId: "GetWebhooks",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      const res = await ctx.call("GetWebhooks", 200);
      expectNoSecret(res, secrets(ctx));
      const ids = res.body.webhooks.map((w) => w.webhookId);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (repeated.length > 0) fail(res, `the webhook list holds ${repeated.join(", ")} more than once`);
      const own = [ctx.state.webhook, ...(ctx.state.otherWebhooks ?? []), ctx.state.delivery?.webhook].filter((w): w is SentWebhook => w !== undefined);
      for (const webhook of own) {
        const index = ids.indexOf(webhook.webhookId);
        if (index < 0) fail(res, `the webhook list lacks the created webhook ${webhook.webhookId}`);
        expectEcho(res, webhook, "the listed webhook", `/webhooks/${index}`);
      }
    },
  },
  {
    name: "PatchWebhookById",
    operationId: "PatchWebhookById",
    safe: false,
    needs: ["PostWebhook"],
    async run(ctx) {
      const before = present(ctx.state.otherWebhooks?.[0], "second webhook");
      const expected = { ...before, name: ctx.id() };
      const res = await ctx.call("PatchWebhookById", 200, { params: { webhookId: before.webhookId }, body: { name: expected.name } });
      expectEcho(res, expected, "the patched webhook (only name was sent)");
      expectNoSecret(res, secrets(ctx));
      await readBack(ctx, expected, "the webhook read back after PatchWebhookById (only name was sent)");
      ctx.state.otherWebhooks = [expected];
    },
  },
  {
    name: "UpdateWebhookById",
    operationId: "UpdateWebhookById",
    safe: false,
    needs: ["PatchWebhookById"],
    async run(ctx) {
      const before = present(ctx.state.otherWebhooks?.[0], "second webhook");
      const secret = ctx.id();
      ctx.state.otherSecrets = [...(ctx.state.otherSecrets ?? []), secret];
      const sent = { webhookUrl: `${unreachable(ctx)}/v2`, name: ctx.id(), notificationTypes: ["LPCReservationCreated"] as NotificationType[] };
      const res = await ctx.call("UpdateWebhookById", 200, { params: { webhookId: before.webhookId }, body: { ...sent, enabled: true, webhookSecret: secret } });
      const expected = { ...sent, webhookId: before.webhookId };
      expectEcho(res, { ...expected, enabled: true }, "the replaced webhook");
      expectNoSecret(res, secrets(ctx));
      await readBack(ctx, { ...expected, enabled: true }, "the webhook read back after UpdateWebhookById");
      ctx.state.otherWebhooks = [expected];
    },
  },
  {
    name: "UpdateWebhookEnabledById",
    operationId: "UpdateWebhookEnabledById",
    safe: false,
    needs: ["UpdateWebhookById"],
    async run(ctx) {
      const webhook = present(ctx.state.otherWebhooks?.[0], "second webhook");
      for (const enabled of [false, true, false]) {
        await ctx.call("UpdateWebhookEnabledById", 204, { params: { webhookId: webhook.webhookId }, query: { enabled } });
        await readBack(ctx, { ...webhook, enabled }, `the webhook read back after UpdateWebhookEnabledById?enabled=${enabled}`);
      }
    },
  },
];
