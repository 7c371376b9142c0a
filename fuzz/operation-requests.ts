// Requests for one operation: valid ones (schema-generated bodies and parameters with edge values), and invalid
// ones, each with one defect: in the body (mutated, bad or truncated JSON, a wrong content type, hostile sizes and
// encodings) or around it (a bad query value, bad credentials, an undecodable path id, a wrong method).
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import type { OperationInfo } from "../spec/openapi.js";
import type { RawRequest } from "./client.js";
import { resolveSchema } from "./arbitraries.js";
import { mutationArbitrary } from "./mutations.js";
import { BAD_JSON, BAD_QUERY_VALUES, BODY_LIMIT, flipOneChar, JSON_TYPES, SAFE_METHODS, serialiseQuery, UNDECODABLE_IDS, WRONG_TYPES, type RequestKit } from "./request-kit.js";
import type { FuzzRequest, GeneratorOptions } from "./request-types.js";
import { tokenRequests } from "./token-requests.js";

/** What a request of the operation is built from, before anything is done to it. */
interface Draft {
  params: Record<string, string>;
  query: [string, string][];
  auth: string;
  body: unknown;
  contentType: string;
}

/** One operation's draft requests and how to turn them into raw requests. */
interface Parts {
  op: OperationInfo;
  base: fc.Arbitrary<Draft>;
  build(b: Omit<Draft, "body">, body: string | undefined, extraHeaders?: Record<string, string>): RawRequest;
  text(v: unknown): string | undefined;
  bodyValid(v: unknown): boolean;
}

export function operationRequests(kit: RequestKit, op: OperationInfo, options: GeneratorOptions = {}): fc.Arbitrary<FuzzRequest> {
  if (op === kit.operations.token) return tokenRequests(kit, op, options);
  const { validators, world, valueOf, jsonMedia, pathOf, authHeader, pathParams, queryParams, pathId, classify } = kit;
  const media = jsonMedia(op);
  const schema = media?.schemaPointer ? { $ref: `#${media.schemaPointer}` } : undefined;
  const bodyValue: fc.Arbitrary<unknown> = schema ? valueOf(schema, op.method === "post") : fc.constant(undefined);
  const base = fc.record({
    params: pathParams(op, pathId),
    query: queryParams(op),
    auth: authHeader(world.token),
    body: bodyValue,
    contentType: fc.constantFrom(...JSON_TYPES),
  });
  const build = (b: { params: Record<string, string>; query: [string, string][]; auth: string; contentType: string }, body: string | undefined, extraHeaders: Record<string, string> = {}): RawRequest => {
    const path = pathOf(op, b.params);
    const q = serialiseQuery(b.query);
    const headers: Record<string, string> = { authorization: b.auth, ...extraHeaders };
    if (body !== undefined) headers["content-type"] = b.contentType;
    return { method: op.method.toUpperCase(), path: q ? `${path}?${q}` : path, headers, body };
  };
  const text = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
  const bodyValid = (v: unknown) => v === undefined || validators.requestBody(op.operationId, v, "application/json").valid;

  const valid = base.filter((b) => bodyValid(b.body)).map((b) => classify(op, build(b, text(b.body)), "valid", { kind: "valid" }));
  const parts: Parts = { op, base, build, text, bodyValid };
  return fc.oneof({ weight: 6, arbitrary: valid }, ...(schema ? bodyVariants(kit, parts, schema, options.hostile ?? false) : []), ...envelopeVariants(kit, parts, options));
}

/** Invalid bodies, one defect each, and valid ones the schema allows but a careless server might not. */
function bodyVariants({ validators, document, validFor, classify }: RequestKit, { op, base, build, text, bodyValid }: Parts, schema: { $ref: string }, hostile: boolean): fc.WeightedArbitrary<FuzzRequest>[] {
  const out: fc.WeightedArbitrary<FuzzRequest>[] = [];

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
  out.push({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: badJson }, { weight: 1, arbitrary: truncated }, { weight: 2, arbitrary: wrongType });
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
  // Over the limit always; the expensive ones (megabytes to build, parse or inflate) only against the mock.
  const heavy = hostile ? [deep, tooLarge, manyFields, hugeName, encoded, longIds] : [tooLarge];
  out.push({ weight: 1, arbitrary: fc.oneof(...heavy.map((arbitrary) => ({ weight: 1, arbitrary }))) });
  if (op.requestBody?.required) {
    out.push({ weight: 1, arbitrary: base.map((b) => classify(op, build(b, ""), "empty body", { kind: "invalid", status: 400 })) });
  }
  return out;
}

/** Defects around the body: the query, the credentials, the path and the method. */
function envelopeVariants({ world, queryValid, classify, document }: RequestKit, { op, base, build, text, bodyValid }: Parts, options: GeneratorOptions): fc.WeightedArbitrary<FuzzRequest>[] {
  const out: fc.WeightedArbitrary<FuzzRequest>[] = [];
  if (op.parameters.some((p) => p.in === "query")) {
    const names = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
    // Just outside the schema's bounds most often (pageSize 0 and 1001), else the generic bad values.
    const badValue = (name: string) => {
      const schema = resolveSchema(document, op.parameters.find((p) => p.name === name)?.schema);
      const edges = [typeof schema.minimum === "number" ? String(schema.minimum - 1) : undefined, typeof schema.maximum === "number" ? String(schema.maximum + 1) : undefined, Array.isArray(schema.enum) ? "NotAValue" : undefined].filter((v): v is string => v !== undefined);
      return edges.length === 0 ? fc.constantFrom(...BAD_QUERY_VALUES) : fc.oneof(fc.constantFrom(...edges), fc.constantFrom(...BAD_QUERY_VALUES));
    };
    const badQuery = fc.tuple(base, fc.constantFrom(...names), fc.boolean()).chain(([b, name, repeat]) => badValue(name).map((value) => [b, name, value, repeat] as const)).map(([b, name, value, repeat]) => {
      const query: [string, string][] = [...b.query.filter(([k]) => k !== name), [name, value]];
      if (repeat) query.push([name, "1"]);
      const req = build({ ...b, query }, text(b.body));
      const ok = queryValid(op, req.path);
      return classify(op, req, `query ${name}=${value}${repeat ? ` and ${name}=1` : ""}`, ok ? { kind: "valid" } : { kind: "invalid", status: 400 });
    });
    out.push({ weight: 4, arbitrary: badQuery });
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
    out.push({ weight: 2, arbitrary: badAuth });
  }

  if (op.parameters.some((p) => p.in === "path")) {
    const undecodable = fc.tuple(base.filter((b) => bodyValid(b.body)), fc.constantFrom(...UNDECODABLE_IDS)).map(([b, bad]) => {
      const name = op.parameters.find((p) => p.in === "path")!.name;
      return classify(op, build({ ...b, params: { ...b.params, [name]: bad } }, text(b.body)), `undecodable path id ${bad}`, { kind: "invalid", status: 400 });
    });
    out.push({ weight: 1, arbitrary: undecodable });
  }

  const methods = options.methods?.map((m) => m.toUpperCase()) ?? SAFE_METHODS;
  const wrongMethod = fc.tuple(base, fc.constantFrom(...methods)).map(([b, method]) => {
    const req = { ...build(b, undefined), method };
    return classify(op, req, `method ${method}`, "auto");
  });
  out.push({ weight: 1, arbitrary: wrongMethod });
  return out;
}
