// The startMock handle's control methods, as a partner's test suite uses them: reset between tests, move the clock
// to expire a token, and make a webhook retry happen without waiting.
import { expect, it, onTestFinished, vi } from "vitest";
import { startMock } from "./start.js";
import { useReceiver } from "./test-support.js";

const acme = { id: "acme", secret: "acme-secret" };
const globex = { id: "globex", secret: "globex-secret" };

async function started(options: Parameters<typeof startMock>[0]) {
  const mock = await startMock(options);
  onTestFinished(() => mock.close());
  return mock;
}

const call = async (url: string, token: string, method = "GET", body?: unknown) => {
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  // A 204, and a 404 or 409 as the live service sends them, have no body.
  const text = await res.text();
  return { status: res.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
};

it("resets one client's data, or every client's", async () => {
  const mock = await started({ clients: [acme, globex] });
  const a = await mock.token("acme");
  const g = await mock.token("globex");
  await call(`${mock.baseUrl}/users`, a, "POST", { userId: "u1" });
  await call(`${mock.baseUrl}/users`, g, "POST", { userId: "u1" });
  await mock.reset("acme");
  expect([(await call(`${mock.baseUrl}/users/u1`, a)).status, (await call(`${mock.baseUrl}/users/u1`, g)).status]).toEqual([404, 200]);
  await mock.reset();
  expect((await call(`${mock.baseUrl}/users/u1`, g)).status).toBe(404);
  expect(() => mock.reset("initech")).toThrow('reset("initech"): no such client; the mock has acme, globex');
});

it("sets, advances and resets a client's clock, which expires its token", async () => {
  const mock = await started({ clients: [acme, globex], tokenTtlSeconds: 600 });
  const token = await mock.token();
  expect(mock.clock.set("2027-01-31T23:59:00Z", { frozen: true })).toEqual({ now: "2027-01-31T23:59:00.000Z", offsetSeconds: expect.any(Number), frozen: true });
  expect(mock.clock.advance("PT1H").now).toBe("2027-02-01T00:59:00.000Z");
  expect(mock.clock.advance(30_000).now).toBe("2027-02-01T00:59:30.000Z");
  expect(mock.clock.get("globex").frozen).toBe(false);
  expect((await call(`${mock.baseUrl}/users`, token)).status).toBe(401);
  expect(() => mock.clock.set("1999-01-01T00:00:00Z")).toThrow("clock.set: body.now must be between 2000-01-01T00:00:00.000Z and 2100-01-01T00:00:00.000Z");
  expect(() => mock.clock.advance("P-1D")).toThrow("clock.advance: body.advance must be an ISO 8601 duration such as PT25H or P1D");
  expect(mock.clock.reset()).toEqual({ now: expect.any(String), offsetSeconds: 0, frozen: false });
});

it("delivers a failed webhook's retry now instead of after the back-off", async () => {
  const mock = await started({ clients: [acme], webhooks: { baseDelayMs: 60_000 } });
  const token = await mock.token();
  const receiver = await useReceiver({ failFirst: 1, secret: undefined });
  const webhookUrl = `${receiver.origin}/hooks`;
  await call(`${mock.baseUrl}/webhooks`, token, "POST", { webhookUrl, notificationTypes: ["UserEligibilityUpdated"] });
  await call(`${mock.baseUrl}/simulation/events/usereligibility`, token, "POST");
  const logs = async () => ((await call(`${mock.baseUrl}/webhooks/logs`, token)).body as { webhookNotificationLogs: { responseStatusCode: number }[] }).webhookNotificationLogs;
  await vi.waitFor(async () => expect(await logs()).toHaveLength(1));
  expect(await mock.deliverNow()).toEqual({ attempted: 1, delivered: 1, failed: 0 });
  expect((await logs()).map((l) => l.responseStatusCode).sort()).toEqual([200, 500]);
});
