// A publisher that dies with SIGKILL right after writing an event (with its outbox entry) and before enqueueing its
// notification, for the outbox test in push-state.test.ts. Not part of the mock.
import { connectRedis } from "./data-store.js";
import { RedisPushState } from "./push-state.js";

const { redis, target } = await connectRedis(process.env.REDIS_URL ?? "");
const state = new RedisPushState({
  redis,
  target,
  now: Date.now,
  prefix: process.env.STORE_PREFIX ?? "",
  delivery: { work: false },
  outbox: { sweepEveryMs: 600_000 },
  beforeEnqueue: () => process.kill(process.pid, "SIGKILL"),
});
await state.addWebhook("c1", { webhookUrl: process.env.RECEIVER_URL ?? "", name: null, secret: "s3cret", notificationTypes: ["UserEligibilityUpdated"] });
await state.publish("c1", { payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:00Z", addedUsers: ["u1"], removedUsers: [] });
