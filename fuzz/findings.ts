// What a run reports: its counts, and each distinct failure with the check it broke and the curl line that repeats it.
import type { CheckName } from "./properties.js";

export interface FuzzFailure {
  check: CheckName;
  message: string;
  operationId: string;
  /** What was done to the request (`invalid body: wrong-type at /userId`, `sequence: read the user back`). */
  label: string;
  status: number;
  /** The start of the answer's body. */
  answer: string;
  /** The minimal failing request, as one curl line with the token as `$TOKEN`. */
  curl: string;
  seed: number;
  /** Whether fast-check shrank the request (or sequence) that first failed. */
  shrunk: boolean;
  /** For a sequence: the requests before the failing one. */
  before?: string[];
  /** Failures with the same check, operation, status and message shape (only the first is kept). */
  similar: number;
}

export interface FuzzReport {
  seed: number;
  target: string;
  /** Requests sent for the checks (setup, shrinking and cleanup not counted). */
  requests: number;
  sequences: number;
  valid: number;
  invalid: number;
  /** The whole run, and the part spent sending and checking (without setup, shrinking and cleanup). */
  seconds: number;
  sendingSeconds: number;
  failureCount: number;
  failures: FuzzFailure[];
  byOperation: Map<string, number>;
  byStatus: Map<number, number>;
  cleanup: { deleted: number; failed: string[] };
  interrupted: boolean;
}
