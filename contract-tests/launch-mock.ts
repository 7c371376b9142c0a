// The only module of the suite that touches the mock: it starts one (through the package's `startMock`) for a run
// without a base URL, and for the suite's own tests. Everything else talks HTTP to whatever target it is given.
import { startMock, type MockClock } from "../mock/start.js";
import type { Validators } from "../spec/validators.js";
import type { Credentials } from "./step.js";

/** The mock's demo client, as the README and the Postman environment name it. */
export const DEMO_CLIENT: Credentials = { id: "partner-demo", secret: "partner-demo-secret" };
/** A second client of the launched mock, for the isolation checks. */
export const SECOND_CLIENT: Credentials = { id: "partner-contract-second", secret: "partner-contract-second-secret" };

export interface LaunchedMock {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  baseUrl: string;
  tokenUrl: string;
  client: Credentials;
  second: Credentials;
  /** The spec validators the mock compiled (from spec/validators.ts, like the suite's), so a run compiles them once. */
  validators: Validators;
  /** The mock's control methods (startMock's handle), for the suite's own tests. */
  reset(clientId?: string): void;
  clock: MockClock;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Where the mock keeps its state: memory (the default) or a Redis URL, under `storePrefix`. */
  store?: string;
  storePrefix?: string;
  /** `problem`: problem documents on the 404s and 409s the live service sends without a body (as some deployments may). */
  errorBodies?: "empty" | "problem";
}

/** Starts the mock on a free loopback port with the demo client and a second client. */
export async function launchMock(options: LaunchOptions = {}): Promise<LaunchedMock> {
  const store = options.store !== undefined ? { store: options.store, ...(options.storePrefix !== undefined ? { storePrefix: options.storePrefix } : {}) } : {};
  const mock = await startMock({ clients: [DEMO_CLIENT, SECOND_CLIENT], ...store, ...(options.errorBodies !== undefined && { errorBodies: options.errorBodies }) });
  return {
    origin: mock.origin,
    baseUrl: mock.baseUrl,
    tokenUrl: mock.tokenUrl,
    client: DEMO_CLIENT,
    second: SECOND_CLIENT,
    validators: mock.context.validators,
    reset: (clientId) => mock.reset(clientId),
    clock: mock.clock,
    close: () => mock.close(),
  };
}
