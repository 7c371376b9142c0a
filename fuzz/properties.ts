// The checks every answer must pass, from the spec alone: no 5xx; the status is declared for the operation; the body
// conforms to that status's schema and content type; an invalid request is refused with a 4xx; a valid one is never
// refused for its envelope (401, 405, 413, 415). The stateful sequences add their own (a valid request on existing
// data is not refused, a read-back matches the write); the mock-backed mode adds the mock's rules (mock-extras.ts).
import type { ApiOperations } from "../spec/operations.js";
import { formatIssues, type Validators } from "../spec/validators.js";
import type { RawResponse } from "./client.js";
import type { FuzzRequest } from "./request-types.js";

/** The name of a check, as reports and JUnit test cases show it. */
export type CheckName = "server-error" | "declared-status" | "conforms" | "invalid-refused" | "valid-accepted" | "existing-data" | "read-back" | "mock-rules";

export const CHECKS: Record<CheckName, string> = {
  "server-error": "never a 5xx (or no answer)",
  "declared-status": "the status is declared for the operation",
  conforms: "the body matches the status's schema and declared content type",
  "invalid-refused": "an invalid request gets a 4xx",
  "valid-accepted": "a valid request is not refused for its credentials, method, size or content type",
  "existing-data": "a valid request on data that exists is not refused",
  "read-back": "what was written reads back the same",
  "mock-rules": "the mock's own rules (exact statuses, 404/409 only as its rules say)",
};

export interface Finding {
  check: CheckName;
  message: string;
}

export type ResponseCheck = (req: FuzzRequest, res: RawResponse) => Finding[];

/** Never refused for these when valid: the request's credentials, method, size and content type are right. */
const ENVELOPE = new Set([401, 405, 413, 415]);

export function parseBody(res: RawResponse): { body: unknown; issue?: string } {
  const type = String(res.headers["content-type"] ?? "");
  if (res.text === "" || !/json/i.test(type)) return { body: res.text === "" ? undefined : res.text };
  try {
    return { body: JSON.parse(res.text) as unknown };
  } catch {
    return { body: res.text, issue: `the body is not the JSON its content type ${type} promises` };
  }
}

/** Checks one answer by the spec; `extra` (the mock's rules) adds its findings. */
export function responseChecker(validators: Validators, operations: ApiOperations, extra?: ResponseCheck): ResponseCheck {
  return (req, res) => {
    const found: Finding[] = [];
    const { status } = res;
    const r = req.origin === "token" ? (operations.token ? { kind: "operation" as const, op: operations.token } : { kind: "not-found" as const }) : operations.resolve(req.method, req.path);
    if (status >= 500 || status < 100) found.push({ check: "server-error", message: `answered ${status}` });
    const { expect } = req;
    if (expect.kind !== "valid" && (status < 400 || status >= 500)) found.push({ check: "invalid-refused", message: `answered ${status} to an invalid request (${req.label})` });
    if (expect.kind === "valid" && ENVELOPE.has(status) && !(status === 401 && r.kind === "operation" && r.op === operations.token)) {
      found.push({ check: "valid-accepted", message: `answered ${status} to a valid request` });
    }
    if (r.kind === "operation" && status < 500 && status >= 100) {
      const { body, issue } = parseBody(res);
      if (!operations.declares(r.op, status)) found.push({ check: "declared-status", message: `${status} is not declared for ${r.op.operationId} (declared: ${r.op.responses.map((x) => x.status).join(", ")})` });
      else {
        const conformance = validators.response(r.op.operationId, status, res.headers["content-type"], body);
        if (issue) found.push({ check: "conforms", message: issue });
        else if (!conformance.valid) found.push({ check: "conforms", message: `${r.op.operationId} ${status} breaks the spec: ${formatIssues(conformance.issues)}` });
      }
    }
    if (extra) found.push(...extra(req, res));
    return found;
  };
}
