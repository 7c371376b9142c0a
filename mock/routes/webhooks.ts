// Webhooks: register, list, read, replace, change, delete, enable or disable, and read the delivery attempts.
// The secret is kept to sign notifications and never returned.
import { randomUUID } from "node:crypto";
import type { Validators } from "../../spec/validators.js";
import type { HandlerMap } from "../context.js";
import { ApiError } from "../errors.js";
import { memoPage, pageJson, pageOf, paginate } from "../pagination.js";
import type { ClientPush, StoredWebhook } from "../push-store.js";

/** A webhook as the API shows it: everything but the secret. */
export function webhookBody(w: StoredWebhook) {
  return {
    webhookId: w.webhookId,
    webhookUrl: w.webhookUrl,
    name: w.name,
    notificationTypes: w.notificationTypes,
    enabled: w.enabled,
    status: w.status,
    modifiedDate: w.modifiedDate,
    createdDate: w.createdDate,
    lastAnalyzedTimestamp: w.lastAnalyzedTimestamp,
  };
}

/**
 * Notifications go to absolute http(s) URLs only; anything else would fail every delivery. The URL must also be
 * a `uri` as the spec's delivery log declares it (no raw spaces or non-ASCII), since every log repeats it.
 */
function checkUrl(url: string, validators: Validators): string {
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
  return url;
}

function find(push: ClientPush, webhookId: string): StoredWebhook {
  const w = push.webhooks.get(webhookId);
  if (!w) throw new ApiError(404, "webhook-not-found", `webhook ${webhookId} does not exist`);
  return w;
}

/** A new URL has no delivery history yet. */
function moveTo(w: StoredWebhook, url: string): void {
  if (url !== w.webhookUrl) w.status = "New";
  w.webhookUrl = url;
}

export const webhooks: HandlerMap = {
  GetWebhooks(req, { push }) {
    return { status: 200, body: { webhooks: [...push.client(req.clientId).webhooks.values()].map(webhookBody) } };
  },

  PostWebhook(req, { push, now, validators }) {
    const at = new Date(now(req.clientId)).toISOString();
    const w: StoredWebhook = {
      webhookId: randomUUID(),
      webhookUrl: checkUrl(req.body.webhookUrl, validators),
      name: req.body.name ?? null,
      secret: req.body.webhookSecret ?? null,
      notificationTypes: [...new Set(req.body.notificationTypes ?? [])],
      enabled: true,
      status: "New",
      createdDate: at,
      modifiedDate: at,
      lastAnalyzedTimestamp: at,
    };
    push.client(req.clientId).webhooks.set(w.webhookId, w);
    return { status: 201, body: webhookBody(w) };
  },

  GetWebhookById(req, { push }) {
    return { status: 200, body: webhookBody(find(push.client(req.clientId), req.params.webhookId)) };
  },

  UpdateWebhookById(req, { push, now, validators }) {
    const w = find(push.client(req.clientId), req.params.webhookId);
    const b = req.body;
    moveTo(w, checkUrl(b.webhookUrl, validators));
    w.name = b.name ?? null;
    w.notificationTypes = [...new Set(b.notificationTypes ?? [])];
    if (b.enabled !== undefined) w.enabled = b.enabled;
    // Without a secret the webhook keeps the one it has (the spec says so).
    if (b.webhookSecret != null) w.secret = b.webhookSecret;
    w.modifiedDate = new Date(now(req.clientId)).toISOString();
    return { status: 200, body: webhookBody(w) };
  },

  PatchWebhookById(req, { push, now, validators }) {
    const w = find(push.client(req.clientId), req.params.webhookId);
    const b = req.body;
    if (b.webhookUrl != null) moveTo(w, checkUrl(b.webhookUrl, validators));
    if (b.name != null) w.name = b.name;
    if (b.notificationTypes != null) w.notificationTypes = [...new Set(b.notificationTypes)];
    if (b.enabled != null) w.enabled = b.enabled;
    if (b.webhookSecret != null) w.secret = b.webhookSecret;
    w.modifiedDate = new Date(now(req.clientId)).toISOString();
    return { status: 200, body: webhookBody(w) };
  },

  DeleteWebhookById(req, { push }) {
    const client = push.client(req.clientId);
    find(client, req.params.webhookId);
    client.webhooks.delete(req.params.webhookId);
    return { status: 204 };
  },

  UpdateWebhookEnabledById(req, { push, now }) {
    const w = find(push.client(req.clientId), req.params.webhookId);
    w.enabled = req.query.enabled === true;
    w.modifiedDate = new Date(now(req.clientId)).toISOString();
    return { status: 204 };
  },

  GetWebhookNotificationLogs(req, { push }) {
    const client = push.client(req.clientId);
    const { attempts } = client;
    const webhookId = typeof req.query.webhookId === "string" ? req.query.webhookId : undefined;
    if (webhookId === undefined) {
      const { start, pageSize, pagination } = pageOf(req, attempts.length);
      const build = () => pageJson("webhookNotificationLogs", attempts.newest(start, pageSize).map((a) => a.logJson), pagination);
      return { status: 200, json: memoPage(client.logsPage, `${attempts.added} ${start} ${pageSize}`, build) };
    }
    let total = 0;
    for (const a of attempts) if (a.log.webhookId === webhookId) total++;
    const ofWebhook = (function* () {
      for (const a of attempts.newestFirst()) if (a.log.webhookId === webhookId) yield a;
    })();
    const { items, pagination } = paginate(req, ofWebhook, total);
    return { status: 200, json: pageJson("webhookNotificationLogs", items.map((a) => a.logJson), pagination) };
  },

  GetWebhookNotificationLogById(req, { push }) {
    const attempt = push.client(req.clientId).latestAttempt.get(req.params.notificationId);
    if (!attempt) throw new ApiError(404, "notification-not-found", `notification ${req.params.notificationId} does not exist`);
    return { status: 200, body: { webhookNotificationLog: attempt.log, notificationContent: attempt.content } };
  },
};
