// The properties every response must have: never 5xx; an invalid request gets exactly its 4xx; a valid one never
// gets 400 (unless the operation documents a rule beyond its schema), 401, 405, 413 or 415, and gets 404 or 409 only
// as a rule of mock/rules.ts declares it; and every response conforms to the spec (declared status, declared content
// type, body valid for its schema, the right headers).
import { formatIssues, type Validators } from "../spec/validators.js";
import type { RawResponse } from "./client.js";
import { RULES_BEYOND_SCHEMA, type FuzzRequest } from "./requests.js";
import { ruleCodes } from "../mock/rules.js";
import { routeTable } from "../mock/routing.js";

function decodeAll(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, decodeURIComponent(v)]));
}

function requestBody(req: FuzzRequest): unknown {
  try {
    return req.body === undefined ? undefined : (JSON.parse(String(req.body)) as unknown);
  } catch {
    return undefined;
  }
}

/** An error body never needs more than this, whatever the request (it names the request and at most 20 problems). */
export const MAX_ERROR_BODY = 64 * 1024;

const NEVER_FOR_VALID = new Set([400, 401, 405, 413, 415]);
/** Statuses a valid request gets only when it breaks a rule of mock/rules.ts (an unknown id, a duplicate). */
const BY_RULE = new Set([404, 409]);

/** The code of a problem document (`urn:…:problem:user-exists`); a JSON-string error carries none. */
function problemCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("type" in body) || typeof body.type !== "string") return undefined;
  return body.type.slice(body.type.lastIndexOf(":") + 1);
}

function parseBody(res: RawResponse): { body: unknown; issue?: string } {
  const type = String(res.headers["content-type"] ?? "");
  if (res.text === "" || !/json/i.test(type)) return { body: res.text === "" ? undefined : res.text };
  try {
    return { body: JSON.parse(res.text) as unknown };
  } catch {
    return { body: res.text, issue: `the body is not the JSON its content type ${type} promises` };
  }
}

/** Checks one response; returns what is wrong with it (empty when all is well). */
export function responseChecker(validators: Validators): (req: FuzzRequest, res: RawResponse) => string[] {
  const { resolve } = routeTable();
  return (req, res) => {
    const problems: string[] = [];
    const { status } = res;
    const r = resolve(req.method, req.path);
    if (status >= 500 || status < 100) problems.push(`answered ${status}`);
    const { expect } = req;
    if (expect.kind === "oversized") {
      if (status !== 431 && status !== 414) problems.push(`answered ${status} to a request beyond the header limit (expected 431)`);
      return problems;
    }
    if (expect.kind === "invalid" && status !== expect.status) problems.push(`answered ${status}, expected ${expect.status}`);
    if (expect.kind === "valid" && NEVER_FOR_VALID.has(status)) {
      const rule = r.kind === "operation" ? RULES_BEYOND_SCHEMA[r.op.operationId] : undefined;
      const allowed = status === 400 && r.kind === "operation" && rule !== undefined && rule.mayBreak({ params: decodeAll(r.params), body: requestBody(req) });
      const tokenRefusal = status === 401 && req.operationId === "RequestToken";
      if (!allowed && !tokenRefusal) problems.push(`answered ${status} to a valid request`);
    }

    const { body, issue } = parseBody(res);
    if (expect.kind === "valid" && BY_RULE.has(status) && r.kind === "operation") {
      const codes = ruleCodes(r.op.operationId, status);
      const code = problemCode(body);
      if (codes.length === 0 || (code !== undefined && !codes.includes(code))) problems.push(`answered ${status} ${code ?? ""} to a valid request, which no rule of ${r.op.operationId} in mock/rules.ts declares`);
    }

    if (status >= 400 && res.text.length > MAX_ERROR_BODY) problems.push(`a ${status} body of ${res.text.length} characters (an error body stays under ${MAX_ERROR_BODY})`);
    if (issue) problems.push(issue);
    const contentType = res.headers["content-type"];
    if (r.kind === "operation" || r.kind === "undecodable") {
      const op = r.op;
      const conformance = validators.response(op.operationId, status, contentType, body);
      if (!conformance.valid && status < 500) problems.push(`${op.operationId} ${status} breaks the spec: ${formatIssues(conformance.issues)}`);
      if (status === 401 && op.secured && !/^Bearer\b/i.test(String(res.headers["www-authenticate"] ?? ""))) problems.push("401 without a WWW-Authenticate: Bearer challenge");
    } else {
      if (!String(contentType ?? "").startsWith("application/problem+json")) problems.push(`${status} for an unknown route with content type ${String(contentType)} (expected application/problem+json)`);
      const problem = validators.schema("HttpValidationProblemDetails", body, "body");
      if (!problem.valid) problems.push(`the problem document breaks the spec: ${formatIssues(problem.issues)}`);
    }
    if (status === 405 && !res.headers.allow) problems.push("405 without an Allow header");
    return problems;
  };
}
