// What every request generator shares: ids drawn from the world, values from the spec's schemas, paths and query
// strings, and the classification of a finished request (where it lands decides first, then what was done to it).
import { parse as parseQuery } from "node:querystring";
import fc from "fast-check";
import type { OperationInfo } from "../spec/openapi.js";
import { apiOperations } from "../spec/operations.js";
import type { Validators } from "../spec/validators.js";
import { anyString, codePoints, stringLimits, valueArbitrary, type Arb, type StringLimits } from "./arbitraries.js";
import type { RawRequest } from "./client.js";
import type { Expectation, FuzzRequest, GeneratorOptions } from "./request-types.js";
import type { World } from "./world.js";

/** A body over this is refused before anything else (the mock's default limit; the spec declares 413 for it). */
export const BODY_LIMIT = 1024 * 1024;

export const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "Application/JSON"];
export const WRONG_TYPES = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "text/json", "application/json; charset=latin1", "application/json; charset=utf-16le"];
export const BAD_JSON = ["{", "{]", '{"a":}', "{'userId':'x'}", '{"userId":"x"', '{"userId":"x"}}', "[1,2", "NaN", "undefined", "\u0000", "{}garbage", '{"a":1,}', "/* c */{}", "\uFEFF{}"];
/** Path ids that are valid but unusual: dots, encoded slashes, spaces, `+`, `%`, unicode, very long, route names. */
export const ODD_IDS = ["..", ".", "%2F", "a%2Fb", "%2E%2E", "%2e", "%00", "%20", "+", "~", "*", "%F0%9F%98%80", "%C3%BC", "a%20b", "a+b", "a.b", "%25", "a%25b", "x".repeat(3000), "eligible", "batch", "logs", "locations"];
export const UNDECODABLE_IDS = ["%", "%ZZ", "%E0%A4%A", "%C3", "%FF", "a%2", "%%"];
export const BAD_QUERY_VALUES = ["0", "-1", "1.5", "abc", "", "2147483648", "1001", "NaN", "true", "1,2", "9".repeat(40), "0x10", "[]"];
export const CONTROL_SEGMENT = "_mock";
export const SAFE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The token with one character changed: the classic off-by-one copy-paste. */
export function flipOneChar(token: string, at: number): string {
  const i = at % Math.max(1, token.length);
  const c = token[i] ?? "A";
  return token.slice(0, i) + (c === "A" ? "B" : "A") + token.slice(i + 1);
}

/** No lone surrogates (encodeURIComponent throws on them; Node 20's lib types lack String#isWellFormed). */
export const wellFormed = (s: string) => /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(s);
export const encodeId = (id: string) => encodeURIComponent(id);
export const serialiseQuery = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

export type RequestKit = ReturnType<typeof requestKit>;

/** The shared helpers of the generators, over one world and the spec's validators. */
export function requestKit(validators: Validators, world: World, options: GeneratorOptions = {}) {
  const { spec } = validators;
  const document = spec.document;
  const operations = apiOperations(spec, options.basePath === undefined ? {} : { basePath: options.basePath });
  const { resolve } = operations;
  const prefix = options.prefix ?? "";
  // Ids the run makes up carry its prefix: on a shared deployment they never meet anyone else's objects. Where the
  // schema limits an id's length, the prefix counts: the generated part gets what is left.
  const fresh = anyString()
    .filter((s) => s.length > 0)
    .map((s) => prefix + s);
  const freshWithin = ({ minLength = 0, maxLength }: StringLimits) => {
    const taken = codePoints(prefix);
    return anyString({ minLength: Math.max(1, minLength - taken), ...(maxLength === undefined ? {} : { maxLength: Math.max(1, maxLength - taken) }) }).map((s) => prefix + s);
  };
  const known = (name: string) =>
    fc.nat().map((i) => {
      const list = world.ids[name] ?? [];
      return list.length > 0 ? list[i % list.length]! : `no-${name}`;
    });
  /** An id: mostly one that exists, sometimes a fresh one (which may well be created by the request). */
  /** An id: mostly one that exists, sometimes a fresh one; as often fresh as not in a body that creates something. */
  const id = (name: string, creating = false, limits: StringLimits = {}) =>
    options.knownIdsOnly ? known(name) : fc.oneof({ weight: creating ? 1 : 4, arbitrary: known(name) }, { weight: 1, arbitrary: limits.maxLength === undefined && limits.minLength === undefined ? fresh : freshWithin(limits) });
  // A bare route name (`eligible`) as the id of a change or a delete could meet a real object: prefixed there.
  const oddIds = (method: string) => (prefix === "" || method === "get" ? ODD_IDS : ODD_IDS.map((id) => (/^[a-z]+$/.test(id) ? prefix + id : id)));
  const pathId = (name: string, method = "get") =>
    options.knownIdsOnly
      ? known(name).map(encodeId)
      : fc.oneof(
          { weight: 6, arbitrary: known(name).map(encodeId) },
          { weight: 2, arbitrary: fresh.filter((s) => wellFormed(s)).map(encodeId) },
          { weight: 1, arbitrary: fc.constantFrom(...oddIds(method)) },
        );

  // Ids in bodies point at the world's objects; webhook URLs stay on a dead loopback port, never elsewhere. Both keep
  // to the schema's length limits (a URL's path is cut to fit).
  const property = (creating: boolean) => (name: string, schema: Record<string, unknown>): Arb | undefined => {
    const limits = stringLimits(schema);
    if (name === "webhookUrl") {
      const room = (limits.maxLength ?? Infinity) - codePoints(world.deadUrl);
      return fc.webPath().map((p) => world.deadUrl + (codePoints(p) <= room ? p : [...p].slice(0, Math.max(0, room)).join("")));
    }
    if (["userId", "locationId", "resourceId", "eventId", "meterPointId"].includes(name)) return id(name, creating, limits);
    return undefined;
  };
  const valueOf = (schema: unknown, creating = false) => valueArbitrary(schema, { document, property: property(creating) });

  const jsonMedia = (op: OperationInfo) => op.requestBody?.content.find((m) => m.contentType === "application/json");

  const { pathOf } = operations;

  const authHeader = (token: string) => fc.constantFrom(`Bearer ${token}`, `Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`);

  /** Path parameters of an operation, keyed by name, as raw path segments. */
  const pathParams = (op: OperationInfo, segment: (name: string, method: string) => fc.Arbitrary<string>) => {
    const model: Record<string, fc.Arbitrary<string>> = {};
    for (const p of op.parameters) if (p.in === "path") model[p.name] = segment(p.name, op.method);
    return fc.record(model);
  };

  const queryParams = (op: OperationInfo): fc.Arbitrary<[string, string][]> => {
    const list = op.parameters.filter((p) => p.in === "query");
    const parts = list.map((p) => {
      const value = (p.name === "webhookId" ? id("webhookId") : valueOf(p.schema)).map((v) => [p.name, String(v)] as [string, string]);
      return p.required ? value.map((v) => [v]) : fc.option(value, { nil: undefined }).map((v) => (v ? [v] : []));
    });
    const extra = fc.option(fc.constantFrom<[string, string]>(["unknown", "1"], ["sort", "desc"], ["page_size", "5"], ["q", "ü/?&="], ["__proto__", "1"], ["constructor", "x"], ["page[]", "2"], ["toString", "1"]), { nil: undefined });
    return fc.tuple(fc.tuple(...parts), extra).map(([ps, e]) => [...ps.flat(), ...(e ? [e] : [])]);
  };

  const queryValid = (op: OperationInfo, rawPath: string) => {
    const q = rawPath.includes("?") ? rawPath.slice(rawPath.indexOf("?") + 1) : "";
    const values = Object.assign(Object.create(null) as Record<string, unknown>, parseQuery(q));
    return validators.parameters(op.operationId, "query", values).valid;
  };

  /** Whether a request is valid for an operation it was not generated for (an id such as `eligible` or `logs`). */
  const validFor = (op: OperationInfo, req: RawRequest) => {
    if (!queryValid(op, req.path)) return false;
    if (!op.requestBody) return true;
    if (req.body === undefined || req.body.length === 0) return !op.requestBody.required;
    try {
      return validators.requestBody(op.operationId, JSON.parse(String(req.body)), "application/json").valid;
    } catch {
      return false;
    }
  };

  /** Classifies a finished request: where it lands decides first, then what was done to it. */
  const classify = (op: OperationInfo, req: RawRequest, label: string, intended: Expectation | "auto"): FuzzRequest => {
    const r = resolve(req.method, req.path);
    let expect: Expectation;
    if (r.kind === "not-found") expect = { kind: "invalid", status: 404 };
    else if (r.kind === "method-not-allowed") expect = { kind: "invalid", status: 405 };
    else if (r.kind === "undecodable") expect = { kind: "invalid", status: 400 };
    else if (r.op.requestBody && req.body !== undefined && req.body.length > BODY_LIMIT && !req.headers["content-encoding"]) expect = { kind: "invalid", status: 413 };
    else if (intended !== "auto" && r.op === op) expect = intended;
    else if (intended !== "auto" && intended.kind === "invalid" && intended.status === 401 && r.op.secured) expect = intended;
    else expect = validFor(r.op, req) ? { kind: "valid" } : { kind: "invalid", status: 400 };
    return { ...req, operationId: op.operationId, label, expect };
  };

  return { validators, world, document, operations, prefix, resolve, fresh, id, pathId, valueOf, jsonMedia, pathOf, authHeader, pathParams, queryParams, queryValid, validFor, classify };
}
