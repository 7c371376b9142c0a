// The BullMQ deliveries against a real redis-server and a local receiver: retries with backoff, each attempt
// logged and signed as the in-memory deliverer signs it, the same notificationId throughout.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SIGNATURE_HEADER, verifySignature } from "../../push/signature.js";
import { UnrecoverableError, Worker } from "bullmq";
import { createRedisDeliveries, QUEUE_NAME, type FinishedAttempt, type NotificationJob } from "./deliveries.js";
import { useServer } from "../../test-support.js";
import { startTestRedis, type TestRedis } from "./test-server.js";
import { parseStoreUrl } from "./url.js";

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(() => server.stop());

/** A receiver that answers the given statuses in turn (the last one from then on) and keeps what it got. */
async function receiver(statuses: number[]) {
  const server = await useServer((_req, res, n) => res.writeHead(statuses[Math.min(n, statuses.length) - 1]!).end());
  const got = () => server.requests.map((r) => ({ body: r.body.toString("utf8"), signature: r.headers[SIGNATURE_HEADER.toLowerCase()], at: r.at }));
  return { url: server.url, got, close: server.close };
}

const job = (): NotificationJob => ({
  tenantId: "t1",
  webhookId: "w1",
  notification: { notificationId: randomUUID(), eventId: "e1", eventCreatedAtUtc: "2025-06-01T12:00:00.000Z", notificationType: "PriceCurveCreated", payload: { payloadType: "PriceCurve" } as never },
});

it("retries a failing receiver with exponential backoff, logs and signs every attempt, and stops once delivered", async () => {
  const target = await receiver([500, 503, 200]);
  const attempts: FinishedAttempt[] = [];
  const deliveries = createRedisDeliveries({
    target: parseStoreUrl(server.url),
    prefix: `t{${randomUUID()}}`,
    baseDelayMs: 100,
    endpoint: async () => ({ url: target.url, secret: "s3cret" }),
    record: async (a) => void attempts.push(a),
  });
  try {
    const j = job();
    await deliveries.enqueue(j);
    await deliveries.enqueue(j); // the same notification again: one job
    await expect.poll(() => attempts.length, { timeout: 5000 }).toBe(3);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.log.responseStatusCode])).toEqual([[1, "failed", 500], [2, "failed", 503], [3, "delivered", 200]]);
    expect(new Set(attempts.map((a) => a.log.notificationId))).toEqual(new Set([j.notification.notificationId]));
    expect(target.got()).toHaveLength(3);
    for (const [i, g] of target.got().entries()) {
      expect(verifySignature("s3cret", g.body, g.signature)).toBe(true);
      expect(g.body).toBe(attempts[i]!.content);
      expect(attempts[i]!.log.sparkSignature).toBe(g.signature);
    }
    // Backoff: 100 ms, then 200 ms (BullMQ adds no jitter unless asked).
    expect(target.got()[1]!.at - target.got()[0]!.at).toBeGreaterThanOrEqual(90);
    expect(target.got()[2]!.at - target.got()[1]!.at).toBeGreaterThanOrEqual(190);
    // Once the job is completed no attempt can follow: the receiver has what it will ever get.
    await expect.poll(async () => await deliveries.queue.getJobCounts("wait", "active", "delayed", "completed")).toEqual({ wait: 0, active: 0, delayed: 0, completed: 1 });
    expect(target.got()).toHaveLength(3);
  } finally {
    await deliveries.close();
    await target.close();
  }
});

it("gives up after the first attempt and 3 retries, each logged", async () => {
  const target = await receiver([500]);
  const attempts: FinishedAttempt[] = [];
  const deliveries = createRedisDeliveries({
    target: parseStoreUrl(server.url),
    prefix: `t{${randomUUID()}}`,
    baseDelayMs: 20,
    endpoint: async () => ({ url: target.url, secret: null }),
    record: async (a) => void attempts.push(a),
  });
  try {
    await deliveries.enqueue(job());
    // Once the job has failed for good no attempt can follow.
    await expect.poll(async () => await deliveries.queue.getJobCounts("wait", "active", "delayed", "failed"), { timeout: 5000 }).toEqual({ wait: 0, active: 0, delayed: 0, failed: 1 });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(attempts[0]!.log.sparkSignature).toBe(null);
  } finally {
    await deliveries.close();
    await target.close();
  }
});

it("ends a job whose webhook is gone without an attempt", async () => {
  const attempts: FinishedAttempt[] = [];
  const deliveries = createRedisDeliveries({ target: parseStoreUrl(server.url), prefix: `t{${randomUUID()}}`, endpoint: async () => undefined, record: async (a) => void attempts.push(a) });
  try {
    await deliveries.enqueue(job());
    await expect.poll(async () => (await deliveries.queue.getJobCounts("wait", "active", "delayed", "completed")).wait, { timeout: 3000 }).toBe(0);
    await expect.poll(async () => (await deliveries.queue.getJobCounts("active")).active, { timeout: 3000 }).toBe(0);
    expect(attempts).toEqual([]);
  } finally {
    await deliveries.close();
  }
});

it("returns a job failed for stalling (by a replica at BullMQ's old limit) to the queue, and delivers it", async () => {
  const target = await receiver([200]);
  const prefix = `t{${randomUUID()}}`;
  const redisTarget = parseStoreUrl(server.url);
  const producer = createRedisDeliveries({ target: redisTarget, prefix, work: false, endpoint: async () => undefined, record: async () => {} });
  const j = job();
  await producer.enqueue(j);
  // What an older replica left: the job failed with BullMQ's stall message.
  const old = new Worker<NotificationJob>(QUEUE_NAME, null, { connection: { host: redisTarget.host, port: redisTarget.port, maxRetriesPerRequest: null }, prefix, autorun: false });
  const taken = await old.getNextJob("old-replica");
  await taken!.moveToFailed(new UnrecoverableError("job stalled more than allowable limit"), "old-replica");
  await old.close();
  expect(await (await producer.queue.getJob(j.notification.notificationId))!.getState()).toBe("failed");
  await producer.close();

  const attempts: FinishedAttempt[] = [];
  const revived: string[] = [];
  const deliveries = createRedisDeliveries({
    target: redisTarget,
    prefix,
    endpoint: async () => ({ url: target.url, secret: "s3cret" }),
    record: async (a) => void attempts.push(a),
    revived: async (r) => void revived.push(r.notification.notificationId),
  });
  try {
    // BullMQ counted the failure as an attempt: the revived job makes its second.
    await expect.poll(() => attempts.map((a) => [a.attempt, a.outcome]), { timeout: 5000 }).toEqual([[2, "delivered"]]);
    expect(revived).toEqual([j.notification.notificationId]);
  } finally {
    await deliveries.close();
    await target.close();
  }
});
