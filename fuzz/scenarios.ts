// Stateful sequences that follow the API's own links, as a partner's integration does: register a user, then its
// location, a resource there, a vehicle, the enrolment and a webhook; read each back; change them with generated
// values and read again; delete them and see them gone. Ids are the run's prefix plus generated text with the
// characters servers trip over (`+`, spaces, dots, `%`, unicode), so operations deep in the tree are reached with ids
// that exist. Operations are found by method and path, so another document's operationIds do not matter.
import fc from "fast-check";
import type { OperationInfo } from "../spec/openapi.js";
import type { ApiOperations } from "../spec/operations.js";
import type { Validators } from "../spec/validators.js";
import { anyString, codePoints, resolveSchema, stringLimits, valueArbitrary } from "./arbitraries.js";
import type { RawRequest, RawResponse } from "./client.js";
import { routeKey } from "./ledger.js";
import { mutationsOf } from "./mutations.js";
import type { CheckName } from "./properties.js";
import { wellFormed } from "./request-kit.js";
import type { FuzzRequest } from "./request-types.js";

/** Generated parts of one sequence; the run adds its prefix and a counter to the ids when it plays it. */
export interface Scenario {
  /** The generated part of the user's, location's, resource's and vehicle's ids. */
  suffixes: [string, string, string, string];
  location: Record<string, unknown>;
  resource: Record<string, unknown>;
  vehicle: Record<string, unknown>;
  webhook: Record<string, unknown>;
  put: Record<string, unknown>;
  patch: Record<string, unknown>;
  webhookPatch: Record<string, unknown>;
  /** Which defect each create gets in an invalid twin sent just before it (its parents exist by then). */
  breaks: [number, number][];
}

/**
 * Pieces of id text that break careless servers; an id joins one to three (any string the schema allows is an id). The
 * long piece makes ids at the schema's length limit: the play cuts every id to fit, its run prefix included.
 */
export const ODD_ID_TEXT = ["+", " ", ".", "..", "%", "%2F", "%20", "ü", "Ω", "😀", "~", "'", ":", "@", ";", ",", "/", "x".repeat(300)];

export interface ScenarioFailure {
  check: CheckName;
  message: string;
  /** The step that failed, e.g. `read the location back`. */
  step: string;
  request: FuzzRequest;
  response: RawResponse;
  /** The steps before it, as `POST /…/users → 201`. */
  before: string[];
}

export interface ScenarioContext {
  operations: ApiOperations;
  validators: Validators;
  /** Sends one step (the run checks it by the spec, books what it creates) and returns the answer. */
  send(req: FuzzRequest): Promise<{ res: RawResponse; problems: { check: CheckName; message: string }[] }>;
  /** A fresh id stem for each play: `fuzz-k3x9-s12-`. */
  stem(): string;
  token: string;
  webhookUrl: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The scenario generator, from the spec's request schemas. */
export function scenarioArbitrary(operations: ApiOperations): fc.Arbitrary<Scenario> {
  const document = operations.spec.document;
  // Deprecated fields are left out: an older spelling may merge into the current one, so it would not read back.
  const bodyOf = (route: string): fc.Arbitrary<Record<string, unknown>> => {
    const op = operations.served.find((o) => routeKey(o) === route);
    const pointer = op ? operations.jsonBody(op) : undefined;
    if (!op || !pointer) return fc.constant({});
    return valueArbitrary({ $ref: `#${pointer}` }, { document, maxItems: 50 }).map((v) => (isObject(v) ? current(operations, op, v) : {}));
  };
  // `+`, spaces, dots and `%` (the classic decoding slips) come up three times as often as the other pieces.
  const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("+", " ", ".", "%") }, { weight: 2, arbitrary: fc.constantFrom(...ODD_ID_TEXT) });
  const odd = fc.array(piece, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("a"));
  const suffix = fc.oneof({ weight: 3, arbitrary: odd }, { weight: 1, arbitrary: anyString().filter((s) => s.length > 0 && wellFormed(s)) });
  return fc.record({
    suffixes: fc.tuple(suffix, suffix, suffix, suffix),
    location: bodyOf("POST /users/{}/locations"),
    resource: bodyOf("POST /users/{}/locations/{}/resources"),
    vehicle: bodyOf("POST /users/{}/vehicles"),
    webhook: bodyOf("POST /webhooks"),
    put: bodyOf("PUT /users/{}/locations/{}"),
    patch: bodyOf("PATCH /users/{}/locations/{}"),
    webhookPatch: bodyOf("PATCH /webhooks/{}"),
    breaks: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 6, maxLength: 6 }),
  });
}

/** Whether a value read back shows what was written (fields the answer has; dates compared as instants). */
export function mismatches(written: unknown, read: unknown, at = "body"): string[] {
  if (written === null || written === undefined) return [];
  if (Array.isArray(written)) {
    const wrote = `${at}: wrote ${JSON.stringify(written).slice(0, 120)}, read ${JSON.stringify(read)?.slice(0, 120)}`;
    if (!Array.isArray(read)) return [wrote];
    // A list of plain values reads back as the same set (a server may drop duplicates or sort).
    if (written.every((w) => typeof w !== "object" || w === null)) {
      const a = new Set(written);
      const b = new Set(read);
      return a.size === b.size && [...a].every((x) => b.has(x)) ? [] : [wrote];
    }
    if (read.length !== written.length) return [wrote];
    return written.flatMap((w, i) => mismatches(w, read[i], `${at}[${i}]`));
  }
  if (isObject(written)) {
    if (!isObject(read)) return [`${at}: wrote an object, read ${JSON.stringify(read)?.slice(0, 120)}`];
    return Object.entries(written).flatMap(([k, v]) => (k in read ? mismatches(v, read[k], `${at}.${k}`) : []));
  }
  if (written === read) return [];
  if (typeof written === "string" && typeof read === "string" && /^\d{4}-\d\d-\d\dT/.test(written) && Date.parse(written) === Date.parse(read)) return [];
  return [`${at}: wrote ${JSON.stringify(written).slice(0, 120)}, read ${JSON.stringify(read)?.slice(0, 120)}`];
}

/** Drops the fields the request schema marks deprecated (an older spelling the answer may mirror differently). */
function current(operations: ApiOperations, op: OperationInfo, body: Record<string, unknown>): Record<string, unknown> {
  const pointer = operations.jsonBody(op);
  const schema = pointer ? resolveSchema(operations.spec.document, { $ref: `#${pointer}` }) : {};
  const properties = isObject(schema.properties) ? schema.properties : {};
  return Object.fromEntries(Object.entries(body).filter(([k]) => !(isObject(properties[k]) && resolveSchema(operations.spec.document, properties[k]).deprecated === true)));
}

/**
 * An id of the run (its stem, then the generated suffix) cut to the `maxLength` the create's body schema gives the
 * property, counted in code points as the validators count: a suffix made long on purpose ends at the limit exactly.
 */
export function idWithin(operations: ApiOperations, route: string, property: string, stem: string, suffix: string): string {
  const op = operations.served.find((o) => routeKey(o) === route);
  const pointer = op ? operations.jsonBody(op) : undefined;
  const document = operations.spec.document;
  const body = pointer ? resolveSchema(document, { $ref: `#${pointer}` }) : {};
  const sub = isObject(body.properties) ? body.properties[property] : undefined;
  const { maxLength } = sub === undefined ? {} : stringLimits(resolveSchema(document, sub));
  if (maxLength === undefined || codePoints(stem) + codePoints(suffix) <= maxLength) return stem + suffix;
  return stem + [...suffix].slice(0, Math.max(0, maxLength - codePoints(stem))).join("");
}

const parse = (res: RawResponse): unknown => {
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    return undefined;
  }
};

/** Plays one scenario; resolves with its first failure, or undefined when every step held. */
export async function playScenario(s: Scenario, ctx: ScenarioContext): Promise<ScenarioFailure | undefined> {
  const { operations } = ctx;
  const byRoute = new Map(operations.served.map((op) => [routeKey(op), op]));
  const stem = ctx.stem();
  const [us, ls, rs, vs] = s.suffixes;
  const userId = idWithin(operations, "POST /users", "userId", `${stem}u`, us);
  const locationId = idWithin(operations, "POST /users/{}/locations", "locationId", `${stem}l`, ls);
  const resourceId = idWithin(operations, "POST /users/{}/locations/{}/resources", "resourceId", `${stem}r`, rs);
  const vehicleId = idWithin(operations, "POST /users/{}/vehicles", "resourceId", `${stem}v`, vs);
  const before: string[] = [];
  const ids: Record<string, string> = { userId, locationId, resourceId: "", webhookId: "" };

  interface Step {
    name: string;
    route: string;
    params: Record<string, string>;
    body?: Record<string, unknown>;
    /** 2xx, or 404 after a delete; `maybe`: a documented refusal (400) is fair, e.g. an ineligible user's enrolment. */
    want: "success" | "gone" | "maybe";
    /** Send an invalid twin first (the body broken by this pick of a mutation), which must be refused. */
    breakWith?: [number, number];
    /** What the answer must show (a read-back), or undefined. */
    expectRead?: { written: Record<string, unknown>; op: string } | { contains: string; key: string };
  }

  const step = async (st: Step): Promise<ScenarioFailure | "skipped" | "limited" | RawResponse> => {
    const op = byRoute.get(st.route);
    if (!op) return "skipped";
    const params = Object.fromEntries(Object.entries(st.params).map(([k, v]) => [k, encodeURIComponent(v)]));
    const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const positional = Object.fromEntries(names.map((n, i) => [n, Object.values(params)[i] ?? ""]));
    const headers: Record<string, string> = { authorization: `Bearer ${ctx.token}` };
    const raw: RawRequest = { method: op.method.toUpperCase(), path: operations.pathOf(op, positional), headers };
    if (st.body !== undefined) {
      headers["content-type"] = "application/json";
      raw.body = JSON.stringify(st.body);
    }
    const pointer = operations.jsonBody(op);
    if (st.breakWith && st.body !== undefined && pointer) {
      const list = mutationsOf(operations.spec.document, { $ref: `#${pointer}` }, st.body);
      const kinds = [...new Set(list.map((m) => m.kind))];
      const kind = kinds[st.breakWith[0] % Math.max(1, kinds.length)];
      const ofKind = list.filter((m) => m.kind === kind);
      const m = ofKind[st.breakWith[1] % Math.max(1, ofKind.length)];
      const broken = m?.apply(st.body);
      if (m && !ctx.validators.requestBody(op.operationId, broken).valid) {
        const twin: FuzzRequest = { ...raw, headers: { ...headers }, body: JSON.stringify(broken), operationId: op.operationId, label: `sequence: ${st.name}, invalid body: ${m.kind} at ${m.pointer}`, expect: { kind: "invalid", status: 400 } };
        const sent = await ctx.send(twin);
        before.push(`${twin.method} ${twin.path} (${m.kind} at ${m.pointer}) → ${sent.res.status}`);
        const wrong = sent.problems.find((p) => p.check !== "mock-rules") ?? sent.problems[0];
        if (wrong) return { check: wrong.check, message: wrong.message, step: `${st.name} (invalid twin)`, request: twin, response: sent.res, before: before.slice(0, -1) };
      }
    }
    const req: FuzzRequest = { ...raw, operationId: op.operationId, label: `sequence: ${st.name}`, expect: { kind: "valid" } };
    const { res, problems } = await ctx.send(req);
    const fail = (check: CheckName, message: string): ScenarioFailure => ({ check, message, step: st.name, request: req, response: res, before: [...before] });
    before.push(`${req.method} ${req.path} → ${res.status}`);
    const first = problems.find((p) => p.check !== "mock-rules") ?? problems[0];
    if (first) return fail(first.check, first.message);
    const ok = res.status >= 200 && res.status < 300;
    if (st.want === "gone") return res.status === 404 ? res : fail("read-back", `answered ${res.status} after the delete (expected 404)`);
    // A refusal the spec declares for the client's quota (the deployment's allowance, e.g. how many webhooks it keeps)
    // is no defect: the sequence ends there, and what it made is deleted with the rest of the run.
    if (!ok && declaresQuota(op, res.status)) return "limited";
    if (!ok && !(st.want === "maybe" && res.status === 400)) return fail("existing-data", `answered ${res.status} to a valid request on data that exists`);
    if (ok && st.expectRead) {
      const body = parse(res);
      if ("written" in st.expectRead) {
        const diff = mismatches(st.expectRead.written, body);
        if (diff.length > 0) return fail("read-back", `${st.name}: ${diff.slice(0, 3).join("; ")}`);
      } else {
        const { contains, key } = st.expectRead;
        const lists = Array.isArray(body) ? [body] : isObject(body) ? Object.values(body).filter(Array.isArray) : [];
        if (!lists.some((l) => l.some((x) => isObject(x) && x[key] === contains))) return fail("read-back", `${st.name}: ${key} ${JSON.stringify(contains)} is not in the list`);
      }
    }
    return res;
  };

  const location = { ...s.location, locationId };
  const resource = { ...s.resource, resourceId };
  const vehicle = { ...s.vehicle, resourceId: vehicleId };
  const webhook = { ...s.webhook, webhookUrl: ctx.webhookUrl };
  const put = { ...s.put, locationId };
  const webhookPatch = { ...s.webhookPatch, ...(typeof s.webhookPatch.webhookUrl === "string" ? { webhookUrl: ctx.webhookUrl } : {}) };
  const u = { userId };
  const ul = { userId, locationId };

  const plan: (Step | (() => Step | undefined))[] = [
    { name: "register the user", route: "POST /users", params: {}, body: { userId }, want: "success", breakWith: s.breaks[0]! },
    { name: "read the user back", route: "GET /users/{}", params: u, want: "success", expectRead: { written: { userId }, op: "POST /users" } },
    { name: "register a location", route: "POST /users/{}/locations", params: u, body: location, want: "success", breakWith: s.breaks[1]! },
    { name: "read the location back", route: "GET /users/{}/locations/{}", params: ul, want: "success", expectRead: { written: location, op: "POST /users/{}/locations" } },
    { name: "list the user's locations", route: "GET /users/{}/locations", params: u, want: "success", expectRead: { contains: locationId, key: "locationId" } },
    { name: "register a resource at the location", route: "POST /users/{}/locations/{}/resources", params: ul, body: resource, want: "success", breakWith: s.breaks[2]! },
    { name: "read the resource back", route: "GET /resources/{}", params: { resourceId }, want: "success", expectRead: { written: resource, op: "POST /users/{}/locations/{}/resources" } },
    { name: "register a vehicle", route: "POST /users/{}/vehicles", params: u, body: vehicle, want: "success", breakWith: s.breaks[3]! },
    { name: "read the vehicle back", route: "GET /resources/{}", params: { resourceId: vehicleId }, want: "success", expectRead: { written: vehicle, op: "POST /users/{}/vehicles" } },
    { name: "list the user's resources", route: "GET /users/{}/resources", params: u, want: "success", expectRead: { contains: vehicleId, key: "resourceId" } },
    { name: "enrol the user", route: "POST /users/{}/enrollment", params: u, want: "maybe" },
    { name: "read the enrolment", route: "GET /users/{}/enrollment", params: u, want: "success" },
    { name: "register a webhook", route: "POST /webhooks", params: {}, body: webhook, want: "success", breakWith: s.breaks[4]! },
    () => (ids.webhookId ? { name: "read the webhook back", route: "GET /webhooks/{}", params: { webhookId: ids.webhookId }, want: "success", expectRead: { written: webhook, op: "POST /webhooks" } } : undefined),
    { name: "replace the location", route: "PUT /users/{}/locations/{}", params: ul, body: put, want: "success", breakWith: s.breaks[5]! },
    { name: "read the replaced location", route: "GET /users/{}/locations/{}", params: ul, want: "success", expectRead: { written: put, op: "PUT /users/{}/locations/{}" } },
    { name: "change the location", route: "PATCH /users/{}/locations/{}", params: ul, body: s.patch, want: "success" },
    { name: "read the changed location", route: "GET /users/{}/locations/{}", params: ul, want: "success", expectRead: { written: s.patch, op: "PATCH /users/{}/locations/{}" } },
    () => (ids.webhookId ? { name: "change the webhook", route: "PATCH /webhooks/{}", params: { webhookId: ids.webhookId }, body: webhookPatch, want: "success" } : undefined),
    () => (ids.webhookId ? { name: "read the changed webhook", route: "GET /webhooks/{}", params: { webhookId: ids.webhookId }, want: "success", expectRead: { written: webhookPatch, op: "PATCH /webhooks/{}" } } : undefined),
    { name: "delete the resource", route: "DELETE /resources/{}", params: { resourceId }, want: "success" },
    { name: "see the resource gone", route: "GET /resources/{}", params: { resourceId }, want: "gone" },
    { name: "delete the location", route: "DELETE /users/{}/locations/{}", params: ul, want: "success" },
    { name: "see the location gone", route: "GET /users/{}/locations/{}", params: ul, want: "gone" },
    () => (ids.webhookId ? { name: "delete the webhook", route: "DELETE /webhooks/{}", params: { webhookId: ids.webhookId }, want: "success" } : undefined),
    () => (ids.webhookId ? { name: "see the webhook gone", route: "GET /webhooks/{}", params: { webhookId: ids.webhookId }, want: "gone" } : undefined),
    { name: "delete the user", route: "DELETE /users/{}", params: u, want: "success" },
    { name: "see the user gone", route: "GET /users/{}", params: u, want: "gone" },
  ];

  let enrolled = true;
  for (const item of plan) {
    const st = typeof item === "function" ? item() : item;
    if (!st) continue;
    if (st.route === "GET /users/{}/enrollment" && !enrolled) continue;
    const out = await step(st);
    if (out === "skipped") continue;
    if (out === "limited") return undefined;
    if ("check" in out) return out;
    if (st.route === "POST /users/{}/enrollment") enrolled = out.status < 300;
    if (st.route === "POST /webhooks") {
      const body = parse(out);
      ids.webhookId = isObject(body) && typeof body.webhookId === "string" ? body.webhookId : "";
    }
  }
  return undefined;
}

/** Whether the spec declares `status` for the operation as the client's quota being reached (its description says so). */
function declaresQuota(op: OperationInfo, status: number): boolean {
  return op.responses.some((r) => r.status === String(status) && /\bquota\b/i.test(r.description));
}
