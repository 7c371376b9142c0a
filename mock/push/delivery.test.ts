import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it, onTestFinished } from "vitest";
import { createDeliverer, statusAfter, type Attempt, type DeliveryJob, type DeliveryOptions } from "./delivery.js";
import { verifySignature } from "./signature.js";
import { useServer } from "../test-support.js";

/** A server on 127.0.0.1:0 that records what it gets and lets `answer` decide what to do. */
async function receiver(answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  const server = await useServer(answer);
  return { url: server.url, received: server.requests };
}

function deliverer(options: DeliveryOptions = {}) {
  const d = createDeliverer({ baseDelayMs: 5, timeoutMs: 300, now: () => Date.parse("2026-11-26T12:00:00Z"), ...options });
  onTestFinished(() => d.close());
  return d;
}

function job(url: string, secret: string | null = "s3cret", attempts: Attempt[] = []): DeliveryJob & { attempts: Attempt[] } {
  return {
    attempts,
    webhookId: "w1",
    tenantId: "partner-demo",
    notification: {
      notificationId: "n1",
      eventId: "e1",
      eventCreatedAtUtc: "2026-11-26T11:59:00.000Z",
      notificationType: "UserEligibilityUpdated",
      payload: { payloadType: "UserEligibility", lastUpdated: "2026-11-26T11:59:00.000Z", addedUsers: ["u1"], removedUsers: [] },
    },
    endpoint: () => ({ url, secret }),
    record: (a) => attempts.push(a),
  };
}

const CONTENT =
  '{"notificationId":"n1","eventId":"e1","eventCreatedAtUtc":"2026-11-26T11:59:00.000Z","notificationSentUtc":"2026-11-26T12:00:00.000Z",' +
  '"notificationType":"UserEligibilityUpdated","payload":{"payloadType":"UserEligibility","lastUpdated":"2026-11-26T11:59:00.000Z","addedUsers":["u1"],"removedUsers":[]}}';

it("posts the exact signed bytes as JSON and logs one delivered attempt", async () => {
  const r = await receiver((_req, res) => res.writeHead(200).end("ok"));
  const d = deliverer();
  const j = job(r.url);
  expect(d.enqueue(j)).toBe(true);
  await d.idle();
  expect(r.received).toHaveLength(1);
  const got = r.received[0]!;
  expect(got.body.toString("utf8")).toBe(CONTENT);
  expect(got.headers["content-type"]).toBe("application/json");
  expect(verifySignature("s3cret", got.body, got.headers["x-payload-signature"])).toBe(true);
  expect(j.attempts).toEqual([
    {
      outcome: "delivered",
      content: CONTENT,
      log: {
        webhookId: "w1",
        tenantId: "partner-demo",
        partnerEventId: "e1",
        notificationId: "n1",
        notificationType: "UserEligibilityUpdated",
        notificationSent: "2026-11-26T12:00:00.000Z",
        sparkSignature: got.headers["x-payload-signature"],
        webhookUrl: r.url,
        requestTimeout: false,
        responseStatusCode: 200,
        requestDurationMs: expect.any(Number),
      },
    },
  ]);
});

it("sends no signature header when the webhook has no secret", async () => {
  const r = await receiver((_req, res) => res.writeHead(200).end());
  const d = deliverer();
  const j = job(r.url, null);
  d.enqueue(j);
  await d.idle();
  expect(r.received[0]!.headers["x-payload-signature"]).toBeUndefined();
  expect(j.attempts[0]!.log.sparkSignature).toBeNull();
});

it("retries a failed delivery with the same notificationId until a 200", async () => {
  const r = await receiver((_req, res, n) => res.writeHead(n === 1 ? 500 : 200).end());
  const d = deliverer();
  const j = job(r.url);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => [a.outcome, a.log.responseStatusCode, a.log.notificationId])).toEqual([
    ["failed", 500, "n1"],
    ["delivered", 200, "n1"],
  ]);
  expect(r.received.map((x) => (JSON.parse(x.body.toString()) as { notificationId: string }).notificationId)).toEqual(["n1", "n1"]);
});

it("counts only 200 as delivered and gives up after maxRetries retries", async () => {
  const r = await receiver((_req, res) => res.writeHead(204).end());
  const d = deliverer({ maxRetries: 3 });
  const j = job(r.url);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => a.log.responseStatusCode)).toEqual([204, 204, 204, 204]);
  expect(j.attempts.map((a) => a.outcome)).toEqual(["failed", "failed", "failed", "failed"]);
});

it("logs a hanging receiver as a timeout", async () => {
  const r = await receiver(() => undefined);
  const d = deliverer({ maxRetries: 1, timeoutMs: 100 });
  const j = job(r.url);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => [a.outcome, a.log.requestTimeout, a.log.responseStatusCode])).toEqual([
    ["timeout", true, null],
    ["timeout", true, null],
  ]);
});

it("logs a reset connection as a failure without a status", async () => {
  const r = await receiver((req) => req.socket.destroy());
  const d = deliverer({ maxRetries: 0 });
  const j = job(r.url);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => [a.outcome, a.log.requestTimeout, a.log.responseStatusCode])).toEqual([["failed", false, null]]);
});

it("never follows a redirect and counts it as a failure", async () => {
  const elsewhere = await receiver((_req, res) => res.writeHead(200).end());
  const r = await receiver((_req, res) => res.writeHead(307, { Location: elsewhere.url }).end());
  const d = deliverer({ maxRetries: 0 });
  const j = job(r.url);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => [a.outcome, a.log.responseStatusCode])).toEqual([["failed", 307]]);
  expect(elsewhere.received).toEqual([]);
});

it("stops reading an endless response body after a few kilobytes", async () => {
  let written = 0;
  const r = await receiver((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, "x");
    const more = () => {
      while (!res.destroyed && written < 512 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", more);
      }
    };
    more();
  });
  const d = deliverer({ maxRetries: 0, timeoutMs: 2000 });
  const j = job(r.url);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => [a.outcome, a.log.responseStatusCode])).toEqual([["delivered", 200]]);
  expect(written).toBeLessThan(64 * 1024 * 1024);
});

it("logs a refused connection as a failure", async () => {
  const gone = http.createServer();
  await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/hook`;
  await new Promise((resolve) => gone.close(resolve));
  const d = deliverer({ maxRetries: 1 });
  const j = job(url);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => [a.outcome, a.log.responseStatusCode, a.log.requestTimeout])).toEqual([
    ["failed", null, false],
    ["failed", null, false],
  ]);
});

it("logs a URL it cannot post to as a failure", async () => {
  const d = deliverer({ maxRetries: 0 });
  const j = job("ftp://127.0.0.1/hook");
  d.enqueue(j);
  await d.idle();
  expect(j.attempts.map((a) => [a.outcome, a.log.responseStatusCode])).toEqual([["failed", null]]);
});

it("stops retrying once the webhook is gone", async () => {
  const r = await receiver((_req, res) => res.writeHead(500).end());
  const d = deliverer();
  const j = job(r.url);
  let calls = 0;
  j.endpoint = () => (++calls === 1 ? { url: r.url, secret: "s3cret" } : undefined);
  d.enqueue(j);
  await d.idle();
  expect(j.attempts).toHaveLength(1);
  expect(r.received).toHaveLength(1);
});

it("keeps at most maxInFlight attempts open at once", async () => {
  let open = 0;
  let most = 0;
  const r = await receiver((_req, res) => {
    open++;
    most = Math.max(most, open);
    setTimeout(() => {
      open--;
      res.writeHead(200).end();
    }, 20);
  });
  const d = deliverer({ maxInFlight: 2, maxInFlightPerTenant: 2 });
  const jobs = Array.from({ length: 6 }, () => job(r.url));
  for (const j of jobs) d.enqueue(j);
  await d.idle();
  expect(r.received).toHaveLength(6);
  expect(most).toBe(2);
});

it("drops notifications beyond maxPending", async () => {
  const r = await receiver((_req, res) => res.writeHead(200).end());
  const d = deliverer({ maxPending: 1 });
  expect(d.enqueue(job(r.url))).toBe(true);
  expect(d.enqueue(job(r.url))).toBe(false);
  await d.idle();
  expect(r.received).toHaveLength(1);
});

it("cancels pending retries and open attempts on close", async () => {
  const r = await receiver(() => undefined);
  const d = deliverer({ timeoutMs: 60_000, baseDelayMs: 60_000 });
  const j = job(r.url);
  d.enqueue(j);
  const idle = d.idle();
  await expect.poll(() => r.received.length).toBe(1);
  d.close();
  await idle;
  expect(j.attempts).toEqual([]);
  expect(d.enqueue(job(r.url))).toBe(false);
});

it("maps outcomes to webhook statuses", () => {
  expect([statusAfter("delivered"), statusAfter("failed"), statusAfter("timeout")]).toEqual(["Healthy", "Unhealthy", "TimeOut"]);
});

it("tells onError of a failure in its own bookkeeping and of a log line that could not be written, and ends the job", async () => {
  const r = await receiver((_req, res) => res.end("ok"));
  const errors: string[] = [];
  const d = deliverer({
    onError: (e) => errors.push(e instanceof Error ? e.message : String(e)),
    onAttempt: () => {
      throw new Error("log line lost");
    },
  });
  d.enqueue({
    ...job(r.url),
    record: () => {
      throw new Error("record failed");
    },
  });
  d.enqueue({ ...job(r.url), notification: { ...job(r.url).notification, notificationId: "n2" } });
  await d.idle();
  expect(errors.sort()).toEqual(["log line lost", "record failed"]);
  expect(d.pending()).toBe(0);
});

it("holds a receiver that keeps timing out: later attempts fail at once without connecting, and its status stays TimeOut", async () => {
  const r = await receiver(() => undefined);
  const d = deliverer({ maxRetries: 4, timeoutMs: 50, breaker: { threshold: 2, cooldownMs: 60_000 } });
  const j = job(r.url);
  d.enqueue(j);
  await d.idle();
  expect(r.received).toHaveLength(2);
  expect(j.attempts.map((a) => [a.outcome, a.held ?? false, a.log.requestTimeout, a.log.responseStatusCode])).toEqual([
    ["timeout", false, true, null],
    ["timeout", false, true, null],
    ["failed", true, false, null],
    ["failed", true, false, null],
    ["failed", true, false, null],
  ]);
  expect(statusAfter("failed", true)).toBe("TimeOut");
});

it("takes partners in turns and refuses a partner's notifications beyond its pending quota", async () => {
  const order: string[] = [];
  const r = await receiver((req, res) => {
    order.push(new URL(req.url ?? "", "http://x").search);
    res.writeHead(200).end();
  });
  const d = deliverer({ maxInFlight: 1, maxPendingPerTenant: 3 });
  const tagged = (tenantId: string) => ({ ...job(r.url), tenantId, endpoint: () => ({ url: `${r.url}?${tenantId}`, secret: null }) });
  for (let i = 0; i < 3; i++) expect(d.enqueue(tagged("a"))).toBe(true);
  expect(d.refusal("a", 1)).toBe(
    "this client has 3 webhook notifications pending (queued or waiting for a retry); its quota is 3 and this event would add 1: wait for them to be delivered or given up, fix or disable the failing webhooks, or call deliverNow",
  );
  expect(d.enqueue(tagged("a"))).toBe(false);
  expect(d.refusal("b", 1)).toBe(undefined);
  expect(d.enqueue(tagged("b"))).toBe(true);
  await d.idle();
  // a's first was already running when b's arrived; then the partners take turns.
  expect(order).toEqual(["?a", "?a", "?b", "?a"]);
  expect(d.refusal("a", 3)).toBe(undefined);
});
