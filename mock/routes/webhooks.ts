// Webhooks: register, list, read, replace, change, delete, enable or disable, and read the delivery attempts.
// The secret is kept to sign notifications and never returned.
import type { Validators } from "../../spec/validators.js";
import type { HandlerContext, HandlerMap } from "../http/handler.js";
import { quotaReached } from "../domain/quotas.js";
import { targetProblem } from "../push/webhook-targets.js";
import { ApiError } from "../http/errors.js";
import { refuse } from "../domain/refusals.js";
import { requestedPage } from "../domain/pagination.js";
import type { Webhook } from "../state/state.js";

/** A webhook as the API shows it: everything but the secret. */
export function webhookBody(w: Webhook) {
  return {
    webhookId: w.webhookId,
    webhookUrl: w.webhookUrl,
    name: w.name,
    notificationTypes: [...w.notificationTypes],
    enabled: w.enabled,
    status: w.status,
    modifiedDate: w.modifiedDate,
    createdDate: w.createdDate,
    lastAnalyzedTimestamp: w.lastAnalyzedTimestamp,
  };
}

/**
 * Notifications go to absolute http(s) URLs only; anything else would fail every delivery. The URL must also be
 * a `uri` as the spec's delivery log declares it (no raw spaces or non-ASCII), since every log repeats it, and
 * a target the mock's policy allows (no credentials; in `public` mode no address of the host's own networks).
 */
function checkUrl(url: string, { validators, targets }: Pick<HandlerContext, "validators" | "targets">): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const asLogged = validators.schema("WebhookNotificationLog", { webhookId: "w", tenantId: "t", webhookUrl: url });
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || !asLogged.valid) {
    throw ApiError.invalid([{ field: "body.webhookUrl", pointer: "/webhookUrl", message: "must be an absolute http or https URL" }], "invalid-webhook-url");
  }
  const refused = targetProblem(parsed, targets);
  if (refused !== undefined) throw ApiError.invalid([{ field: "body.webhookUrl", pointer: "/webhookUrl", message: refused }], "webhook-target-refused");
  return url;
}

const dedupe = <T>(list: readonly T[]) => [...new Set(list)];

export const webhooks: HandlerMap = {
  async GetWebhooks(req, { push }) {
    return { status: 200, body: { webhooks: (await push.webhooks(req.clientId)).map(webhookBody) } };
  },

  async PostWebhook(req, ctx) {
    const { push, quotas } = ctx;
    const b = req.body;
    const webhookUrl = checkUrl(b.webhookUrl, ctx);
    // Checked before the write: two registrations racing each other may pass the quota by one.
    if ((await push.webhooks(req.clientId)).length >= quotas.webhooks) throw quotaReached("webhooks", quotas.webhooks, "no webhook registered");
    const w = await push.addWebhook(req.clientId, {
      webhookUrl,
      name: b.name ?? null,
      secret: b.webhookSecret ?? null,
      notificationTypes: dedupe(b.notificationTypes ?? []),
    });
    return { status: 201, body: webhookBody(w) };
  },

  async GetWebhookById(req, { push }) {
    return { status: 200, body: webhookBody(await push.webhook(req.clientId, req.params.webhookId)) };
  },

  async UpdateWebhookById(req, ctx) {
    const b = req.body;
    const w = await ctx.push.changeWebhook(req.clientId, req.params.webhookId, {
      webhookUrl: checkUrl(b.webhookUrl, ctx),
      name: b.name ?? null,
      notificationTypes: dedupe(b.notificationTypes ?? []),
      ...(b.enabled !== undefined && { enabled: b.enabled }),
      // Without a secret the webhook keeps the one it has (the spec says so).
      ...(b.webhookSecret != null && { secret: b.webhookSecret }),
    });
    return { status: 200, body: webhookBody(w) };
  },

  async PatchWebhookById(req, ctx) {
    const b = req.body;
    const w = await ctx.push.changeWebhook(req.clientId, req.params.webhookId, {
      ...(b.webhookUrl != null && { webhookUrl: checkUrl(b.webhookUrl, ctx) }),
      ...(b.name != null && { name: b.name }),
      ...(b.notificationTypes != null && { notificationTypes: dedupe(b.notificationTypes) }),
      ...(b.enabled != null && { enabled: b.enabled }),
      ...(b.webhookSecret != null && { secret: b.webhookSecret }),
    });
    return { status: 200, body: webhookBody(w) };
  },

  async DeleteWebhookById(req, { push }) {
    await push.deleteWebhook(req.clientId, req.params.webhookId);
    return { status: 204 };
  },

  async UpdateWebhookEnabledById(req, { push }) {
    await push.changeWebhook(req.clientId, req.params.webhookId, { enabled: req.query.enabled === true });
    return { status: 204 };
  },

  async GetWebhookNotificationLogs(req, { push }) {
    const webhookId = typeof req.query.webhookId === "string" ? req.query.webhookId : undefined;
    return { status: 200, json: await push.deliveryLogsPage(req.clientId, requestedPage(req), webhookId) };
  },

  async GetWebhookNotificationLogById(req, { push }) {
    const attempt = await push.deliveryAttempt(req.clientId, req.params.notificationId);
    if (!attempt) throw refuse("notification-not-found", { notificationId: req.params.notificationId });
    return { status: 200, body: { webhookNotificationLog: attempt.log, notificationContent: attempt.content } };
  },
};
