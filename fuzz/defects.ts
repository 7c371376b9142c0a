// Test helper: a bank of input-dependent defects, each as a proxy would carry it in front of a correct server, with
// the check that must catch it. Each breaks only some requests (an id with a `+`, a page size of 0, a body that is
// not JSON), the way real defects hide from a happy-path suite.
import type { Answer, Defect, SeenRequest } from "./defect-proxy.js";
import type { CheckName } from "./properties.js";

export interface BankDefect {
  name: string;
  /** The check that must report it. */
  check: CheckName;
  defect: Defect;
}

const pathOf = (req: SeenRequest) => req.url.split("?")[0]!;
const query = (req: SeenRequest) => new URLSearchParams(req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "");
const withQuery = (req: SeenRequest, q: URLSearchParams) => {
  req.url = `${pathOf(req)}?${q.toString()}`;
};
const jsonBody = (req: SeenRequest): unknown => {
  try {
    return JSON.parse(req.body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
};
const setBody = (req: SeenRequest, value: unknown) => {
  req.body = Buffer.from(JSON.stringify(value));
};
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const problem = (status: number, title: string): Answer => ({ status, headers: { "content-type": "application/problem+json" }, body: JSON.stringify({ type: "about:blank", title, status }) });
const segment = (req: SeenRequest, after: string) => {
  const parts = pathOf(req).split("/");
  const i = parts.indexOf(after);
  return i >= 0 ? parts[i + 1] : undefined;
};
const decoded = (s: string | undefined) => {
  try {
    return s === undefined ? undefined : decodeURIComponent(s);
  } catch {
    return s;
  }
};
const isJson = (req: SeenRequest) => /json/i.test(String(req.headers["content-type"] ?? ""));

export const DEFECTS: BankDefect[] = [
  {
    name: "a 500 for a userId with a plus sign",
    check: "server-error",
    defect: { request: (req) => (decoded(segment(req, "users"))?.includes("+") ? problem(500, "Internal Server Error") : undefined) },
  },
  {
    name: "pageSize 0 accepted (as 1)",
    check: "invalid-refused",
    defect: {
      request(req) {
        const q = query(req);
        if (q.get("pageSize") === "0") {
          q.set("pageSize", "1");
          withQuery(req, q);
        }
      },
    },
  },
  {
    name: "a pageSize over 1000 accepted (as 1000)",
    check: "invalid-refused",
    defect: {
      request(req) {
        const q = query(req);
        const size = Number(q.get("pageSize"));
        if (q.has("pageSize") && Number.isInteger(size) && size > 1000) {
          q.set("pageSize", "1000");
          withQuery(req, q);
        }
      },
    },
  },
  {
    name: "a 500 for pageSize 1000, the largest allowed",
    check: "server-error",
    defect: { request: (req) => (query(req).get("pageSize") === "1000" ? problem(500, "Internal Server Error") : undefined) },
  },
  {
    name: "an unknown locationType accepted (as Unknown)",
    check: "invalid-refused",
    defect: {
      request(req) {
        const body = jsonBody(req);
        if (isObject(body) && typeof body.locationType === "string" && !["Unknown", "Residential", "Commercial", "Other"].includes(body.locationType)) setBody(req, { ...body, locationType: "Unknown" });
      },
    },
  },
  {
    name: "a 500 for a body that is not JSON",
    check: "server-error",
    defect: { request: (req) => (isJson(req) && req.body.length > 0 && jsonBody(req) === undefined ? problem(500, "Internal Server Error") : undefined) },
  },
  {
    name: "a 500 for an empty JSON body",
    check: "server-error",
    defect: { request: (req) => (isJson(req) && req.body.length === 0 && req.method !== "GET" ? problem(500, "Internal Server Error") : undefined) },
  },
  {
    name: "a resource without resourceType accepted (as a Charger)",
    check: "invalid-refused",
    defect: {
      request(req) {
        const body = jsonBody(req);
        if (req.method === "POST" && pathOf(req).endsWith("/resources") && isObject(body) && typeof body.resourceId === "string" && !("resourceType" in body)) setBody(req, { ...body, resourceType: "Charger" });
      },
    },
  },
  {
    name: "unknown fields of a new user dropped instead of refused",
    check: "invalid-refused",
    defect: {
      request(req) {
        const body = jsonBody(req);
        if (req.method === "POST" && /\/users$/.test(pathOf(req)) && isObject(body) && typeof body.userId === "string") setBody(req, { userId: body.userId });
      },
    },
  },
  {
    name: "another content type read as JSON",
    check: "invalid-refused",
    defect: {
      request(req) {
        if (req.body.length > 0 && !isJson(req) && pathOf(req).includes("/v1/") && jsonBody(req) !== undefined) req.headers["content-type"] = "application/json";
      },
    },
  },
  {
    name: "numbers and booleans accepted as ids (turned into strings)",
    check: "invalid-refused",
    defect: {
      request(req) {
        const body = jsonBody(req);
        if (!isJson(req) || !isObject(body)) return;
        let changed = false;
        const fixed = Object.fromEntries(Object.entries(body).map(([k, v]) => (/Id$/.test(k) && (typeof v === "number" || typeof v === "boolean") ? ((changed = true), [k, String(v)]) : [k, v])));
        if (changed) setBody(req, fixed);
      },
    },
  },
  {
    name: "a location answered without its locationId when the id has a dot",
    check: "conforms",
    defect: {
      response(req, res) {
        if (req.method !== "GET" || res.status !== 200 || !decoded(segment(req, "locations"))?.includes(".")) return;
        const body = JSON.parse(res.body) as Record<string, unknown>;
        delete body.locationId;
        return { ...res, body: JSON.stringify(body) };
      },
    },
  },
  {
    name: "202 (undeclared) for a new user whose id has a space",
    check: "declared-status",
    defect: {
      response(req, res) {
        const body = jsonBody(req);
        if (req.method === "POST" && /\/users$/.test(pathOf(req)) && res.status === 201 && isObject(body) && String(body.userId).includes(" ")) return { ...res, status: 202 };
      },
    },
  },
  {
    name: "a Commercial location read back as Residential",
    check: "read-back",
    defect: {
      response(req, res) {
        if (req.method !== "GET" || res.status !== 200 || segment(req, "locations") === undefined || !res.body.includes('"locationType":"Commercial"')) return;
        return { ...res, body: res.body.replace('"locationType":"Commercial"', '"locationType":"Residential"') };
      },
    },
  },
  {
    name: "a 500 for a path id over 255 characters",
    check: "server-error",
    defect: { request: (req) => (pathOf(req).split("/").some((s) => (decoded(s) ?? s).length > 255) ? problem(500, "Internal Server Error") : undefined) },
  },
  {
    name: "text/plain for an event",
    check: "conforms",
    defect: {
      response(req, res) {
        if (req.method === "GET" && segment(req, "events") !== undefined && res.status === 200) return { ...res, headers: { ...res.headers, "content-type": "text/plain" } };
      },
    },
  },
  {
    name: "401 for the bearer scheme in lower case",
    check: "valid-accepted",
    defect: { request: (req) => (String(req.headers.authorization ?? "").startsWith("bearer ") ? { ...problem(401, "Unauthorized"), headers: { "content-type": "application/problem+json", "www-authenticate": 'Bearer error="invalid_token"' } } : undefined) },
  },
  {
    name: "deleting a resource whose id has a space does nothing",
    check: "read-back",
    defect: { request: (req) => (req.method === "DELETE" && decoded(segment(req, "resources"))?.includes(" ") ? { status: 204, headers: {}, body: "" } : undefined) },
  },
  {
    name: "404 for an existing user whose id has a percent sign",
    check: "existing-data",
    defect: {
      request: (req) => {
        const parts = pathOf(req).split("/");
        return req.method === "GET" && parts.at(-2) === "users" && decoded(parts.at(-1))?.includes("%") ? problem(404, "Not Found") : undefined;
      },
    },
  },
  {
    name: "200 with a body (undeclared) for deleting some webhooks",
    check: "declared-status",
    defect: {
      response(req, res) {
        if (req.method === "DELETE" && res.status === 204 && /[0-7]$/.test(segment(req, "webhooks") ?? "")) return { status: 200, headers: { "content-type": "application/json" }, body: '{"deleted":true}' };
      },
    },
  },
];
