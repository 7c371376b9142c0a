// Proves over HTTP that every rule of mock/domain/rules.ts is enforced as declared, so the declaration (which the fuzzer
// reads) cannot drift from the handlers: each operation's request, valid but for the one id a rule looks at.
import { expect, it } from "vitest";
import type { PathParams, QueryParams, RequestBody } from "../../spec/types.js";
import { RULES, rulesOf, type RuleField, type RuledOperation } from "./rules.js";
import { ERROR_BODIES, type ErrorBodies } from "../http/errors.js";
import { routeTable } from "../http/routing.js";
import { useMock, type ApiClient, type TestResponse } from "../testing.js";

const U = "rules-user";
const OTHER_USER = "rules-other-user";
const L = "rules-location";
const MISSING = "no-such-object";

interface Example<Op extends RuledOperation> {
  params: PathParams<Op>;
  query?: QueryParams<Op>;
  body?: RequestBody<Op>;
}

/** A valid request of each ruled operation, on a user U with a location L (and nothing else). */
const EXAMPLES: { [Op in RuledOperation]: Example<Op> } = {
  PostUser: { params: {}, body: { userId: "rules-new-user" } },
  PostUsers: { params: {}, body: { users: [{ userId: "rules-batch-user" }] } },
  GetUserById: { params: { userId: U } },
  DeleteUserById: { params: { userId: U } },
  GetLocationsByUserId: { params: { userId: U } },
  PostLocation: { params: { userId: U }, body: { locationId: "rules-new-location" } },
  PostLocations: { params: {}, body: { locations: [{ userId: U, locationId: "rules-batch-location" }] } },
  GetLocationByLocationId: { params: { userId: U, locationId: L } },
  UpdateLocation: { params: { userId: U, locationId: L }, body: { locationId: L, locationType: "Residential" } },
  PatchLocation: { params: { userId: U, locationId: L }, body: { locationType: "Commercial" } },
  DeleteLocation: { params: { userId: U, locationId: L } },
  PostVehicle: { params: { userId: U }, body: { resourceId: "rules-vehicle", resourceType: "Vehicle" } },
  PostLocationBoundResource: { params: { userId: U, locationId: L }, body: { resourceId: "rules-charger", resourceType: "Charger" } },
  GetResourcesForUser: { params: { userId: U } },
  GetLocationBoundResources: { params: { userId: U, locationId: L } },
  GetResourceById: { params: { resourceId: MISSING } },
  DeleteResourceById: { params: { resourceId: MISSING } },
  GetUserEnrollmentByUserId: { params: { userId: U } },
  PostUserEnrollment: { params: { userId: U } },
  DeleteUserEnrollment: { params: { userId: U } },
  GetUserEligibilityByUserId: { params: { userId: U } },
  FetchUserCompensation: { params: { userId: U } },
  GetEventById: { params: { eventId: MISSING } },
  GetWebhookById: { params: { webhookId: MISSING } },
  UpdateWebhookById: { params: { webhookId: MISSING }, body: { webhookUrl: "http://127.0.0.1:9/hook" } },
  PatchWebhookById: { params: { webhookId: MISSING }, body: { name: "rules" } },
  DeleteWebhookById: { params: { webhookId: MISSING } },
  UpdateWebhookEnabledById: { params: { webhookId: MISSING }, query: { enabled: true } },
  GetWebhookNotificationLogById: { params: { notificationId: MISSING } },
  PostReport: { params: {}, body: { eventId: MISSING, payloads: [{ payloadType: "LocationEnergyUsage", locationId: L, meterPointId: "707057500000000001", resolution: "01:00:00", points: [] }] } },
  PostWebhook: { params: {}, body: { webhookUrl: "http://127.0.0.1:9/hook" } },
  PostLPCLocationSimulation: { params: {}, body: {} },
  PostLPCResourceSimulation: { params: {}, body: {} },
};

/** For each operation with 400 rules: a schema-valid request that breaks one of them, and the code it gets. */
const BREAKING: { [Op in RuledOperation]?: Example<Op> & { code: string } } = {
  UpdateLocation: { params: { userId: U, locationId: L }, body: { locationId: "rules-other-location" }, code: "validation-failed" },
  PostUserEnrollment: { params: { userId: U }, code: "user-not-eligible" },
  PostReport: { params: {}, body: { eventId: MISSING, payloads: [{ payloadType: "LocationEnergyUsage", locationId: L, meterPointId: "707057500000000001", resolution: "01:00:00", points: [] }] }, code: "invalid-report" },
  PostWebhook: { params: {}, body: { webhookUrl: "ftp://127.0.0.1/hook" }, code: "invalid-webhook-url" },
  UpdateWebhookById: { params: { webhookId: MISSING }, body: { webhookUrl: "ftp://127.0.0.1/hook" }, code: "invalid-webhook-url" },
  PatchWebhookById: { params: { webhookId: MISSING }, body: { webhookUrl: "ftp://127.0.0.1/hook" }, code: "invalid-webhook-url" },
  PostLPCLocationSimulation: { params: {}, body: { locations: [{ location: { locationId: MISSING }, points: [{ maxPowerInKiloWatts: 7.5, timestamp: "2026-11-27T17:00:00Z" }] }] }, code: "invalid-simulation" },
  PostLPCResourceSimulation: { params: {}, body: { resources: [{ resource: { resourceId: MISSING } }] }, code: "invalid-simulation" },
};

interface Sendable {
  params: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

const examples = new Map<string, Sendable>(Object.entries(EXAMPLES));
const example = (operationId: string): Sendable => structuredClone(examples.get(operationId)!);

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Sends an example as its operation's request. */
function send(api: ApiClient, operationId: string, request: Sendable): Promise<TestResponse> {
  const route = routeTable().api.find((r) => r.op.operationId === operationId)!;
  const path = route.op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(request.params[name] ?? ""));
  const query = new URLSearchParams(Object.entries(request.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return api.request(route.method, query ? `${path}?${query}` : path, request.body === undefined ? {} : { body: request.body });
}

/** Sets a rule's field (every item's, for `body.list[].field`); a path id that the body repeats changes there too. */
function withField(request: Sendable, field: RuleField, value: string): Sendable {
  const out = structuredClone(request);
  const [where, name = ""] = field.split(/\.(.*)/s);
  const body = out.body;
  if (where === "path") {
    if (isRecord(body) && body[name] === out.params[name]) body[name] = value;
    out.params[name] = value;
    return out;
  }
  const [, list, item] = /^(\w+)\[\]\.(\w+)$/.exec(name) ?? [];
  const items = isRecord(body) && list !== undefined ? body[list] : undefined;
  if (Array.isArray(items) && item !== undefined) for (const entry of items) if (isRecord(entry)) entry[item] = value;
  if (isRecord(body) && list === undefined) body[name] = value;
  return out;
}

/** What a rule's answer shows: the status, and the code of a problem document (a JSON-string error carries none). */
function outcome(res: TestResponse): { status: number; code: string } {
  const body = res.body;
  if (isRecord(body) && typeof body.type === "string") return { status: res.status, code: body.type.slice(body.type.lastIndexOf(":") + 1) };
  if (res.text === "") return { status: res.status, code: "(no body)" };
  return { status: res.status, code: typeof body === "string" ? "(a JSON string)" : "(none)" };
}

/**
 * The operation's declared shape for a rule's status: the code, unless the spec makes that error a JSON string, or
 * (by default) an answer without a body where the live service sends none.
 */
function declared(operationId: string, rule: { status: number; code: string }, errorBodies: ErrorBodies = "empty"): { status: number; code: string } {
  const { errors } = routeTable().api.find((r) => r.op.operationId === operationId)!;
  if (errorBodies === "empty" && errors.bodiless?.has(rule.status)) return { status: rule.status, code: "(no body)" };
  return { status: rule.status, code: errors.formats.get(rule.status) === "string" ? "(a JSON string)" : rule.code };
}

/** What names the refused id: the body (a JSON string or a problem document), or the X-Mock-Detail header. */
const explanation = (res: TestResponse) => (res.text === "" ? (res.headers.get("x-mock-detail") ?? "") : res.text);

/** A client with users U and OTHER_USER, each with a location L. */
async function world(errorBodies: ErrorBodies = "empty"): Promise<ApiClient> {
  const api = await (await useMock({ errorBodies })).login();
  for (const userId of [U, OTHER_USER]) {
    expect((await api.post("/users", { userId })).status).toBe(201);
    expect((await api.post(`/users/${userId}/locations`, { locationId: L })).status).toBe(201);
  }
  return api;
}

for (const errorBodies of ERROR_BODIES) {
  it(`answers each declared unknown id with the declared 404 and code (errorBodies ${errorBodies})`, async () => {
    for (const operationId of Object.keys(RULES)) {
      for (const rule of rulesOf(operationId).exists ?? []) {
        const api = await world(errorBodies);
        const res = await send(api, operationId, withField(example(operationId), rule.field, MISSING));
        expect({ operationId, field: rule.field, ...outcome(res) }).toEqual({ operationId, field: rule.field, ...declared(operationId, rule, errorBodies) });
        expect({ operationId, names: explanation(res).includes(MISSING) }).toEqual({ operationId, names: true });
      }
    }
  });

  it(`answers each declared duplicate with the declared 409 and code, within the declared scope only (errorBodies ${errorBodies})`, async () => {
    for (const operationId of Object.keys(RULES)) {
      for (const rule of rulesOf(operationId).unique ?? []) {
        const api = await world(errorBodies);
        const request = example(operationId);
        expect({ operationId, status: (await send(api, operationId, request)).status }).toEqual({ operationId, status: 201 });
        const again = await send(api, operationId, request);
        expect({ operationId, field: rule.field, ...outcome(again) }).toEqual({ operationId, field: rule.field, ...declared(operationId, rule, errorBodies) });
        // The same id for the other user: new within that user, a duplicate within the client.
        const userField = request.params.userId !== undefined ? "path.userId" : rule.field.startsWith("body.locations[]") ? "body.locations[].userId" : undefined;
        if (userField === undefined) continue;
        const elsewhere = await send(api, operationId, withField(request, userField, OTHER_USER));
        expect({ operationId, within: rule.within, status: elsewhere.status }).toEqual({ operationId, within: rule.within, status: rule.within === "user" ? 201 : rule.status });
      }
    }
  });
}

it("answers a schema-valid request that breaks a declared 400 rule with 400 and the declared code", async () => {
  const breaking = new Map<string, Sendable & { code: string }>(Object.entries(BREAKING));
  for (const operationId of Object.keys(RULES)) {
    const rules = rulesOf(operationId).invalid ?? [];
    if (rules.length === 0) continue;
    const request = breaking.get(operationId);
    expect({ operationId, example: request !== undefined }).toEqual({ operationId, example: true });
    const rule = rules.find((r) => r.code === request!.code);
    expect({ operationId, declared: rule?.code }).toEqual({ operationId, declared: request!.code });
    const res = await send(await world(), operationId, request!);
    expect({ operationId, ...outcome(res) }).toEqual({ operationId, ...declared(operationId, rule!) });
  }
});

it("declares only statuses that the spec declares for each operation", () => {
  for (const operationId of Object.keys(RULES)) {
    const { unique = [], exists = [], invalid = [] } = rulesOf(operationId);
    const statuses = routeTable().api.find((r) => r.op.operationId === operationId)!.op.responses.map((r) => Number(r.status));
    expect({ operationId, undeclared: [...unique, ...exists, ...invalid].map((r) => r.status).filter((s) => !statuses.includes(s)) }).toEqual({ operationId, undeclared: [] });
  }
});
