// A bank of broken deployments: each defect breaks a correct target one way, through the loopback proxy of
// broken-proxy.ts, the way a real deployment goes wrong (a PATCH that is ignored, a page that repeats the first, a
// token response a cache may keep, another client's user in a list). The contract suite must fail on every one; the
// Postman collection's tests reuse the bank. A plain module: no test framework, no mock internals.
import { randomUUID } from "node:crypto";
import type { OperationId } from "../spec/types.js";
import type { Breakage, ProxiedRequest, ProxiedResponse } from "./broken-proxy.js";

/** What a defect breaks: the shape of an answer, what is stored, pages, isolation, a standard, a status, a promised behaviour. */
export type DefectKind = "shape" | "stored" | "page" | "isolation" | "standard" | "status" | "behaviour";

export interface Defect {
  /** What is wrong, as a person would say it: `PatchLocation is ignored (the answer looks right)`. */
  name: string;
  /** The operation that misbehaves. */
  operationId: OperationId;
  kind: DefectKind;
  /** A fresh breakage each time it is read (some keep state, such as the first client's token). */
  breakage: Breakage;
}

/** The operations a client calls (the webhook the API sends is not one). */
export type ApiOperationId = Exclude<OperationId, "ReceiveEventNotification">;

/** Method and path of every operation, as the spec has them (the token endpoint by its usual path). */
export const ROUTES = {
  RequestToken: ["POST", "/connect/token"],
  GetAllEvents: ["GET", "/events"],
  GetEventById: ["GET", "/events/{eventId}"],
  PostReport: ["POST", "/reports"],
  GetResourceById: ["GET", "/resources/{resourceId}"],
  DeleteResourceById: ["DELETE", "/resources/{resourceId}"],
  PostPriceCurveSimulation: ["POST", "/simulation/events/pricecurve"],
  PostUserEligibilitySimulation: ["POST", "/simulation/events/usereligibility"],
  PostLPCLocationSimulation: ["POST", "/simulation/events/lpc/locations"],
  PostLPCResourceSimulation: ["POST", "/simulation/events/lpc/resources"],
  PostTenantDataSimulation: ["POST", "/simulation/partner"],
  DeleteTenantDataSimulation: ["DELETE", "/simulation/partner"],
  GetUsers: ["GET", "/users"],
  PostUser: ["POST", "/users"],
  GetUserById: ["GET", "/users/{userId}"],
  DeleteUserById: ["DELETE", "/users/{userId}"],
  PostUsers: ["POST", "/users/batch"],
  GetLocationsByUserId: ["GET", "/users/{userId}/locations"],
  PostLocation: ["POST", "/users/{userId}/locations"],
  GetLocationByLocationId: ["GET", "/users/{userId}/locations/{locationId}"],
  UpdateLocation: ["PUT", "/users/{userId}/locations/{locationId}"],
  DeleteLocation: ["DELETE", "/users/{userId}/locations/{locationId}"],
  PatchLocation: ["PATCH", "/users/{userId}/locations/{locationId}"],
  PostLocations: ["POST", "/users/locations/batch"],
  PostVehicle: ["POST", "/users/{userId}/vehicles"],
  GetResourcesForUser: ["GET", "/users/{userId}/resources"],
  GetLocationBoundResources: ["GET", "/users/{userId}/locations/{locationId}/resources"],
  PostLocationBoundResource: ["POST", "/users/{userId}/locations/{locationId}/resources"],
  GetUserEnrollmentByUserId: ["GET", "/users/{userId}/enrollment"],
  PostUserEnrollment: ["POST", "/users/{userId}/enrollment"],
  DeleteUserEnrollment: ["DELETE", "/users/{userId}/enrollment"],
  GetUserEligibilityByUserId: ["GET", "/users/{userId}/eligibility"],
  GetEligibleUsers: ["GET", "/users/eligible"],
  FetchUserCompensation: ["GET", "/users/{userId}/compensation"],
  GetMpidEligibility: ["GET", "/meters/{mpid}/eligible"],
  GetWebhooks: ["GET", "/webhooks"],
  PostWebhook: ["POST", "/webhooks"],
  GetWebhookById: ["GET", "/webhooks/{webhookId}"],
  UpdateWebhookById: ["PUT", "/webhooks/{webhookId}"],
  DeleteWebhookById: ["DELETE", "/webhooks/{webhookId}"],
  PatchWebhookById: ["PATCH", "/webhooks/{webhookId}"],
  UpdateWebhookEnabledById: ["PUT", "/webhooks/{webhookId}/enabled"],
  GetWebhookNotificationLogs: ["GET", "/webhooks/logs"],
  GetWebhookNotificationLogById: ["GET", "/webhooks/logs/{notificationId}"],
} as const satisfies Record<ApiOperationId, readonly [string, string]>;

export interface Matched {
  operationId: ApiOperationId;
  params: Record<string, string>;
  query: URLSearchParams;
}

const COMPILED = Object.entries(ROUTES).map(([operationId, [method, template]]) => {
  const names: string[] = [];
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  // Literal segments win over parameters: /users/eligible is not /users/{userId}.
  const literals = template.split("/").filter((s) => s && !s.startsWith("{")).length;
  return { operationId: operationId as ApiOperationId, method, regex: new RegExp(`${pattern}$`, "i"), names, literals };
});

/** Which operation a request is, by its method and the end of its path (the base URL may be anything before it). */
export function operationOf(req: Pick<ProxiedRequest, "method" | "url">): Matched | undefined {
  const [path = "", search = ""] = req.url.split("?");
  let best: (Matched & { literals: number }) | undefined;
  for (const route of COMPILED) {
    if (route.method !== req.method.toUpperCase()) continue;
    const m = route.regex.exec(path);
    if (!m || (best && best.literals >= route.literals)) continue;
    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
    best = { operationId: route.operationId, params, query: new URLSearchParams(search), literals: route.literals };
  }
  if (!best) return undefined;
  const { literals: _, ...matched } = best;
  return matched;
}

// ---- building blocks -------------------------------------------------------------------------------------------

type JsonValue = unknown;
type JsonRecord = Record<string, unknown>;
const isRecord = (x: unknown): x is JsonRecord => typeof x === "object" && x !== null && !Array.isArray(x);

function parse(text: string): JsonValue {
  try {
    return text === "" ? undefined : (JSON.parse(text) as JsonValue);
  } catch {
    return undefined;
  }
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

/** A JSON answer with the given status (and the upstream's other headers). */
function withJson(res: ProxiedResponse, status: number, body: JsonValue): ProxiedResponse {
  return { status, headers: { ...res.headers, ...JSON_HEADERS }, body: JSON.stringify(body) };
}

const empty = (res: ProxiedResponse, status: number): ProxiedResponse => {
  const { "content-type": _, ...headers } = res.headers;
  return { status, headers, body: "" };
};

/** Edits the JSON body of an operation's answers with the given status (the edit may change the value in place). */
function editAnswer(operationId: ApiOperationId, status: number, edit: (body: JsonRecord, req: ProxiedRequest, matched: Matched) => JsonValue | void): Breakage {
  return {
    response(req, res) {
      const matched = operationOf(req);
      if (matched?.operationId !== operationId || res.status !== status) return;
      const body = parse(res.body);
      if (!isRecord(body) && !Array.isArray(body)) return;
      const edited = edit(body as JsonRecord, req, matched);
      return { ...res, body: JSON.stringify(edited === undefined ? body : edited) };
    },
  };
}

/** Answers one status of an operation with another, keeping or dropping the body. */
function restatus(operationId: ApiOperationId, from: number, to: number, body?: (req: ProxiedRequest, res: ProxiedResponse) => JsonValue): Breakage {
  return {
    response(req, res) {
      if (operationOf(req)?.operationId !== operationId || res.status !== from) return;
      if (body) return withJson(res, to, body(req, res));
      return { ...res, status: to };
    },
  };
}

/**
 * A write the target never performs: the request goes upstream as a harmless read (`GET` of `readPath`, or nothing
 * at all), and the answer is made up to look right (`answer` builds it from what was sent and what was read).
 */
function ignoredWrite(operationId: ApiOperationId, answer: (sent: JsonValue, read: JsonValue, matched: Matched) => { status: number; body?: JsonValue }, readPath?: (matched: Matched) => string): Breakage {
  const pending = new WeakMap<ProxiedRequest, { sent: JsonValue; matched: Matched }>();
  return {
    request(req) {
      const matched = operationOf(req);
      if (matched?.operationId !== operationId) return;
      pending.set(req, { sent: parse(req.body), matched });
      const base = req.url.split("?")[0]!;
      req.method = "GET";
      req.body = "";
      req.url = readPath ? base.replace(new RegExp(`${ROUTES[operationId][1].replace(/\{\w+\}/g, "[^/]+")}$`), readPath(matched)) : base;
    },
    response(req, res) {
      const p = pending.get(req);
      if (!p) return;
      const made = answer(p.sent, parse(res.body), p.matched);
      return made.body === undefined ? empty(res, made.status) : withJson(res, made.status, made.body);
    },
  };
}

/** Rewrites the JSON body of an operation's requests before they go upstream. */
function rewriteRequest(operationId: ApiOperationId, rewrite: (body: JsonRecord) => JsonValue): Breakage["request"] {
  return (req) => {
    if (operationOf(req)?.operationId !== operationId) return;
    const body = parse(req.body);
    if (isRecord(body)) req.body = JSON.stringify(rewrite(body));
  };
}

/** Serves the second client's requests of some operations with the first client's token (the first one issued). */
function servedAsFirstClient(operations: readonly ApiOperationId[], methods: readonly string[] = ["GET"]): Breakage {
  const issued: string[] = [];
  return {
    request(req) {
      const matched = operationOf(req);
      const first = issued[0];
      if (!matched || !first || !operations.includes(matched.operationId) || !methods.includes(req.method)) return;
      const token = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      // Only another client's token is swapped: a garbage token stays garbage, the first client's stays its own.
      if (token && token !== first && issued.includes(token)) req.headers.authorization = `Bearer ${first}`;
    },
    response(req, res) {
      if (operationOf(req)?.operationId !== "RequestToken" || res.status !== 200) return;
      const body = parse(res.body);
      if (isRecord(body) && typeof body.access_token === "string") issued.push(body.access_token);
    },
  };
}

/** Both hooks of several breakages, applied in order. */
function both(...parts: Breakage[]): Breakage {
  return {
    request: (req) => parts.forEach((p) => p.request?.(req)),
    response: (req, res) => parts.reduce<ProxiedResponse>((r, p) => p.response?.(req, r) ?? r, res),
  };
}

const pageOf = (matched: Matched) => Number(matched.query.get("page") ?? "1");
const withQuery = (req: ProxiedRequest, name: string, value: string) => {
  const [path, search = ""] = req.url.split("?");
  const query = new URLSearchParams(search);
  query.set(name, value);
  req.url = `${path}?${query.toString()}`;
};

/** Every page asks upstream for another page (`to(page)`), while the answer still claims the page asked for. */
function shiftedPages(operationId: ApiOperationId, to: (page: number) => number): Breakage {
  const asked = new WeakMap<ProxiedRequest, number>();
  return {
    request(req) {
      const matched = operationOf(req);
      if (matched?.operationId !== operationId) return;
      const page = pageOf(matched);
      asked.set(req, page);
      withQuery(req, "page", String(to(page)));
    },
    response(req, res) {
      const page = asked.get(req);
      const body = parse(res.body);
      if (page === undefined || res.status !== 200 || !isRecord(body) || !isRecord(body.pagination)) return;
      const pages = Number(body.pagination.totalPages);
      Object.assign(body.pagination, { currentPage: page, nextPage: page < pages ? page + 1 : null, previousPage: page > 1 ? page - 1 : null });
      return { ...res, body: JSON.stringify(body) };
    },
  };
}

/** A field of every item of a list (or of the object) at `key` replaced. */
const listOf = (body: JsonRecord, key: string): JsonRecord[] => (Array.isArray(body[key]) ? (body[key] as unknown[]).filter(isRecord) : []);

/** A time the suite parses as another instant: the same clock reading one year earlier. */
const yearEarlier = (date: string) => date.replace(/^(\d{4})/, (y) => String(Number(y) - 1));

/** Half an hour after a timestamp, in the same ISO form. */
const shiftHalfHour = (timestamp: string) => new Date(Date.parse(timestamp) + 30 * 60_000).toISOString().replace(/\.000Z$/, "Z");

// ---- the bank --------------------------------------------------------------------------------------------------

const defect = (name: string, operationId: ApiOperationId, kind: DefectKind, make: () => Breakage): Defect => ({
  name,
  operationId,
  kind,
  get breakage() {
    return make();
  },
});

export const DEFECTS: readonly Defect[] = [
  // Authentication and the standards partners' libraries rely on
  defect("the token response may be cached (no Cache-Control: no-store, RFC 6749 §5.1)", "RequestToken", "standard", () => ({
    response(req, res) {
      if (operationOf(req)?.operationId !== "RequestToken" || res.status !== 200) return;
      const { "cache-control": _, pragma: __, ...headers } = res.headers;
      return { ...res, headers };
    },
  })),
  defect("a wrong client secret is refused with a made-up error code (RFC 6749 §5.2)", "RequestToken", "standard", () =>
    editAnswer("RequestToken", 401, (body) => ({ ...body, error: "bad_secret" })),
  ),
  defect("a 401 carries no WWW-Authenticate challenge (RFC 6750 §3)", "GetUserById", "standard", () => ({
    response(req, res) {
      if (res.status !== 401 || operationOf(req)?.operationId === "RequestToken") return;
      const { "www-authenticate": _, ...headers } = res.headers;
      return { ...res, headers };
    },
  })),
  defect("a problem document's status differs from the HTTP status (RFC 9457)", "PostUser", "standard", () => editAnswer("PostUser", 415, (body) => ({ ...body, status: 400 }))),
  defect("a 404 problem is sent as text/html", "GetLocationByLocationId", "standard", () => ({
    response(req, res) {
      if (operationOf(req)?.operationId !== "GetLocationByLocationId" || res.status !== 404) return;
      return { status: 404, headers: { ...res.headers, "content-type": "text/html" }, body: "<h1>Not Found</h1>" };
    },
  })),
  defect("a webhook's createdDate is not a date-time", "GetWebhookById", "shape", () =>
    editAnswer("GetWebhookById", 200, (body) => ({ ...body, createdDate: "05.12.2026 10:00" })),
  ),

  // Shapes and statuses
  defect("PostUser answers 200 instead of 201", "PostUser", "status", () => restatus("PostUser", 201, 200)),
  defect("GetUserById renames userId to user_id", "GetUserById", "shape", () =>
    editAnswer("GetUserById", 200, ({ userId, ...rest }) => ({ ...rest, user_id: userId })),
  ),
  defect("GetLocationByLocationId answers locationType in lower case", "GetLocationByLocationId", "shape", () =>
    editAnswer("GetLocationByLocationId", 200, (body) => ({ ...body, locationType: String(body.locationType).toLowerCase() })),
  ),
  defect("GetUserEnrollmentByUserId answers isEnrolled as a string", "GetUserEnrollmentByUserId", "shape", () =>
    editAnswer("GetUserEnrollmentByUserId", 200, (body) => ({ ...body, isEnrolled: String(body.isEnrolled) })),
  ),
  defect("DeleteWebhookById answers 200 instead of 204", "DeleteWebhookById", "status", () => restatus("DeleteWebhookById", 204, 200, () => ({ deleted: true }))),
  defect("a body too large is refused with 400 instead of 413", "PostReport", "status", () => restatus("PostReport", 413, 400, (req) => `${req.method} ${req.url}: body too large`)),
  defect("a body that is not JSON is refused with 400 instead of 415", "PostWebhook", "status", () => restatus("PostWebhook", 415, 400, () => ({ title: "Bad Request", status: 400 }))),
  defect("GetWebhooks lists the secret beside each webhook", "GetWebhooks", "behaviour", () => {
    const secrets: string[] = [];
    return both(
      {
        request(req) {
          const matched = operationOf(req);
          const sent = parse(req.body);
          if ((matched?.operationId === "PostWebhook" || matched?.operationId === "UpdateWebhookById") && isRecord(sent) && typeof sent.webhookSecret === "string") secrets.push(sent.webhookSecret);
        },
      },
      editAnswer("GetWebhooks", 200, (body) => {
        for (const w of listOf(body, "webhooks")) w.name = `${String(w.name ?? "")} (secret ${secrets.at(-1) ?? ""})`;
      }),
    );
  }),

  // What is stored against what is answered
  defect("PatchLocation is ignored (the answer looks right)", "PatchLocation", "stored", () =>
    ignoredWrite("PatchLocation", (sent, read) => ({ status: 200, body: { ...(isRecord(read) ? read : {}), ...(isRecord(sent) ? sent : {}) } }), (m) => `/users/${m.params.userId}/locations/${m.params.locationId}`),
  ),
  defect("PatchLocation replaces the location (fields not sent are cleared)", "PatchLocation", "stored", () => ({
    request(req) {
      const matched = operationOf(req);
      if (matched?.operationId !== "PatchLocation") return;
      const sent = parse(req.body);
      if (!isRecord(sent)) return;
      req.method = "PUT";
      req.body = JSON.stringify({ ...sent, locationId: matched.params.locationId });
    },
  })),
  defect("UpdateLocation (PUT) is ignored (the answer looks right)", "UpdateLocation", "stored", () =>
    ignoredWrite("UpdateLocation", (sent, read) => ({ status: 200, body: { ...(isRecord(read) ? read : {}), ...(isRecord(sent) ? sent : {}) } }), (m) => `/users/${m.params.userId}/locations/${m.params.locationId}`),
  ),
  defect("PostLocation stores no meter point ids (but answers them)", "PostLocation", "stored", () => ({
    request: rewriteRequest("PostLocation", ({ meterPointIds: _, meterPointId: __, ...rest }) => rest),
  })),
  defect("PostUsers stores only the first user of a batch", "PostUsers", "stored", () => {
    const sentUsers = new WeakMap<ProxiedRequest, unknown[]>();
    return {
      request(req) {
        if (operationOf(req)?.operationId !== "PostUsers") return;
        const body = parse(req.body);
        if (!isRecord(body) || !Array.isArray(body.users)) return;
        sentUsers.set(req, body.users);
        req.body = JSON.stringify({ ...body, users: body.users.slice(0, 1) });
      },
      response(req, res) {
        const users = sentUsers.get(req);
        if (!users || res.status !== 201) return;
        return withJson(res, 201, { users });
      },
    };
  }),
  defect("PostLocations stores only the first location of a batch", "PostLocations", "stored", () => {
    const sent = new WeakMap<ProxiedRequest, unknown[]>();
    return {
      request(req) {
        if (operationOf(req)?.operationId !== "PostLocations") return;
        const body = parse(req.body);
        if (!isRecord(body) || !Array.isArray(body.locations)) return;
        sent.set(req, body.locations);
        req.body = JSON.stringify({ ...body, locations: body.locations.slice(0, 1) });
      },
      response(req, res) {
        const locations = sent.get(req);
        const answered = parse(res.body);
        if (!locations || res.status !== 201 || !isRecord(answered)) return;
        const first = listOf(answered, "locations")[0] ?? {};
        return withJson(res, 201, { locations: locations.map((l) => ({ ...first, ...(isRecord(l) ? l : {}) })) });
      },
    };
  }),
  defect("DeleteResourceById does nothing (answers 204)", "DeleteResourceById", "stored", () => ignoredWrite("DeleteResourceById", () => ({ status: 204 }))),
  defect("DeleteUserById does nothing (answers 204)", "DeleteUserById", "stored", () => ignoredWrite("DeleteUserById", () => ({ status: 204 }))),
  defect("DeleteLocation leaves the location's resources readable", "DeleteLocation", "stored", () => {
    // The proxy remembers every location-bound resource it saw and keeps serving those of deleted locations.
    const seen = new Map<string, JsonRecord>();
    const orphaned = new Set<string>();
    return {
      response(req, res) {
        const matched = operationOf(req);
        if (!matched) return;
        const body = parse(res.body);
        if ((matched.operationId === "PostLocationBoundResource" || matched.operationId === "GetResourceById") && res.status < 300 && isRecord(body) && typeof body.resourceId === "string" && body.locationId) {
          seen.set(body.resourceId, body);
        }
        if (matched.operationId === "DeleteLocation" && res.status === 204) {
          for (const [id, r] of seen) if (r.locationId === matched.params.locationId && r.userId === matched.params.userId) orphaned.add(id);
        }
        if (matched.operationId === "GetResourceById" && res.status === 404 && orphaned.has(matched.params.resourceId ?? "")) {
          return withJson(res, 200, seen.get(matched.params.resourceId ?? ""));
        }
        return undefined;
      },
    };
  }),
  defect("PostUserEnrollment of a user who is not eligible is accepted", "PostUserEnrollment", "behaviour", () =>
    restatus("PostUserEnrollment", 400, 200, (req) => ({ userId: operationOf(req)?.params.userId, isEnrolled: true, enrollmentId: randomUUID(), enrollmentDate: new Date().toISOString() })),
  ),
  defect("an enrolment does not show in GetUserEnrollmentByUserId", "GetUserEnrollmentByUserId", "stored", () =>
    editAnswer("GetUserEnrollmentByUserId", 200, (body) => ({ ...body, isEnrolled: false, enrollmentId: null, enrollmentDate: null })),
  ),
  defect("DeleteUserEnrollment does nothing (answers 204)", "DeleteUserEnrollment", "stored", () => ignoredWrite("DeleteUserEnrollment", () => ({ status: 204 }))),
  defect("PatchWebhookById is ignored (the answer looks right)", "PatchWebhookById", "stored", () =>
    ignoredWrite("PatchWebhookById", (sent, read) => {
      const { webhookSecret: _, ...fields } = isRecord(sent) ? sent : {};
      return { status: 200, body: { ...(isRecord(read) ? read : {}), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)) } };
    }, (m) => `/webhooks/${m.params.webhookId}`),
  ),
  defect("UpdateWebhookById (PUT) is ignored (the answer looks right)", "UpdateWebhookById", "stored", () =>
    ignoredWrite("UpdateWebhookById", (sent, read) => {
      const { webhookSecret: _, ...fields } = isRecord(sent) ? sent : {};
      return { status: 200, body: { ...(isRecord(read) ? read : {}), ...fields } };
    }, (m) => `/webhooks/${m.params.webhookId}`),
  ),
  defect("UpdateWebhookEnabledById does not stick", "UpdateWebhookEnabledById", "stored", () => ignoredWrite("UpdateWebhookEnabledById", () => ({ status: 204 }), (m) => `/webhooks/${m.params.webhookId}`)),
  defect("PostTenantDataSimulation creates nothing", "PostTenantDataSimulation", "stored", () => ignoredWrite("PostTenantDataSimulation", () => ({ status: 201 }), () => "/users")),
  defect("DeleteTenantDataSimulation removes nothing", "DeleteTenantDataSimulation", "stored", () => ignoredWrite("DeleteTenantDataSimulation", () => ({ status: 200 }), () => "/users")),

  // Pages and lists
  defect("GetUsers repeats the first page on every page", "GetUsers", "page", () => shiftedPages("GetUsers", () => 1)),
  defect("GetEligibleUsers skips a page (page n answers page n+1)", "GetEligibleUsers", "page", () => shiftedPages("GetEligibleUsers", (p) => (p > 1 ? p + 1 : p))),
  defect("GetAllEvents counts one record too many", "GetAllEvents", "page", () =>
    editAnswer("GetAllEvents", 200, (body) => {
      if (isRecord(body.pagination)) body.pagination.totalRecords = Number(body.pagination.totalRecords) + 1;
    }),
  ),
  defect("GetWebhookNotificationLogs ignores pageSize", "GetWebhookNotificationLogs", "page", () => ({
    request(req) {
      const matched = operationOf(req);
      if (matched?.operationId === "GetWebhookNotificationLogs" && matched.query.has("pageSize")) {
        withQuery(req, "pageSize", "1000");
        withQuery(req, "page", "1");
      }
    },
  })),
  defect("GetLocationsByUserId lists only the first location", "GetLocationsByUserId", "stored", () =>
    editAnswer("GetLocationsByUserId", 200, (body) => (Array.isArray(body) ? body.slice(0, 1) : body)),
  ),
  defect("GetResourcesForUser leaves out vehicles", "GetResourcesForUser", "stored", () =>
    editAnswer("GetResourcesForUser", 200, (body) => ({ ...body, resources: listOf(body, "resources").filter((r) => r.resourceType !== "Vehicle") })),
  ),
  defect("GetLocationBoundResources names another location", "GetLocationBoundResources", "shape", () =>
    editAnswer("GetLocationBoundResources", 200, (body) => (Array.isArray(body) ? body.map((r: unknown) => (isRecord(r) ? { ...r, locationId: `${String(r.locationId)}-x` } : r)) : body)),
  ),

  // Isolation: the second client sees or changes the first client's objects
  defect("a foreign user shows in the second client's user list", "GetUsers", "isolation", () => servedAsFirstClient(["GetUsers"])),
  defect("the second client reads the first client's location", "GetLocationByLocationId", "isolation", () => servedAsFirstClient(["GetLocationByLocationId"])),
  defect("the second client reads the first client's event", "GetEventById", "isolation", () => servedAsFirstClient(["GetEventById"])),
  defect("the second client lists the first client's eligible users", "GetEligibleUsers", "isolation", () => servedAsFirstClient(["GetEligibleUsers"])),
  defect("the second client lists the first client's deliveries", "GetWebhookNotificationLogs", "isolation", () => servedAsFirstClient(["GetWebhookNotificationLogs"])),
  defect("the second client reads the first client's compensation", "FetchUserCompensation", "isolation", () => servedAsFirstClient(["FetchUserCompensation"])),
  defect("the second client deletes the first client's resource", "DeleteResourceById", "isolation", () => servedAsFirstClient(["DeleteResourceById"], ["DELETE"])),

  // What the API says it does
  defect("a report naming an unknown event is accepted", "PostReport", "behaviour", () =>
    restatus("PostReport", 400, 200, (req) => {
      const sent = parse(req.body);
      return { id: randomUUID(), eventId: isRecord(sent) ? sent.eventId : null, createdAt: new Date().toISOString() };
    }),
  ),
  defect("GetMpidEligibility echoes another meter", "GetMpidEligibility", "shape", () =>
    editAnswer("GetMpidEligibility", 200, (body) => ({ ...body, meterPointId: String(body.meterPointId).replace(/\d$/, (d) => String((Number(d) + 1) % 10)) })),
  ),
  defect("GetUserEligibilityByUserId says no user is eligible (test areas ignored)", "GetUserEligibilityByUserId", "behaviour", () =>
    editAnswer("GetUserEligibilityByUserId", 200, (body) => ({ ...body, isEligible: false })),
  ),
  defect("FetchUserCompensation answers a period in the wrong year", "FetchUserCompensation", "behaviour", () =>
    editAnswer("FetchUserCompensation", 200, (body) => {
      if (isRecord(body.period)) body.period = { from: yearEarlier(String(body.period.from)), to: yearEarlier(String(body.period.to)) };
    }),
  ),
  defect("a simulated price curve is off the hour (points at half past)", "PostPriceCurveSimulation", "behaviour", () =>
    editAnswer("PostPriceCurveSimulation", 200, (body) => {
      const event = body.simulatedEvent;
      const delta = isRecord(event) && isRecord(event.payload) ? event.payload.priceCurveDelta : undefined;
      if (isRecord(delta)) for (const p of listOf(delta, "points")) p.timestamp = shiftHalfHour(String(p.timestamp));
    }),
  ),
  defect("GetEventById answers another event", "GetEventById", "stored", () => editAnswer("GetEventById", 200, (body) => ({ ...body, id: randomUUID() }))),
  defect("a simulated user-eligibility event cannot be read back (its id is made up)", "PostUserEligibilitySimulation", "stored", () =>
    editAnswer("PostUserEligibilitySimulation", 200, (body) => {
      if (isRecord(body.simulatedEvent)) body.simulatedEvent.id = randomUUID();
    }),
  ),
  defect("a simulated location LPC event targets another location", "PostLPCLocationSimulation", "behaviour", () =>
    editAnswer("PostLPCLocationSimulation", 200, (body) => {
      const payload = isRecord(body.simulatedEvent) ? body.simulatedEvent.payload : undefined;
      if (isRecord(payload)) for (const t of listOf(payload, "targets")) t.locationId = `${String(t.locationId)}-x`;
    }),
  ),
  defect("a resource LPC simulation for an unknown resource is accepted", "PostLPCResourceSimulation", "behaviour", () =>
    restatus("PostLPCResourceSimulation", 400, 200, () => ({
      simulatedEvent: { id: randomUUID(), createdAt: new Date().toISOString(), payload: { payloadType: "ResourceLPC", targets: [] } },
    })),
  ),
  defect("a location-bound resource under an unknown location is accepted", "PostLocationBoundResource", "status", () =>
    restatus("PostLocationBoundResource", 404, 201, (req) => {
      const m = operationOf(req);
      const sent = parse(req.body);
      return { ...(isRecord(sent) ? sent : {}), userId: m?.params.userId, locationId: m?.params.locationId };
    }),
  ),
  defect("a duplicate vehicle is accepted", "PostVehicle", "status", () =>
    restatus("PostVehicle", 409, 201, (req) => {
      const sent = parse(req.body);
      return { ...(isRecord(sent) ? sent : {}), userId: operationOf(req)?.params.userId, locationId: null };
    }),
  ),
  defect("GetResourceById gives a vehicle a location", "GetResourceById", "stored", () =>
    editAnswer("GetResourceById", 200, (body) => (body.resourceType === "Vehicle" ? { ...body, locationId: "somewhere" } : body)),
  ),
  defect("a webhook delivery is not logged", "GetWebhookNotificationLogs", "behaviour", () =>
    editAnswer("GetWebhookNotificationLogs", 200, (body) => ({
      webhookNotificationLogs: [],
      pagination: { ...(isRecord(body.pagination) ? body.pagination : {}), totalRecords: 0, totalPages: 0, nextPage: null, previousPage: null },
    })),
  ),
  defect("a delivery log read by id names another event", "GetWebhookNotificationLogById", "stored", () =>
    editAnswer("GetWebhookNotificationLogById", 200, (body) => {
      const log = isRecord(body.webhookNotificationLog) ? body.webhookNotificationLog : body;
      log.partnerEventId = randomUUID();
    }),
  ),
  defect("a webhook's secret is returned when it is created", "PostWebhook", "behaviour", () =>
    editAnswer("PostWebhook", 201, (body, req) => {
      const sent = parse(req.body);
      return { ...body, name: `${String(body.name ?? "")} ${isRecord(sent) ? String(sent.webhookSecret ?? "") : ""}` };
    }),
  ),
  defect("a new user is missing from GetUserById until later (read-your-writes broken)", "GetUserById", "stored", () => {
    const answered = new Set<string>();
    return {
      response(req, res) {
        const m = operationOf(req);
        if (m?.operationId !== "GetUserById" || res.status !== 200 || answered.has(m.params.userId ?? "")) return;
        answered.add(m.params.userId ?? "");
        return { status: 404, headers: { ...res.headers, "content-type": "application/problem+json" }, body: JSON.stringify({ title: "Not Found", status: 404 }) };
      },
    };
  }),
];

/** The operations at least one defect breaks. */
export const brokenOperations = (): Set<OperationId> => new Set(DEFECTS.map((d) => d.operationId));
