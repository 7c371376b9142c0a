// A delivery worker in a process of its own, for the crash test (deliveries-kill.test.ts): it works the queue
// named by REDIS_URL and QUEUE_PREFIX until it is killed. Not part of the mock.
import { createRedisDeliveries } from "./deliveries.js";
import { parseStoreUrl } from "./url.js";

const deliveries = createRedisDeliveries({
  target: parseStoreUrl(process.env.REDIS_URL ?? ""),
  prefix: process.env.QUEUE_PREFIX ?? "",
  endpoint: async () => ({ url: process.env.RECEIVER_URL ?? "", secret: "s3cret" }),
  record: async (a) => void process.stdout.write(`attempt ${a.attempt} ${a.outcome}\n`),
});
await deliveries.worker?.waitUntilReady();
process.stdout.write("ready\n");
