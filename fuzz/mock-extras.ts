// What the mock-backed mode checks beyond the spec: the mock's own rules. An invalid request gets exactly the status
// the mock's design gives it; a valid one gets 400 only where a rule beyond the schema may refuse it, and 404/409 only
// as a rule of mock/domain/rules.ts declares; unknown routes get a problem document, 405 an Allow header. Loaded only when
// the fuzzer starts the mock itself: the generic engine and `--base-url` runs never import this module.
import { ruleCodes } from "../mock/domain/rules.js";
import type { ApiOperations } from "../spec/operations.js";
import { formatIssues, type Validators } from "../spec/validators.js";
import { parseBody, type Finding, type ResponseCheck } from "./properties.js";

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

/** An error body never needs more than this, whatever the request (it names the request and at most 20 problems). */
export const MAX_ERROR_BODY = 64 * 1024;

function problemCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("type" in body) || typeof body.type !== "string") return undefined;
  return body.type.slice(body.type.lastIndexOf(":") + 1);
}

function requestBody(body: string | Buffer | undefined): unknown {
  try {
    return body === undefined ? undefined : (JSON.parse(String(body)) as unknown);
  } catch {
    return undefined;
  }
}

/** The mock's rules as one more check of every answer. */
export function mockExtras(validators: Validators, operations: ApiOperations): ResponseCheck {
  return (req, res) => {
    const found: string[] = [];
    const { status } = res;
    const { expect } = req;
    const r = req.origin === "token" ? undefined : operations.resolve(req.method, req.path);
    const { body } = parseBody(res);
    if (expect.kind === "oversized" && status !== 431 && status !== 414) found.push(`answered ${status} to a request beyond the header limit (expected 431)`);
    if (expect.kind === "invalid" && status !== expect.status && status < 500) found.push(`answered ${status}, expected ${expect.status}`);
    if (expect.kind === "valid" && status === 400 && r?.kind === "operation") {
      const rule = RULES_BEYOND_SCHEMA[r.op.operationId];
      const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, decodeURIComponent(v)]));
      if (!rule?.mayBreak({ params, body: requestBody(req.body) })) found.push("answered 400 to a valid request that breaks no rule beyond the schema");
    }
    if (expect.kind === "valid" && (status === 404 || status === 409) && r?.kind === "operation") {
      const codes = ruleCodes(r.op.operationId, status);
      const code = problemCode(body);
      if (codes.length === 0 || (code !== undefined && !codes.includes(code))) found.push(`answered ${status} ${code ?? ""} to a valid request, which no rule of ${r.op.operationId} in mock/rules.ts declares`);
    }
    if (status >= 400 && res.text.length > MAX_ERROR_BODY) found.push(`a ${status} body of ${res.text.length} characters (an error body stays under ${MAX_ERROR_BODY})`);
    // An answer the live service sends without a body: the mock says why in X-Mock-Detail, one short ASCII line.
    if (r?.kind === "operation" && status >= 400 && res.text === "" && r.op.responses.some((x) => x.status === String(status) && x.headers.includes("X-Mock-Detail"))) {
      const detail = res.headers["x-mock-detail"];
      if (typeof detail !== "string" || !/^[\x20-\x7e]{1,400}$/.test(detail)) found.push(`${status} without a body and without a one-line X-Mock-Detail (got ${JSON.stringify(detail ?? null)})`);
    }
    if (r?.kind === "operation" && status === 401 && r.op.secured && !/^Bearer\b/i.test(String(res.headers["www-authenticate"] ?? ""))) found.push("401 without a WWW-Authenticate: Bearer challenge");
    if (r && r.kind !== "operation" && r.kind !== "undecodable") {
      if (!String(res.headers["content-type"] ?? "").startsWith("application/problem+json")) found.push(`${status} for an unknown route with content type ${String(res.headers["content-type"])} (expected application/problem+json)`);
      const problem = validators.schema("HttpValidationProblemDetails", body, "body");
      if (!problem.valid) found.push(`the problem document breaks the spec: ${formatIssues(problem.issues)}`);
    }
    if (status === 405 && !res.headers.allow) found.push("405 without an Allow header");
    return found.map((message): Finding => ({ check: "mock-rules", message }));
  };
}
