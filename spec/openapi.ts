// Reads spec/energy-coordination.yaml into an index of operations that the mock, the contract suite,
// the Postman build and the spec checks all share. Nothing here knows about Express or HTTP clients.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
// js-yaml only reads here: it parses the spec ~4× faster than `yaml` (≈45 vs ≈170 ms here), a large part of the
// mock's start-up; both read YAML 1.2 with the core schema, so the document is the same (openapi.test.ts).
import { load } from "js-yaml";
import { projectPath } from "./paths.js";

export const SPEC_PATH = projectPath("spec", "energy-coordination.yaml");
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export type JsonObject = Record<string, unknown>;

export interface ParameterInfo {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonObject;
}

export interface MediaInfo {
  contentType: string;
  /** JSON pointer (within the spec document) of the media type's schema. */
  schemaPointer: string | undefined;
  examples: unknown[];
}

export interface ResponseInfo {
  status: string;
  description: string;
  content: MediaInfo[];
  headers: string[];
}

export interface OperationInfo {
  operationId: string;
  method: (typeof HTTP_METHODS)[number];
  /** Path template as written in the spec, e.g. `/users/{userId}`. */
  path: string;
  tags: string[];
  summary: string;
  /** True for the token endpoint, which lives on its own server. */
  ownServer: boolean;
  /** True for operations under the 3.1 `webhooks` section (sent by the service, not served by it). */
  webhook: boolean;
  secured: boolean;
  parameters: ParameterInfo[];
  requestBody: { required: boolean; content: MediaInfo[] } | undefined;
  responses: ResponseInfo[];
}

export interface Spec {
  document: JsonObject;
  operations: OperationInfo[];
  byId: Map<string, OperationInfo>;
}

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

function isObject(x: unknown): x is JsonObject {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Follows a local `$ref` (if any) and returns the target with its JSON pointer. */
export function deref(doc: JsonObject, node: unknown, pointer: string): { node: JsonObject; pointer: string } {
  let current = node;
  let at = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    if (hops > 20) throw new Error(`${pointer}: $ref chain too long`);
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`${at}: only local $refs are supported, got ${ref}`);
    at = ref.slice(1);
    current = resolvePointer(doc, at);
  }
  if (!isObject(current)) throw new Error(`${pointer}: expected an object`);
  return { node: current, pointer: at };
}

export function resolvePointer(doc: JsonObject, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) && !Array.isArray(node)) throw new Error(`cannot resolve ${pointer}`);
    node = (node as Record<string, unknown>)[part];
    if (node === undefined) throw new Error(`cannot resolve ${pointer}`);
  }
  return node;
}

function media(doc: JsonObject, content: unknown, pointer: string): MediaInfo[] {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([contentType, mt]) => {
    const at = `${pointer}/${escapePointer(contentType)}`;
    const m = isObject(mt) ? mt : {};
    const examples: unknown[] = [];
    if ("example" in m) examples.push(m.example);
    if (isObject(m.examples)) for (const e of Object.values(m.examples)) if (isObject(e) && "value" in e) examples.push(e.value);
    return { contentType, schemaPointer: m.schema === undefined ? undefined : `${at}/schema`, examples };
  });
}

function indexOperation(doc: JsonObject, pathItem: JsonObject, path: string, method: (typeof HTTP_METHODS)[number], base: string, webhook: boolean): OperationInfo {
  const at = `${base}/${escapePointer(path)}/${method}`;
  const op = pathItem[method] as JsonObject;
  const operationId = op.operationId;
  if (typeof operationId !== "string") throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
  const rawParams = [...((pathItem.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
  const parameters = rawParams.map((p, i) => {
    const { node } = deref(doc, p, `${at}/parameters/${i}`);
    return { name: String(node.name), in: node.in as ParameterInfo["in"], required: node.required === true, schema: isObject(node.schema) ? node.schema : {} };
  });
  let requestBody: OperationInfo["requestBody"];
  if (op.requestBody !== undefined) {
    const { node, pointer } = deref(doc, op.requestBody, `${at}/requestBody`);
    requestBody = { required: node.required === true, content: media(doc, node.content, `${pointer}/content`) };
  }
  const responses = Object.entries(isObject(op.responses) ? op.responses : {}).map(([status, r]) => {
    const { node, pointer } = deref(doc, r, `${at}/responses/${status}`);
    return {
      status,
      description: String(node.description ?? ""),
      // `x-optional-content`: what the answer may carry, where the service sends no body (so `content`, which
      // validators such as Prism take as a body that must be sent, stays empty): a body is checked against it.
      content: [...media(doc, node.content, `${pointer}/content`), ...media(doc, node["x-optional-content"], `${pointer}/x-optional-content`)],
      headers: Object.keys(isObject(node.headers) ? node.headers : {}),
    };
  });
  const security = (op.security ?? doc.security) as unknown[] | undefined;
  return {
    operationId,
    method,
    path,
    tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
    summary: String(op.summary ?? ""),
    ownServer: Array.isArray(pathItem.servers),
    webhook,
    secured: Array.isArray(security) && security.length > 0,
    parameters,
    requestBody,
    responses,
  };
}

/** Builds the operation index of an OpenAPI 3.1 document. */
export function indexSpec(document: JsonObject): Spec {
  const operations: OperationInfo[] = [];
  for (const [section, webhook] of [["paths", false], ["webhooks", true]] as const) {
    const items = document[section];
    if (!isObject(items)) continue;
    for (const [path, item] of Object.entries(items)) {
      if (!isObject(item)) continue;
      for (const method of HTTP_METHODS) if (isObject(item[method])) operations.push(indexOperation(document, item, path, method, `/${section}`, webhook));
    }
  }
  const byId = new Map<string, OperationInfo>();
  for (const op of operations) {
    if (byId.has(op.operationId)) throw new Error(`operationId ${op.operationId} is used twice`);
    byId.set(op.operationId, op);
  }
  return { document, operations, byId };
}

/**
 * The spec as JSON, written by `npm run build` beside the compiled modules: JSON.parse reads it in a few ms where
 * js-yaml takes ~45 (a sixth of the installed mock's start-up). Used only while it is newer than the YAML.
 */
export const BUILT_SPEC_JSON = builtJsonOf(SPEC_PATH);

/** Where the build writes the JSON copy of one of the project's spec documents (`spec/NAME.yaml`). */
export function builtJsonOf(yamlFile: string): string {
  return projectPath("dist", "spec", basename(yamlFile).replace(/\.ya?ml$/, ".json"));
}

function readSpecDocument(file: string): unknown {
  if (dirname(file) === projectPath("spec")) {
    const json = builtJsonOf(file);
    if (existsSync(json) && statSync(json).mtimeMs >= statSync(file).mtimeMs) return JSON.parse(readFileSync(json, "utf8"));
  }
  return load(readFileSync(file, "utf8"), { filename: file });
}

/** Loads and indexes the project's spec (or another file). */
export function loadSpec(file: string = SPEC_PATH): Spec {
  const document = readSpecDocument(file);
  if (!isObject(document)) throw new Error(`${file}: not an OpenAPI document`);
  return indexSpec(document);
}
