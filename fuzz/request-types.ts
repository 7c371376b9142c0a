// What a generated request is and how the generators are steered: the types the request generators share, in a
// module of their own so that the generators (requests.ts and the modules it assembles) import no one another's types.
import type { RawRequest } from "./client.js";

export type Expectation =
  /** Valid for the operation it reaches: never 400 (unless the spec documents a rule beyond the schema), 401, 405, 413, 415 or 5xx. */
  | { kind: "valid" }
  /** Exactly this status (one of the operation's declared 4xx, or the mock's 404/405 for routes the spec lacks). */
  | { kind: "invalid"; status: number }
  /** Larger than Node's header limit: a clean 431 from Node, and the mock stays up. */
  | { kind: "oversized" };

export interface FuzzRequest extends RawRequest {
  /** The operation the request aims at (it may reach another one, e.g. `GET /users/eligible`). */
  operationId: string;
  /** `token`: sent to the token URL's host (which may not be the API's). */
  origin?: "token";
  /** What was done to it, e.g. `invalid body: wrong-type at /userId`. */
  label: string;
  expect: Expectation;
}

export interface GeneratorOptions {
  /** Only ids the world knows, never fresh or odd ones (for isolation: every request aims at existing objects). */
  knownIdsOnly?: boolean;
  /** The API's path on the target (default: the path of the spec's first server). */
  basePath?: string;
  /** Put before every id the run makes up, so a shared deployment's other objects are never reached. */
  prefix?: string;
  /** Also send the expensive hostile bodies (a gzip bomb, 20000 nesting levels, 30000 fields); for the mock. */
  hostile?: boolean;
  /** Leave these operations out (e.g. those that change all of a client's data, on a shared deployment). */
  exclude?: readonly string[];
  /** The path of the token URL on its host (default: the spec's, `/connect/token`). */
  tokenPath?: string;
  /** Only these methods (`["get"]` for a read-only run; the token request is always in). */
  methods?: readonly string[];
}

