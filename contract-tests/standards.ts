// The standards partners' HTTP and OAuth2 libraries rely on, checked on every response beside the spec:
// RFC 6749 §5.1/§5.2 (token responses), RFC 6750 §3 (the Bearer challenge on a 401), RFC 9457 (problem documents).
import type { ValidationIssue } from "../spec/validators.js";
import type { RecordedResponse } from "./exchange.js";

/** RFC 6749 §5.2's error codes. */
export const OAUTH_ERRORS = ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"] as const;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const header = (name: string, message: string): ValidationIssue => ({ field: `header.${name}`, pointer: "/", message });
const bodyIssue = (key: string, message: string): ValidationIssue => ({ field: `body.${key}`, pointer: `/${key}`, message });

function tokenIssues(response: RecordedResponse): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const body = response.body;
  if (response.status === 200) {
    if (!/\bno-store\b/i.test(response.headers["cache-control"] ?? "")) {
      issues.push(header("Cache-Control", `must be no-store on a token response (RFC 6749 §5.1), got ${JSON.stringify(response.headers["cache-control"] ?? null)}`));
    }
    if (isObject(body)) {
      if (typeof body.token_type === "string" && body.token_type.toLowerCase() !== "bearer") issues.push(bodyIssue("token_type", `must be Bearer (RFC 6750 §4), got ${JSON.stringify(body.token_type)}`));
      if (typeof body.expires_in === "number" && !(body.expires_in > 0)) issues.push(bodyIssue("expires_in", `must be a positive number of seconds (RFC 6749 §5.1), got ${body.expires_in}`));
    }
  } else if (response.status === 400 || response.status === 401) {
    const code = isObject(body) ? body.error : undefined;
    if (!OAUTH_ERRORS.some((e) => e === code)) issues.push(bodyIssue("error", `must be one of ${OAUTH_ERRORS.join(", ")} (RFC 6749 §5.2), got ${JSON.stringify(code ?? null)}`));
  }
  return issues;
}

function problemIssues(response: RecordedResponse): ValidationIssue[] {
  const body = response.body;
  if (!isObject(body)) return [{ field: "body", pointer: "/", message: "a problem document must be a JSON object (RFC 9457 §3)" }];
  const issues: ValidationIssue[] = [];
  if (body.status !== undefined && body.status !== response.status) issues.push(bodyIssue("status", `must be the HTTP status ${response.status} (RFC 9457 §3.1.2), got ${JSON.stringify(body.status)}`));
  for (const key of ["type", "title", "detail", "instance"]) {
    if (body[key] !== undefined && typeof body[key] !== "string") issues.push(bodyIssue(key, `must be a string (RFC 9457 §3.1), got ${JSON.stringify(body[key])}`));
  }
  return issues;
}

/** The ways a response breaks these standards, named like validation issues (a header, a body field). */
export function standardIssues(operationId: string, response: RecordedResponse): ValidationIssue[] {
  if (operationId === "RequestToken") return tokenIssues(response);
  const issues: ValidationIssue[] = [];
  if (response.status === 401 && !/^bearer\b/i.test(response.headers["www-authenticate"] ?? "")) {
    issues.push(header("WWW-Authenticate", `must carry a Bearer challenge on every 401 (RFC 6750 §3), got ${JSON.stringify(response.headers["www-authenticate"] ?? null)}`));
  }
  if (/^application\/problem\+json\b/i.test(response.contentType ?? "") && response.text !== "") issues.push(...problemIssues(response));
  return issues;
}
