import { afterEach, expect, it } from "vitest";
import { Redis } from "ioredis";
import { startTestRedis, type TestRedis } from "./test-server.js";

let server: TestRedis | undefined;
afterEach(() => server?.stop());

it("starts a redis-server on a loopback port that answers PING, and stops and starts it on the same port", async () => {
  server = await startTestRedis();
  const client = new Redis(server.port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  expect(await client.ping()).toBe("PONG");
  expect(await client.config("GET", "save")).toEqual(["save", ""]);
  await client.set("k", "v");
  client.disconnect();
  await server.stop({ crash: true });
  await server.start();
  const again = new Redis(server.port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0 });
  await again.connect();
  expect(await again.get("k")).toBe(null);
  again.disconnect();
});
