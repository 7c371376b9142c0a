// A receiver that hangs, resets, redirects, floods or refuses changes nothing but its own log: the API keeps
// answering while the delivery is stuck, and a well-behaved webhook beside it gets exactly one good delivery.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import { createReceiver, type ReceivedNotification } from "../../receiver/receiver.js";
import type { MockServer } from "../testing.js";
import { useMock } from "../testing.js";

interface Hostile {
  url: string;
  /** Requests that reached the receiver and are still open. */
  open: () => number;
  /** Resolves when the first request has arrived. */
  arrived: Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

async function hostile(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Hostile> {
  let open = 0;
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const server = http.createServer((req, res) => {
    open++;
    res.on("close", () => open--);
    arrive();
    req.resume();
    req.on("end", () => answer(req, res));
  });
  return { url: await listen(server), open: () => open, arrived };
}

/** A mock with a hostile webhook and a healthy one, both subscribed to user-eligibility events. */
async function setUp(hostileUrl: string, timeoutMs = 300) {
  const mock = await useMock({ webhooks: { baseDelayMs: 5, timeoutMs, maxRetries: 1 } });
  const api = await mock.login();
  const good: ReceivedNotification[] = [];
  const goodUrl = await listen(createReceiver({ secret: "good", print: () => undefined, onNotification: (n) => good.push(n) }));
  const create = async (webhookUrl: string, webhookSecret: string) =>
    ((await api.post("/webhooks", { webhookUrl, webhookSecret, notificationTypes: ["UserEligibilityUpdated"] })).body as { webhookId: string }).webhookId;
  return { mock, api, good, hostileId: await create(hostileUrl, "bad"), goodId: await create(goodUrl, "good") };
}

async function logsOf(api: Awaited<ReturnType<MockServer["login"]>>, webhookId: string) {
  const res = await api.get(`/webhooks/logs?webhookId=${webhookId}`);
  const logs = (res.body as { webhookNotificationLogs: { requestTimeout: boolean; responseStatusCode: number | null }[] }).webhookNotificationLogs;
  const webhook = (await api.get(`/webhooks/${webhookId}`)).body as { status: string };
  return { attempts: logs.map((l) => [l.responseStatusCode, l.requestTimeout]), status: webhook.status };
}

async function expectOnlyHostileAffected(s: Awaited<ReturnType<typeof setUp>>, hostileLog: unknown) {
  await s.mock.ctx.push.idle();
  expect(await logsOf(s.api, s.hostileId)).toEqual(hostileLog);
  expect(await logsOf(s.api, s.goodId)).toEqual({ attempts: [[200, false]], status: "Healthy" });
  expect(s.good.map((n) => [n.verified, n.status])).toEqual([[true, 200]]);
}

it("keeps answering while a receiver hangs, then logs TimeOut", async () => {
  const h = await hostile(() => undefined);
  const s = await setUp(h.url, 800);
  expect((await s.api.post("/simulation/events/usereligibility")).status).toBe(200);
  await h.arrived;
  // The delivery is stuck inside the receiver, yet the API answers.
  expect((await s.api.get("/users")).status).toBe(200);
  expect((await s.api.post("/users", { userId: "u1" })).status).toBe(201);
  expect(h.open()).toBe(1);
  await expectOnlyHostileAffected(s, { attempts: [[null, true], [null, true]], status: "TimeOut" });
  expect(h.open()).toBe(0);
});

it("logs a receiver that resets the connection as a failure without a status", async () => {
  const h = await hostile((req) => req.socket.destroy());
  const s = await setUp(h.url);
  expect((await s.api.post("/simulation/events/usereligibility")).status).toBe(200);
  expect((await s.api.get("/webhooks")).status).toBe(200);
  await expectOnlyHostileAffected(s, { attempts: [[null, false], [null, false]], status: "Unhealthy" });
});

it("never follows a redirect and logs the 3xx as a failure", async () => {
  let followed = 0;
  const target = await listen(http.createServer((_req, res) => (followed++, res.writeHead(200).end())));
  const h = await hostile((_req, res) => res.writeHead(302, { Location: target }).end());
  const s = await setUp(h.url);
  await s.api.post("/simulation/events/usereligibility");
  await expectOnlyHostileAffected(s, { attempts: [[302, false], [302, false]], status: "Unhealthy" });
  expect(followed).toBe(0);
});

it("stops reading a receiver that answers with an endless body", async () => {
  let written = 0;
  const h = await hostile((_req, res) => {
    res.writeHead(500, { "Content-Type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, "x");
    const more = () => {
      while (!res.destroyed && written < 1024 ** 3) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", more);
      }
    };
    more();
  });
  const s = await setUp(h.url, 5000);
  await s.api.post("/simulation/events/usereligibility");
  expect((await s.api.get("/events")).status).toBe(200);
  await expectOnlyHostileAffected(s, { attempts: [[500, false], [500, false]], status: "Unhealthy" });
  // Two attempts, each cut off after a few kilobytes (plus what sat in socket buffers), far from the gigabyte offered.
  expect(written).toBeLessThan(64 * 1024 * 1024);
});

it("logs a refused connection as a failure", async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hook`;
  await new Promise((resolve) => closed.close(resolve));
  const s = await setUp(url);
  expect((await s.api.post("/simulation/events/usereligibility")).status).toBe(200);
  await expectOnlyHostileAffected(s, { attempts: [[null, false], [null, false]], status: "Unhealthy" });
});
