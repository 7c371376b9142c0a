// Webhooks: register one, read it back; the secret is never returned.
import { fail, type Checked } from "../client.js";
import { present, type Step } from "../step.js";
import { expectEcho } from "../comparison.js";

/** The secret must not come back, under any name. */
function expectNoSecret(res: Checked, secret: string): void {
  if ((res.exchange.response?.text ?? "").includes(secret)) fail(res, "the response carries the webhook secret, which must never be returned");
}

export const webhookSteps: Step[] = [
  {
    name: "PostWebhook",
    operationId: "PostWebhook",
    safe: false,
    needs: ["RequestToken"],
    async run(ctx) {
      // The suite cannot receive pushes, so it subscribes to a kind of event the flow never causes: a live target then
      // has nothing to deliver to this unreachable address.
      const sent = {
        webhookUrl: `https://contract-tests.invalid/${ctx.id()}`,
        name: ctx.id(),
        notificationTypes: ["UserEligibilityUpdated" as const],
      };
      const secret = ctx.id();
      const res = await ctx.create("PostWebhook", 201, { body: { ...sent, webhookSecret: secret } }, (body) =>
        typeof body === "object" && body !== null && "webhookId" in body && typeof body.webhookId === "string"
          ? { operationId: "DeleteWebhookById", params: { webhookId: body.webhookId }, as: "client" }
          : undefined,
      );
      expectEcho(res, sent, "the created webhook");
      expectNoSecret(res, secret);
      ctx.state.webhook = { webhookId: res.body.webhookId, ...sent };
      ctx.state.webhookSecret = secret;
    },
  },
  {
    name: "GetWebhookById",
    operationId: "GetWebhookById",
    safe: true,
    needs: ["PostWebhook"],
    async run(ctx) {
      const webhook = present(ctx.state.webhook, "webhook");
      const res = await ctx.call("GetWebhookById", 200, { params: { webhookId: webhook.webhookId } });
      expectEcho(res, webhook, "the webhook read back");
      expectNoSecret(res, present(ctx.state.webhookSecret, "webhook secret"));
    },
  },
  {
    name: "GetWebhooks",
    operationId: "GetWebhooks",
    safe: true,
    needs: ["RequestToken"],
    async run(ctx) {
      const res = await ctx.call("GetWebhooks", 200);
      const webhook = ctx.state.webhook;
      if (!webhook) return;
      const index = res.body.webhooks.findIndex((w) => w.webhookId === webhook.webhookId);
      if (index < 0) fail(res, `the webhook list lacks the created webhook ${webhook.webhookId}`);
      expectEcho(res, webhook, "the listed webhook", `/webhooks/${index}`);
      expectNoSecret(res, present(ctx.state.webhookSecret, "webhook secret"));
    },
  },
];
