// Fair webhook delivery between partners, on both stores: one partner's dead receivers do not delay another's
// deliveries, and a partner whose notifications pile up is told so (429) instead of losing them silently.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { expect, it, onTestFinished } from "vitest";
import { useMock } from "../testing.js";

const NOISY = { id: "noisy", secret: "noisy-secret-0123456789" };
const QUIET = { id: "quiet", secret: "quiet-secret-0123456789" };

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

it("delivers a quiet partner's notifications within a second while a noisy partner's 100 receivers never answer", async () => {
  // Dead receivers: they accept the connection and never answer, so each attempt lasts the whole timeout.
  let hanging = 0;
  const dead = await listen(http.createServer(() => void hanging++));
  const arrivals: number[] = [];
  const live = await listen(http.createServer((_req, res) => (arrivals.push(performance.now()), res.writeHead(200).end())));
  const mock = await useMock({ clients: [NOISY, QUIET], webhooks: { timeoutMs: 4000, baseDelayMs: 500, maxRetries: 2 }, quotas: { webhooks: 100, pendingDeliveries: 200 } });
  const noisy = await mock.login(NOISY);
  const quiet = await mock.login(QUIET);
  for (let i = 0; i < 100; i++) await noisy.call("PostWebhook", 201, { body: { webhookUrl: `http://127.0.0.1:${dead}/hook/${i}`, notificationTypes: ["UserEligibilityUpdated"] } });
  await quiet.call("PostWebhook", 201, { body: { webhookUrl: `http://127.0.0.1:${live}/hook`, notificationTypes: ["UserEligibilityUpdated"] } });

  expect((await noisy.post("/simulation/events/usereligibility")).status).toBe(200);
  expect((await noisy.post("/simulation/events/usereligibility")).status).toBe(200);
  await expect.poll(() => hanging).toBeGreaterThan(0);

  const delays: number[] = [];
  for (let i = 0; i < 3; i++) {
    const sent = performance.now();
    expect((await quiet.post("/simulation/events/usereligibility")).status).toBe(200);
    await expect.poll(() => arrivals.length, { timeout: 5000, interval: 5 }).toBe(i + 1);
    delays.push(arrivals[i]! - sent);
  }
  expect(delays.filter((ms) => ms > 1000)).toEqual([]);

  // The noisy partner has its 200 notifications pending: a third event is refused, not dropped silently.
  const refused = await noisy.post("/simulation/events/usereligibility");
  expect(refused.status).toBe(429);
  expect(refused.headers.get("retry-after")).toBe("5");
  expect(refused.body).toEqual({
    type: "urn:energy-coordination-mock:problem:deliveries-pending",
    title: "Too Many Requests",
    status: 429,
    detail:
      "POST /simulation/events/usereligibility: no event created: this client has 200 webhook notifications pending (queued or waiting for a retry); its quota is 200 and this event would add 100: wait for them to be delivered or given up, fix or disable the failing webhooks, or call deliverNow",
  });
  expect((await noisy.call("GetAllEvents", 200)).body.events).toHaveLength(2);
});
