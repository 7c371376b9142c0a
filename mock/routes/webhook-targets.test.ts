// Where webhooks may deliver (--webhook-targets), on both stores: refusals at registration, and at connect time
// against the address a name resolves to (a test resolver stands for DNS).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import type { Resolver } from "../push/webhook-targets.js";
import { useMock } from "../testing.js";

const refusal = (method: string, path: string, message: string) => ({
  type: "urn:energy-coordination-mock:problem:webhook-target-refused",
  title: "Bad Request",
  status: 400,
  detail: `${method} ${path}: body.webhookUrl ${message}`,
  errors: { "body.webhookUrl": [message] },
});
const publicOnly = (host: string, rule: string) => `host ${host} is ${rule}; this mock delivers only to public addresses (webhook targets: public)`;

/** A receiver on 127.0.0.1 that counts what reaches it. */
async function receiver() {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(req.url ?? "");
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, received };
}

/** DNS as an attacker would run it: every name resolves to 127.0.0.1. */
const rebinding: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

it("refuses loopback, private and metadata webhook URLs at registration in public mode, naming the rule", async () => {
  const api = await (await useMock({ webhookTargets: "public" })).login();
  const cases: [string, string][] = [
    ["http://127.0.0.1:6379/", publicOnly("127.0.0.1", "a loopback address")],
    ["http://2130706433/", publicOnly("127.0.0.1", "a loopback address")],
    ["http://0177.0.0.1/", publicOnly("127.0.0.1", "a loopback address")],
    ["http://127.1/", publicOnly("127.0.0.1", "a loopback address")],
    ["http://0.0.0.0/", publicOnly("0.0.0.0", "an unspecified address")],
    ["http://localhost:3000/hook", publicOnly("localhost", "a local network name")],
    ["http://[::1]/", publicOnly("[::1]", "a loopback address")],
    ["http://[::ffff:127.0.0.1]/", publicOnly("[::ffff:7f00:1]", "an IPv4-mapped or -translated address")],
    ["http://169.254.169.254/latest/meta-data/", publicOnly("169.254.169.254", "a link-local address")],
    ["http://10.0.0.1/", publicOnly("10.0.0.1", "a private address")],
    ["http://metadata.google.internal/", publicOnly("metadata.google.internal", "a local network name")],
  ];
  for (const [webhookUrl, message] of cases) {
    const res = await api.post("/webhooks", { webhookUrl });
    expect([webhookUrl, res.status, res.body]).toEqual([webhookUrl, 400, refusal("POST", "/webhooks", message)]);
  }
  const id = (await api.call("PostWebhook", 201, { body: { webhookUrl: "https://partner.example/hooks" } })).body.webhookId;
  expect((await api.put(`/webhooks/${id}`, { webhookUrl: "http://10.0.0.1/" })).body).toEqual(refusal("PUT", `/webhooks/${id}`, publicOnly("10.0.0.1", "a private address")));
  expect((await api.patch(`/webhooks/${id}`, { webhookUrl: "http://[fd00::1]/" })).body).toEqual(refusal("PATCH", `/webhooks/${id}`, publicOnly("[fd00::1]", "a unique-local address")));
  expect((await api.call("GetWebhooks", 200)).body.webhooks!.map((w) => w.webhookUrl)).toEqual(["https://partner.example/hooks"]);
});

it("refuses credentials in a webhook URL in any mode, and http with https only", async () => {
  const api = await (await useMock({ webhookTargets: "any", webhookHttpsOnly: true })).login();
  const credentials = "must not contain credentials (user:password@); send them in the webhook secret instead";
  expect((await api.post("/webhooks", { webhookUrl: "https://user:secret@partner.example/hook" })).body).toEqual(refusal("POST", "/webhooks", credentials));
  expect((await api.post("/webhooks", { webhookUrl: "http://partner.example/hook" })).body).toEqual(refusal("POST", "/webhooks", "must be an https URL (this mock delivers over https only)"));
  expect((await api.post("/webhooks", { webhookUrl: "https://127.0.0.1/hook" })).status).toBe(201);
});

it("refuses at connect time a public name that resolves to loopback (DNS rebinding), logging a failed attempt", async () => {
  const r = await receiver();
  const mock = await useMock({ webhookTargets: "public", resolveWebhookHost: rebinding, webhooks: { maxRetries: 0 } });
  const api = await mock.login();
  const hook = await api.call("PostWebhook", 201, { body: { webhookUrl: `http://receiver.example:${r.port}/hook`, notificationTypes: ["UserEligibilityUpdated"] } });
  expect((await api.post("/simulation/events/usereligibility")).status).toBe(200);
  await mock.ctx.push.idle();
  const logs = (await api.call("GetWebhookNotificationLogs", 200)).body.webhookNotificationLogs!;
  expect(logs.map((l) => [l.webhookId, l.webhookUrl, l.responseStatusCode, l.requestTimeout])).toEqual([[hook.body.webhookId, `http://receiver.example:${r.port}/hook`, null, false]]);
  expect(r.received).toEqual([]);
});

it("delivers through the same resolver in any mode (the resolver is the one connections use)", async () => {
  const r = await receiver();
  const mock = await useMock({ webhookTargets: "any", resolveWebhookHost: rebinding });
  const api = await mock.login();
  await api.call("PostWebhook", 201, { body: { webhookUrl: `http://receiver.example:${r.port}/hook`, notificationTypes: ["UserEligibilityUpdated"] } });
  await api.post("/simulation/events/usereligibility");
  await mock.ctx.push.idle();
  expect(r.received).toEqual(["/hook"]);
  expect((await api.call("GetWebhookNotificationLogs", 200)).body.webhookNotificationLogs!.map((l) => l.responseStatusCode)).toEqual([200]);
});
