// Request generators derived from the spec: for every operation, valid requests (schema-generated bodies and
// parameters with edge values) and invalid ones (one defect each: a broken body, bad JSON, a wrong content type,
// a bad query value, bad credentials, an undecodable path id, a wrong method, a body over the limit).
// The spec's own validators classify every generated request, so "valid" and "invalid" are exact.
import fc from "fast-check";
import type { Validators } from "../spec/validators.js";
import type { Resolution } from "../spec/operations.js";
import { operationRequests } from "./operation-requests.js";
import type { RawRequest } from "./client.js";
import type { FuzzRequest, GeneratorOptions } from "./request-types.js";
import { CONTROL_SEGMENT, encodeId, requestKit, SAFE_METHODS, wellFormed } from "./request-kit.js";
import type { World } from "./world.js";

export type { Expectation, FuzzRequest, GeneratorOptions } from "./request-types.js";

export { flipOneChar } from "./request-kit.js";

export interface RequestGenerators {
  /** Any request, spread evenly over the operations. */
  any: fc.Arbitrary<FuzzRequest>;
  /** Requests for one operation. */
  forOperation(operationId: string): fc.Arbitrary<FuzzRequest>;
  resolve(method: string, rawPath: string): Resolution;
}

/** Builds the generators for every served operation of the spec, drawing ids from the world. */
export function requestGenerators(validators: Validators, world: World, options: GeneratorOptions = {}): RequestGenerators {
  const kit = requestKit(validators, world, options);
  const { fresh, resolve, classify, operations } = kit;
  const methods = options.methods?.map((m) => m.toUpperCase()) ?? SAFE_METHODS;
  const unknownRoute = fc
    .tuple(fc.array(fc.oneof(fc.constantFrom("users", "locations", "webhooks", "events", "nope", "v2"), fresh.filter((s) => wellFormed(s)).map(encodeId)), { minLength: 1, maxLength: 4 }), fc.constantFrom(...methods), fc.boolean())
    // The control API (/_mock) is the mock's own, outside the spec the fuzzer checks answers against.
    .filter(([segments, , underBase]) => underBase || segments[0]?.toLowerCase() !== CONTROL_SEGMENT)
    .map(([segments, method, underBase]): FuzzRequest => {
      const path = `${underBase ? operations.basePath : ""}/${segments.join("/")}`;
      const r = resolve(method, path);
      const req: RawRequest = { method, path, headers: { authorization: `Bearer ${world.token}` } };
      if (r.kind === "operation") return classify(r.op, req, "random route", "auto");
      const status = r.kind === "not-found" ? 404 : r.kind === "method-not-allowed" ? 405 : 400;
      return { ...req, operationId: r.kind === "undecodable" ? r.op.operationId : "(none)", label: "random route", expect: { kind: "invalid", status } };
    });

  const included = operations.served.filter((op) => !options.exclude?.includes(op.operationId) && (op === operations.token || !options.methods || options.methods.includes(op.method)));
  const byId = new Map(included.map((op) => [op.operationId, operationRequests(kit, op, options)]));
  return {
    any: fc.oneof(...[...byId.values()].map((arbitrary) => ({ weight: 10, arbitrary })), { weight: 3, arbitrary: unknownRoute }),
    forOperation(operationId) {
      const a = byId.get(operationId);
      if (!a) throw new Error(`no such operation ${operationId}`);
      return a;
    },
    resolve,
  };
}
