// A worker killed with SIGKILL in the middle of an attempt: another process carries the notification on within
// 30 s (BullMQ's defaults take about a minute), with the same notificationId, so the receiver can drop a repeat.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRedisDeliveries, type FinishedAttempt } from "./deliveries.js";
import { startTestRedis, type TestRedis } from "./test-server.js";
import { parseStoreUrl } from "./url.js";

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(() => server.stop());

it("hands a SIGKILLed worker's notification to another worker within 30 s, with the same notificationId", { timeout: 60_000 }, async () => {
  // The first request hangs (the attempt is in flight when its worker dies); later ones get 200.
  const got: { id: string; at: number }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ id: (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { notificationId: string }).notificationId, at: Date.now() });
      if (got.length > 1) res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const prefix = `t{${randomUUID()}}`;
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./deliveries-worker.fixture.ts", import.meta.url))], {
    env: { ...process.env, REDIS_URL: server.url, QUEUE_PREFIX: prefix, RECEIVER_URL: receiverUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let survivor: ReturnType<typeof createRedisDeliveries> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => c.toString().includes("ready") && resolve());
      child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
    });
    const producer = createRedisDeliveries({ target: parseStoreUrl(server.url), prefix, work: false, endpoint: async () => undefined, record: async () => {} });
    const notificationId = randomUUID();
    await producer.enqueue({ tenantId: "t1", webhookId: "w1", notification: { notificationId, eventId: "e1", eventCreatedAtUtc: "2025-06-01T12:00:00.000Z", notificationType: "PriceCurveCreated", payload: { payloadType: "PriceCurve" } as never } });
    await producer.close();
    await expect.poll(() => got.length, { timeout: 5000, interval: 20 }).toBe(1);

    child.kill("SIGKILL");
    const attempts: FinishedAttempt[] = [];
    survivor = createRedisDeliveries({ target: parseStoreUrl(server.url), prefix, endpoint: async () => ({ url: receiverUrl, secret: "s3cret" }), record: async (a) => void attempts.push(a) });
    await expect.poll(() => attempts.length, { timeout: 30_000, interval: 100 }).toBe(1);
    expect(got.map((g) => g.id)).toEqual([notificationId, notificationId]);
    expect(attempts[0]).toMatchObject({ outcome: "delivered", log: { notificationId } });
  } finally {
    child.kill("SIGKILL");
    await survivor?.close();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  }
});
