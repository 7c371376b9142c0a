// One request of the collection as the build sees it: an operation of the spec plus what this request needs
// from, and leaves for, the requests around it. Everything else (URL, parameters, checks) comes from the spec.
import type { OperationId } from "../spec/types.js";

export interface Step {
  operationId: OperationId;
  /** Request name; defaults to the operationId. */
  name?: string;
  /** Request description; defaults to the operation's summary and description in the spec. */
  description?: string;
  /** Pre-request lines, e.g. fresh ids for the objects the request creates. */
  before?: string[];
  /** Test lines that run once the spec checks saw the expected status, e.g. ids kept for the next requests. */
  after?: string[];
  /** Top-level functions that `after` calls. */
  helpers?: string[];
  /** Path parameter values; default `{{<name>}}` (see PATH_VARIABLES). */
  path?: Record<string, string>;
  /** Query parameter values; default a variable or the parameter schema's example or default. */
  query?: Record<string, string>;
  /** The body; default the spec's example with its well-known example values replaced by variables. */
  body?: unknown;
  /** Example values replaced by variables in this request's body, over EXAMPLE_VARIABLES. */
  replace?: Record<string, string>;
}

/** Pre-request line: a new random id in a collection variable, so every run creates objects of its own. */
export const fresh = (variable: string) => `pm.collectionVariables.set("${variable}", pm.variables.replaceIn("{{$guid}}"));`;

/** Test line: keeps a value of the response body (a JS expression on `body`) in a collection variable. */
export const keep = (variable: string, expression: string) =>
  `pm.collectionVariables.set("${variable}", (function (body) { return ${expression}; })(pm.response.json()));`;

/** Test line: the response echoes the value of a variable. */
export const echoes = (expression: string, variable: string) =>
  `pm.test("the response carries ${variable}", function () { pm.expect(${expression.replace(/^body/, "pm.response.json()")}, "${expression}").to.equal(pm.collectionVariables.get("${variable}")); });`;
