// Request generators derived from the spec: for every operation, valid requests (schema-generated bodies and
// parameters with edge values) and invalid ones (one defect each: a broken body, bad JSON, a wrong content type,
// a bad query value, bad credentials, an undecodable path id, a wrong method, a body over the limit).
// The spec's own validators classify every generated request, so "valid" and "invalid" are exact.
import { parse as parseQuery } from "node:querystring";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import type { OperationInfo } from "../spec/openapi.js";
import type { Validators } from "../spec/validators.js";
import { anyString, valueArbitrary, type Arb } from "./arbitraries.js";
import type { RawRequest } from "./client.js";
import { mutationArbitrary } from "./mutations.js";
import { API_BASE, routeTable, type Resolution } from "../mock/routing.js";
import type { World } from "./world.js";

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
  /** What was done to it, e.g. `invalid body: wrong-type at /userId`. */
  label: string;
  expect: Expectation;
}

export interface RuleBeyondSchema {
  /** Where the rule comes from and what it says. */
  rule: string;
  /** Whether this schema-valid request may break the rule (a 400 is then a fair answer). */
  mayBreak(input: { params: Record<string, string>; body: unknown }): boolean;
}

const field = (body: unknown, name: string): unknown => (typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined);
const nonEmptyList = (v: unknown) => Array.isArray(v) && v.length > 0;
const notHttpUrl = (v: unknown) => {
  if (typeof v !== "string") return false;
  try {
    return !/^https?:$/.test(new URL(v).protocol);
  } catch {
    return true;
  }
};

/**
 * The rules beyond the request schemas that the spec (or, where the spec is silent, the mock's documented design)
 * states. A schema-valid request gets 400 only when it may break one of these; anything else is a defect.
 */
export const RULES_BEYOND_SCHEMA: Record<string, RuleBeyondSchema> = {
  PostReport: { rule: "spec: every payload must concern one of the client's events, its targets and its resolution", mayBreak: () => true },
  UpdateLocation: { rule: "mock: body.locationId must equal the locationId of the path", mayBreak: ({ params, body }) => field(body, "locationId") !== params.locationId },
  PostUserEnrollment: { rule: "mock: only an eligible user can be enrolled", mayBreak: () => true },
  PostLPCLocationSimulation: { rule: "mock: named targets must be the client's own locations", mayBreak: ({ body }) => nonEmptyList(field(body, "locations")) },
  PostLPCResourceSimulation: { rule: "mock: named targets must be the client's own location-bound resources", mayBreak: ({ body }) => nonEmptyList(field(body, "resources")) },
  PostPriceCurveSimulation: { rule: "mock: named targets must be the client's own resources", mayBreak: ({ body }) => nonEmptyList(field(body, "targets")) },
  PostWebhook: { rule: "mock: webhookUrl must be an absolute http(s) URL", mayBreak: ({ body }) => notHttpUrl(field(body, "webhookUrl")) },
  UpdateWebhookById: { rule: "mock: webhookUrl must be an absolute http(s) URL", mayBreak: ({ body }) => notHttpUrl(field(body, "webhookUrl")) },
  PatchWebhookById: { rule: "mock: webhookUrl must be an absolute http(s) URL", mayBreak: ({ body }) => notHttpUrl(field(body, "webhookUrl")) },
};

/** The mock's default body limit (MockOptions.maxBodyBytes): the size check comes before any validation. */
const BODY_LIMIT = 1024 * 1024;

const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "Application/JSON"];
const WRONG_TYPES = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "text/json", "application/json; charset=latin1", "application/json; charset=utf-16le"];
const BAD_JSON = ["{", "{]", '{"a":}', "{'userId':'x'}", '{"userId":"x"', '{"userId":"x"}}', "[1,2", "NaN", "undefined", "\u0000", "{}garbage", '{"a":1,}', "/* c */{}", "\uFEFF{}"];
const ODD_IDS = ["..", ".", "%2F", "a%2Fb", "%2E%2E", "%2e", "%00", "%20", "+", "~", "*", "%F0%9F%98%80", "%C3%BC", "x".repeat(3000), "eligible", "batch", "logs", "locations"];
const UNDECODABLE_IDS = ["%", "%ZZ", "%E0%A4%A", "%C3", "%FF", "a%2", "%%"];
const BAD_QUERY_VALUES = ["0", "-1", "1.5", "abc", "", "2147483648", "1001", "NaN", "true", "1,2", "9".repeat(40), "0x10", "[]"];
const CONTROL_SEGMENT = "_mock";
const SAFE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The token with one character changed: the classic off-by-one copy-paste. */
export function flipOneChar(token: string, at: number): string {
  const i = at % Math.max(1, token.length);
  const c = token[i] ?? "A";
  return token.slice(0, i) + (c === "A" ? "B" : "A") + token.slice(i + 1);
}

/** No lone surrogates (encodeURIComponent throws on them; Node 20's lib types lack String#isWellFormed). */
const wellFormed = (s: string) => /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(s);
const encodeId = (id: string) => encodeURIComponent(id);
const serialiseQuery = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

export interface RequestGenerators {
  /** Any request, spread evenly over the operations. */
  any: fc.Arbitrary<FuzzRequest>;
  /** Requests for one operation. */
  forOperation(operationId: string): fc.Arbitrary<FuzzRequest>;
  resolve(method: string, rawPath: string): Resolution;
}

export interface GeneratorOptions {
  /** Only ids the world knows, never fresh or odd ones (for isolation: every request aims at existing objects). */
  knownIdsOnly?: boolean;
}

/** Builds the generators for every served operation of the spec, drawing ids from the world. */
export function requestGenerators(validators: Validators, world: World, options: GeneratorOptions = {}): RequestGenerators {
  const { spec } = validators;
  const document = spec.document;
  const { resolve } = routeTable();
  const ops = spec.operations.filter((op) => !op.webhook);

  const fresh = anyString().filter((s) => s.length > 0);
  const known = (name: string) =>
    fc.nat().map((i) => {
      const list = world.ids[name] ?? [];
      return list.length > 0 ? list[i % list.length]! : `no-${name}`;
    });
  /** An id: mostly one that exists, sometimes a fresh one (which may well be created by the request). */
  const id = (name: string) => (options.knownIdsOnly ? known(name) : fc.oneof({ weight: 4, arbitrary: known(name) }, { weight: 1, arbitrary: fresh }));
  const pathId = (name: string) =>
    options.knownIdsOnly
      ? known(name).map(encodeId)
      : fc.oneof(
          { weight: 6, arbitrary: known(name).map(encodeId) },
          { weight: 2, arbitrary: fresh.filter((s) => wellFormed(s)).map(encodeId) },
          { weight: 1, arbitrary: fc.constantFrom(...ODD_IDS) },
        );

  // Ids in bodies point at the world's objects; webhook URLs stay on a dead loopback port, never elsewhere.
  const property = (name: string): Arb | undefined => {
    if (name === "webhookUrl") return fc.webPath().map((p) => world.deadUrl + p);
    if (["userId", "locationId", "resourceId", "eventId", "meterPointId"].includes(name)) return id(name);
    return undefined;
  };
  const valueOf = (schema: unknown) => valueArbitrary(schema, { document, property });

  const jsonMedia = (op: OperationInfo) => op.requestBody?.content.find((m) => m.contentType === "application/json");

  const pathOf = (op: OperationInfo, params: Record<string, string>) =>
    (op.ownServer ? "" : API_BASE) + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? "");

  const authHeader = (token: string) => fc.constantFrom(`Bearer ${token}`, `Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`);

  /** Path parameters of an operation, keyed by name, as raw path segments. */
  const pathParams = (op: OperationInfo, segment: (name: string) => fc.Arbitrary<string>) => {
    const model: Record<string, fc.Arbitrary<string>> = {};
    for (const p of op.parameters) if (p.in === "path") model[p.name] = segment(p.name === "mpid" ? "mpid" : p.name);
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

  const tokenRequests = (op: OperationInfo): fc.Arbitrary<FuzzRequest> => {
    const form = "application/x-www-form-urlencoded";
    const creds = fc.oneof(
      { weight: 3, arbitrary: fc.constant({ id: world.client.id, secret: world.client.secret }) },
      { weight: 1, arbitrary: fc.record({ id: fresh, secret: fresh }) },
      { weight: 1, arbitrary: fc.record({ id: fc.constant(world.client.id), secret: fresh }) },
    );
    const valid = fc.tuple(creds, fc.boolean()).map(([c, basic]): FuzzRequest => {
      const headers: Record<string, string> = { "content-type": form };
      const fields: Record<string, string> = { grant_type: "client_credentials" };
      if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(c.id)}:${encodeURIComponent(c.secret)}`).toString("base64")}`;
      else Object.assign(fields, { client_id: c.id, client_secret: c.secret });
      return { method: "POST", path: op.path, headers, body: new URLSearchParams(fields).toString(), operationId: op.operationId, label: basic ? "token (Basic)" : "token (form)", expect: { kind: "valid" } };
    });
    const good = new URLSearchParams({ client_id: world.client.id, client_secret: world.client.secret }).toString();
    const invalid = fc.constantFrom<[string, string, string]>(
      ["missing grant_type", form, good],
      ["unsupported grant_type", form, `grant_type=password&${good}`],
      ["repeated grant_type", form, `grant_type=client_credentials&grant_type=client_credentials&${good}`],
      ["JSON instead of a form", "application/json", JSON.stringify({ grant_type: "client_credentials", client_id: world.client.id, client_secret: world.client.secret })],
      ["no content type", "", `grant_type=client_credentials&${good}`],
      ["garbage body", form, "%%%&&&==="],
    ).map(([label, ct, body]): FuzzRequest => ({
      method: "POST",
      path: op.path,
      headers: ct ? { "content-type": ct } : {},
      body,
      operationId: op.operationId,
      label: `token: ${label}`,
      expect: { kind: "invalid", status: 400 },
    }));
    return fc.oneof(valid, invalid);
  };

  const forOp = (op: OperationInfo): fc.Arbitrary<FuzzRequest> => {
    if (op.operationId === "RequestToken") return tokenRequests(op);
    const media = jsonMedia(op);
    const schema = media?.schemaPointer ? { $ref: `#${media.schemaPointer}` } : undefined;
    const bodyValue: fc.Arbitrary<unknown> = schema ? valueOf(schema) : fc.constant(undefined);
    const base = fc.record({
      params: pathParams(op, pathId),
      query: queryParams(op),
      auth: authHeader(world.token),
      body: bodyValue,
      contentType: fc.constantFrom(...JSON_TYPES),
      upper: fc.nat(19),
    });
    const build = (b: { params: Record<string, string>; query: [string, string][]; auth: string; contentType: string; upper: number }, body: string | undefined, extraHeaders: Record<string, string> = {}): RawRequest => {
      let path = pathOf(op, b.params);
      // Now and then the static segments arrive in capitals: the mock routes case-insensitively, like the service.
      if (b.upper === 0) path = path.replace(/\/([a-z]+)(?=\/|$)/g, (_, s: string) => `/${s.toUpperCase()}`);
      // And now and then in the absolute form that proxies send (RFC 9112 §3.2.2); the authority is only text here.
      if (b.upper === 1) path = `http://mock.invalid${path}`;
      const q = serialiseQuery(b.query);
      const headers: Record<string, string> = { authorization: b.auth, ...extraHeaders };
      if (body !== undefined) headers["content-type"] = b.contentType;
      return { method: op.method.toUpperCase(), path: q ? `${path}?${q}` : path, headers, body };
    };
    const text = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
    const bodyValid = (v: unknown) => v === undefined || validators.requestBody(op.operationId, v, "application/json").valid;

    const valid = base.filter((b) => bodyValid(b.body)).map((b) => classify(op, build(b, text(b.body)), "valid", { kind: "valid" }));
    const variants: fc.WeightedArbitrary<FuzzRequest>[] = [{ weight: 6, arbitrary: valid }];

    if (schema) {
      const mutated = base
        .filter((b) => bodyValid(b.body))
        .chain((b) => mutationArbitrary(document, schema, b.body).map((m) => ({ b, m })))
        .map(({ b, m }) => {
          if (!m) return classify(op, build(b, text(b.body)), "valid", { kind: "valid" });
          const body = m.apply(b.body);
          const stillValid = validators.requestBody(op.operationId, body, "application/json").valid;
          return classify(op, build(b, JSON.stringify(body)), `${stillValid ? "valid after" : "invalid body:"} ${m.kind} at ${m.pointer}`, stillValid ? { kind: "valid" } : { kind: "invalid", status: 400 });
        });
      const badJson = fc.tuple(base, fc.constantFrom(...BAD_JSON)).map(([b, raw]) => classify(op, build({ ...b, contentType: "application/json" }, raw), `bad JSON ${JSON.stringify(raw)}`, { kind: "invalid", status: 400 }));
      const truncated = fc.tuple(base.filter((b) => bodyValid(b.body)), fc.nat()).map(([b, n]) => {
        const full = text(b.body) ?? "{}";
        const cut = full.slice(0, n % full.length);
        return classify(op, build({ ...b, contentType: "application/json" }, cut), `truncated JSON (${cut.length} of ${full.length} characters)`, { kind: "invalid", status: 400 });
      });
      const wrongType = fc.tuple(base.filter((b) => bodyValid(b.body)), fc.constantFrom(...WRONG_TYPES, "")).map(([b, ct]) => {
        const req = build(b, text(b.body) ?? "{}");
        if (ct === "") delete req.headers["content-type"];
        else req.headers["content-type"] = ct;
        return classify(op, req, `content type ${ct || "(none)"}`, { kind: "invalid", status: 415 });
      });
      const deep = base.map((b) => {
        const raw = `{"x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
        return classify(op, build({ ...b, contentType: "application/json" }, raw), "deeply nested JSON (20000 levels)", { kind: "invalid", status: 400 });
      });
      const tooLarge = base.map((b) => {
        const raw = JSON.stringify({ padding: "x".repeat(1024 * 1024 + 16) });
        return classify(op, build({ ...b, contentType: "application/json" }, raw), "body over 1 MiB", { kind: "invalid", status: 413 });
      });
      variants.push({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: badJson }, { weight: 1, arbitrary: truncated }, { weight: 2, arbitrary: wrongType });
      const manyFields = base.map((b) => {
        const extra = Array.from({ length: 30_000 }, (_, i) => `"unexpected${i}":0`).join(",");
        return classify(op, build({ ...b, contentType: "application/json" }, `{${extra}}`), "30000 unknown fields", { kind: "invalid", status: 400 });
      });
      const hugeName = base.map((b) => classify(op, build({ ...b, contentType: "application/json" }, `{"${"k".repeat(900_000)}":1}`), "a 900 KB field name", { kind: "invalid", status: 400 }));
      const encoded = fc.tuple(base.filter((b) => bodyValid(b.body)), fc.constantFrom("gzip bomb", "not gzip", "unknown encoding", "invalid UTF-8")).map(([b, how]) => {
        const json = Buffer.from(text(b.body) ?? "{}");
        const body = how === "gzip bomb" ? gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)) : how === "invalid UTF-8" ? Buffer.concat([json.subarray(0, 1), Buffer.from([0xff, 0xc3]), json.subarray(1)]) : json;
        const encoding = how === "unknown encoding" ? "x-unknown" : how === "invalid UTF-8" ? "identity" : "gzip";
        const req = build({ ...b, contentType: "application/json" }, undefined, { "content-encoding": encoding, "content-type": "application/json" });
        const status = how === "gzip bomb" ? 413 : how === "unknown encoding" ? 415 : 400;
        return classify(op, { ...req, body }, how === "invalid UTF-8" ? "invalid UTF-8 bytes" : `content-encoding: ${how}`, { kind: "invalid", status });
      });
      // Valid, but every id in the body is 200 KB long: answers that quote an id must not balloon.
      const longIds = base.filter((b) => bodyValid(b.body)).map((b) => {
        const long = JSON.stringify(b.body ?? {}, (k, v: unknown) => (/Id$/.test(k) && typeof v === "string" ? v + "x".repeat(200_000) : v));
        return classify(op, build(b, long), "valid with 200 KB ids", validFor(op, { method: op.method, path: "", headers: {}, body: long }) ? { kind: "valid" } : { kind: "invalid", status: 400 });
      });
      const hostile = [deep, tooLarge, manyFields, hugeName, encoded, longIds].map((arbitrary) => ({ weight: 1, arbitrary }));
      variants.push({ weight: 1, arbitrary: fc.oneof(...hostile) });
      if (op.requestBody?.required) {
        variants.push({ weight: 1, arbitrary: base.map((b) => classify(op, build(b, ""), "empty body", { kind: "invalid", status: 400 })) });
      }
    }

    if (op.parameters.some((p) => p.in === "query")) {
      const names = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
      const badQuery = fc.tuple(base, fc.constantFrom(...names), fc.constantFrom(...BAD_QUERY_VALUES), fc.boolean()).map(([b, name, value, repeat]) => {
        const query: [string, string][] = [...b.query.filter(([k]) => k !== name), [name, value]];
        if (repeat) query.push([name, "1"]);
        const req = build({ ...b, query }, text(b.body));
        const ok = queryValid(op, req.path);
        return classify(op, req, `query ${name}=${value}${repeat ? ` and ${name}=1` : ""}`, ok ? { kind: "valid" } : { kind: "invalid", status: 400 });
      });
      variants.push({ weight: 3, arbitrary: badQuery });
    }

    if (op.secured) {
      const t = world.token;
      const badAuth = fc.tuple(base.filter((b) => bodyValid(b.body)), fc.nat(), fc.constantFrom("none", "empty", "scheme only", "scheme and space", "Basic", "no scheme", "one character changed", "one character more", "one character less", "other scheme", "unknown token", "two tokens")).map(([b, n, how]) => {
        const values: Record<string, string | undefined> = {
          none: undefined,
          empty: "",
          "scheme only": "Bearer",
          "scheme and space": "Bearer ",
          Basic: `Basic ${Buffer.from(`${world.client.id}:${world.client.secret}`).toString("base64")}`,
          "no scheme": t,
          "one character changed": `Bearer ${flipOneChar(t, n)}`,
          "one character more": `Bearer ${t}A`,
          "one character less": `Bearer ${t.slice(0, -1)}`,
          "other scheme": `Token ${t}`,
          "unknown token": `Bearer ${"A".repeat(43)}`,
          "two tokens": `Bearer ${t}, Bearer ${t}`,
        };
        const req = build(b, text(b.body));
        const value = values[how];
        if (value === undefined) delete req.headers.authorization;
        else req.headers.authorization = value;
        return classify(op, req, `authorization: ${how}`, { kind: "invalid", status: 401 });
      });
      variants.push({ weight: 2, arbitrary: badAuth });
    }

    if (op.parameters.some((p) => p.in === "path")) {
      const undecodable = fc.tuple(base.filter((b) => bodyValid(b.body)), fc.constantFrom(...UNDECODABLE_IDS)).map(([b, bad]) => {
        const name = op.parameters.find((p) => p.in === "path")!.name;
        return classify(op, build({ ...b, params: { ...b.params, [name]: bad } }, text(b.body)), `undecodable path id ${bad}`, { kind: "invalid", status: 400 });
      });
      variants.push({ weight: 1, arbitrary: undecodable });
    }

    const wrongMethod = fc.tuple(base, fc.constantFrom(...SAFE_METHODS)).map(([b, method]) => {
      const req = { ...build(b, undefined), method };
      return classify(op, req, `method ${method}`, "auto");
    });
    variants.push({ weight: 1, arbitrary: wrongMethod });
    return fc.oneof(...variants);
  };

  const unknownRoute = fc
    .tuple(fc.array(fc.oneof(fc.constantFrom("users", "locations", "webhooks", "events", "nope", "v2", ""), fresh.filter((s) => wellFormed(s)).map(encodeId)), { minLength: 1, maxLength: 4 }), fc.constantFrom(...SAFE_METHODS), fc.boolean())
    // The control API (/_mock) is the mock's own, outside the spec the fuzzer checks answers against.
    .filter(([segments, , underBase]) => underBase || segments[0]?.toLowerCase() !== CONTROL_SEGMENT)
    .map(([segments, method, underBase]): FuzzRequest => {
      const path = `${underBase ? API_BASE : ""}/${segments.join("/")}`;
      const r = resolve(method, path);
      const req: RawRequest = { method, path, headers: { authorization: `Bearer ${world.token}` } };
      if (r.kind === "operation") return classify(r.op, req, "random route", "auto");
      const status = r.kind === "not-found" ? 404 : r.kind === "method-not-allowed" ? 405 : 400;
      return { ...req, operationId: r.kind === "undecodable" ? r.op.operationId : "(none)", label: "random route", expect: { kind: "invalid", status } };
    });

  const byId = new Map(ops.map((op) => [op.operationId, forOp(op)]));
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
