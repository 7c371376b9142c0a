// vitest globalSetup of the "redis" project: one redis-server for the run (its own free port, no persistence);
// the test helper gives each mock a fresh key prefix on it, so tests stay as isolated as with the memory store.
import type { TestProject } from "vitest/node";
import { startTestRedis } from "./test-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The Redis URL the behaviour tests' mocks keep their state in (the "redis" project only). */
    mockStore: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startTestRedis();
  project.provide("mockStore", redis.url);
  return () => redis.stop();
}
