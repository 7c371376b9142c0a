// The upstream lock (spec/upstream.lock.json): the facts of the vendor's document as the comparison sees them
// (operations, parameters, fields, types, formats, enums, required, nullability, statuses, content types), with
// where it came from, when, and its sha256; never its descriptions or examples. It lets `npm test` compare our spec
// with the vendor's offline, on a machine that has only the project.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { projectPath } from "../../spec/paths.js";
import type { DocumentShape, FieldMap, FieldShape, OperationShape } from "./normalize.js";

export const LOCK_PATH = projectPath("spec", "upstream.lock.json");

type Fields = Record<string, FieldShape>;

interface LockedOperation {
  operationId: string;
  parameters: Record<string, FieldShape & { where: string }>;
  requestBody?: { required: boolean; content: Record<string, Fields> };
  responses: Record<string, Record<string, Fields>>;
}

export interface UpstreamLock {
  /** Where the document was read from (a URL, or a file's name). */
  source: string;
  /** When the lock was written (ISO 8601). */
  lockedAt: string;
  /** sha256 of the document's bytes, hex. */
  sha256: string;
  openapi: string;
  operations: Record<string, LockedOperation>;
  schemas: Record<string, Fields>;
}

const fromMap = <V, W>(map: Map<string, V>, f: (v: V) => W): Record<string, W> => Object.fromEntries([...map].map(([k, v]) => [k, f(v)]));
const toMap = <V, W>(record: Record<string, V>, f: (v: V) => W): Map<string, W> => new Map(Object.entries(record).map(([k, v]) => [k, f(v)]));
const fieldsOf = (m: FieldMap): Fields => fromMap(m, (f) => f);
const fieldMap = (r: Fields): FieldMap => toMap(r, (f) => f);

export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** The lock of a normalized document. */
export function toLock(shape: DocumentShape, meta: { source: string; lockedAt: string; sha256: string }): UpstreamLock {
  return {
    ...meta,
    openapi: shape.version,
    operations: fromMap(shape.operations, (op: OperationShape) => ({
      operationId: op.operationId,
      parameters: fromMap(op.parameters, (p) => p),
      ...(op.requestBody ? { requestBody: { required: op.requestBody.required, content: fromMap(op.requestBody.content, fieldsOf) } } : {}),
      responses: fromMap(op.responses, (content) => fromMap(content, fieldsOf)),
    })),
    schemas: fromMap(shape.schemas, fieldsOf),
  };
}

/** The normalized document a lock describes, for compareDocuments. */
export function fromLock(lock: UpstreamLock): DocumentShape {
  return {
    version: lock.openapi,
    operations: toMap(lock.operations, (op) => ({
      operationId: op.operationId,
      parameters: toMap(op.parameters, (p) => p),
      requestBody: op.requestBody ? { required: op.requestBody.required, content: toMap(op.requestBody.content, fieldMap) } : undefined,
      responses: toMap(op.responses, (content) => toMap(content, fieldMap)),
    })),
    schemas: toMap(lock.schemas, fieldMap),
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export function readLock(file: string = LOCK_PATH): UpstreamLock {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: cannot read the upstream lock (${e instanceof Error ? e.message.split("\n")[0] : String(e)}); write one with --update-lock`);
  }
  if (!isObject(data) || typeof data.sha256 !== "string" || !isObject(data.operations) || !isObject(data.schemas) || typeof data.openapi !== "string") {
    throw new Error(`${file}: not an upstream lock (needs source, lockedAt, sha256, openapi, operations, schemas); write one with --update-lock`);
  }
  return data as unknown as UpstreamLock;
}

export function writeLock(lock: UpstreamLock, file: string = LOCK_PATH): void {
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
