// The mock-backed mode: starts a fresh mock (the package's startMock) for a run without a base URL, with the
// fuzzing client and fast-failing webhooks, and hands over the mock's own rules as extra checks. Imported only
// when no base URL is given.
import { startMock } from "../mock/start.js";
import type { ApiOperations } from "../spec/operations.js";
import type { Validators } from "../spec/validators.js";
import { mockExtras } from "./mock-extras.js";
import type { ResponseCheck } from "./properties.js";
import type { Credentials } from "./target.js";

export const FUZZ_CLIENT: Credentials = { id: "fuzz-partner", secret: "fuzz-partner-secret" };

export interface FuzzMock {
  baseUrl: string;
  tokenUrl: string;
  client: Credentials;
  validators: Validators;
  extras(validators: Validators, operations: ApiOperations): ResponseCheck;
  close(): Promise<void>;
}

/** Starts the mock on a free loopback port (in memory, or in Redis under a prefix of its own). */
export async function startFuzzMock(options: { store?: string; storePrefix?: string } = {}): Promise<FuzzMock> {
  const mock = await startMock({ clients: [FUZZ_CLIENT], webhooks: { baseDelayMs: 5, timeoutMs: 500, maxRetries: 0 }, ...options });
  return { baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, client: FUZZ_CLIENT, validators: mock.context.validators, extras: mockExtras, close: () => mock.close() };
}
