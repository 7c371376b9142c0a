// `--spec FILE_OR_URL`: the document the target's responses are judged by, when it is not ours (the vendor's
// published one, 3.0 or 3.1, JSON or YAML, or an older version of ours). Operations are matched by method and path,
// so a document with other operationIds still lines up with the flow's steps.
import { existsSync, readFileSync } from "node:fs";
// js-yaml, as spec/openapi.ts: it reads a large document ~4× faster than `yaml`.
import { load } from "js-yaml";
import { toJsonSchema2020 } from "../spec/dialect.js";
import { HTTP_METHODS, indexSpec, type JsonObject, type OperationInfo, type Spec } from "../spec/openapi.js";
import type { ValidationResult, Validators } from "../spec/validators.js";
import { createValidators } from "../spec/validators.js";
import { usage } from "./errors.js";

/** How responses are judged: by our spec (the default) or by another document. */
export interface ResponseRules {
  /** What the responses are judged by, for messages: `the spec` or the document's file or URL. */
  name: string;
  /** Why the steps of an operation are skipped (the document lacks it); undefined when they run. */
  lacks(operationId: string): string | undefined;
  /** Validates a response of one of our operations. */
  response(operationId: string, status: number, contentType: string | undefined, body: unknown): ValidationResult;
  /** Whether `actual` passes where a step expects `expected`. */
  accepts(operationId: string, expected: number, actual: number): boolean;
  /** Why a step that provokes `status` is skipped (the document declares no such answer); undefined when it runs. */
  undeclared(operationId: string, status: number): string | undefined;
}

export interface OtherDocument {
  /** The file or URL as given. */
  source: string;
  /** `openapi` of the document, e.g. `3.0.1`. */
  version: string;
  validators: Validators;
}

/** Our spec's rules: every operation is there, and a step's status must be exactly the one it expects. */
export function ownRules(validators: Validators): ResponseRules {
  return { name: "the spec", lacks: () => undefined, response: (...args) => validators.response(...args), accepts: (_, expected, actual) => expected === actual, undeclared: () => undefined };
}

const isObject = (x: unknown): x is JsonObject => typeof x === "object" && x !== null && !Array.isArray(x);
const route = (op: Pick<OperationInfo, "method" | "path">) => `${op.method} ${op.path.replace(/\{[^}]*\}/g, "{}").replace(/\/+$/, "")}`;
const is2xx = (status: number | string) => /^2(\d\d|XX)$/i.test(String(status));

/**
 * Judges by another document. A step whose operation it lacks is skipped with that reason; any other request to
 * such an operation (the token request, which vendor documents leave to the identity server; clean-up deletes) is
 * checked against our spec. Where a step expects a success, any success status the document declares for the
 * operation passes (the vendor's document lists an empty `200` beside each `201`), with the body it declares for it.
 */
export function documentRules(other: OtherDocument, ours: Validators): ResponseRules {
  const theirs = new Map(other.validators.spec.operations.filter((op) => !op.webhook).map((op) => [route(op), op]));
  const find = (operationId: string) => {
    const op = ours.spec.byId.get(operationId);
    return op ? theirs.get(route(op)) : undefined;
  };
  return {
    name: other.source,
    lacks(operationId) {
      const op = ours.spec.byId.get(operationId);
      if (!op || op.ownServer || find(operationId)) return undefined;
      return `${other.source} has no ${op.method.toUpperCase()} ${op.path}`;
    },
    response(operationId, status, contentType, body) {
      const op = find(operationId);
      return op ? other.validators.response(op.operationId, status, contentType, body) : ours.response(operationId, status, contentType, body);
    },
    undeclared(operationId, status) {
      const op = find(operationId);
      if (!op || op.responses.some((r) => r.status === String(status) || r.status.toUpperCase() === `${String(status)[0]}XX` || r.status === "default")) return undefined;
      return `${other.source} declares no ${status} for ${op.method.toUpperCase()} ${op.path}`;
    },
    accepts(operationId, expected, actual) {
      if (expected === actual) return true;
      const op = find(operationId);
      if (!op || !is2xx(expected) || !is2xx(actual)) return false;
      return op.responses.some((r) => r.status === String(actual) || r.status.toUpperCase() === "2XX");
    },
  };
}

async function read(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(15_000) });
    } catch (e) {
      return usage(`--spec ${source}: no response (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!res.ok) usage(`--spec ${source}: HTTP ${res.status}`);
    return res.text();
  }
  if (!existsSync(source)) usage(`--spec ${source}: no such file; give an OpenAPI 3.0 or 3.1 document (JSON or YAML) or its URL`);
  return readFileSync(source, "utf8");
}

/** Gives every operation without an operationId one (`get /users`), since validators are keyed by it. */
function withOperationIds(document: JsonObject): JsonObject {
  if (!isObject(document.paths)) return document;
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => {
      if (!isObject(item)) return [path, item];
      const filled = Object.fromEntries(Object.entries(item).map(([k, op]) => [k, HTTP_METHODS.some((m) => m === k) && isObject(op) && typeof op.operationId !== "string" ? { ...op, operationId: `${k} ${path}` } : op]));
      return [path, filled];
    }),
  );
  return { ...document, paths };
}

/** Reads, checks and compiles another document; anything wrong is a usage error (one line, exit 2). */
export async function loadDocument(source: string): Promise<OtherDocument> {
  const text = await read(source);
  let parsed: unknown;
  try {
    parsed = load(text); // YAML 1.2 is a superset of JSON
  } catch (e) {
    return usage(`--spec ${source}: not an OpenAPI document (neither JSON nor YAML: ${(e as Error).message.split("\n")[0]!.replace(/:$/, "")})`);
  }
  if (!isObject(parsed)) return usage(`--spec ${source}: not an OpenAPI document (expected an object with "openapi" and "paths")`);
  const version = typeof parsed.openapi === "string" ? parsed.openapi : undefined;
  if (version === undefined) return usage(`--spec ${source}: not an OpenAPI document (no "openapi" field${typeof parsed.swagger === "string" ? `; Swagger ${parsed.swagger} is not supported, convert it to OpenAPI 3` : ""})`);
  if (!/^3\.[01]\.\d+$/.test(version)) return usage(`--spec ${source}: OpenAPI ${version} is not supported; give a 3.0 or 3.1 document`);
  if (!isObject(parsed.paths)) return usage(`--spec ${source}: not an OpenAPI document (no "paths" object)`);
  try {
    const spec: Spec = indexSpec(withOperationIds(toJsonSchema2020(parsed)));
    const validators = createValidators(spec, { strict: false });
    // Only responses are judged by it: compile those now, so a schema Ajv refuses is this one line, not a failed step.
    for (const op of spec.operations) for (const r of op.responses) for (const m of r.content) if (m.schemaPointer) validators.compile(m.schemaPointer);
    return { source, version, validators };
  } catch (e) {
    return usage(`--spec ${source}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
}
