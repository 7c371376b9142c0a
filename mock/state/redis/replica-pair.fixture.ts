// Test support: two mocks in this process sharing one redis-server (started for the test file) under a prefix of
// their own, so that tests do not see each other's keys. Every mock started is closed after the file.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { startMock, type StartedMock, type StartMockOptions } from "../../start.js";
import { startTestRedis, type TestRedis } from "./test-server.js";

export interface ReplicaPairs {
  /** The file's redis-server (once beforeAll has run). */
  redis(): TestRedis;
  /** Two mocks on the file's Redis under a fresh prefix. */
  pair(options?: StartMockOptions): Promise<{ a: StartedMock; b: StartedMock }>;
  /** Closes the mock with the others after the file. */
  track(...started: StartedMock[]): void;
}

/** Call at the top of a test file: starts the file's redis-server and closes what the file started. */
export function replicaPairs(): ReplicaPairs {
  let redis: TestRedis | undefined;
  const mocks: StartedMock[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const m of mocks.splice(0)) await m.close();
    await redis?.stop();
  });
  const server = () => {
    if (!redis) throw new Error("the test file's redis-server has not started yet");
    return redis;
  };
  return {
    redis: server,
    async pair(options = {}) {
      const storePrefix = `t${randomUUID().slice(0, 8)}:`;
      const a = await startMock({ ...options, store: server().url, storePrefix });
      const b = await startMock({ ...options, store: server().url, storePrefix });
      mocks.push(a, b);
      return { a, b };
    },
    track: (...started) => void mocks.push(...started),
  };
}
