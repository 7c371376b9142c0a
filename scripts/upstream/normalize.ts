// Reduces an OpenAPI 3.0.x or 3.1 document to flat, comparable descriptions of its operations and schemas,
// so that the two dialects' spellings of the same thing (nullable vs type arrays, allOf inheritance vs
// discriminated unions) compare equal.
import { deref, type JsonObject } from "../../spec/openapi.js";

/** What one field (a schema node) says, in a dialect-free form. */
export interface FieldShape {
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: string;
  ref?: string;
  const?: string;
  oneOf?: string;
  additionalProperties?: string;
  required?: boolean;
}

/** A flat map from a field path (`.meterPointIds[]`, `` for the root) to its shape. */
export type FieldMap = Map<string, FieldShape>;

export interface OperationShape {
  operationId: string;
  parameters: Map<string, FieldShape & { where: string }>;
  requestBody?: { required: boolean; content: Map<string, FieldMap> };
  responses: Map<string, Map<string, FieldMap>>;
}

export interface DocumentShape {
  version: string;
  operations: Map<string, OperationShape>;
  schemas: Map<string, FieldMap>;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

const isObject = (x: unknown): x is JsonObject => typeof x === "object" && x !== null && !Array.isArray(x);
const refName = (ref: string) => ref.split("/").pop() ?? ref;
const unionOf = (members: unknown[]) =>
  members
    .map((b) => (isObject(b) && typeof b.$ref === "string" ? refName(b.$ref) : "inline"))
    .sort()
    .join(" | ");

class Normalizer {
  /** Tag constants implied by discriminator mappings: schema name → property → tag. */
  private readonly implied = new Map<string, Map<string, string>>();

  constructor(private readonly doc: JsonObject) {
    const schemas = this.schemas();
    const visit = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!isObject(node)) return;
      const d = node.discriminator;
      if (isObject(d) && typeof d.propertyName === "string" && isObject(d.mapping)) {
        for (const [tag, ref] of Object.entries(d.mapping)) {
          const name = refName(String(ref));
          const props = this.implied.get(name) ?? new Map<string, string>();
          props.set(d.propertyName, tag);
          this.implied.set(name, props);
        }
      }
      Object.values(node).forEach(visit);
    };
    visit(schemas);
  }

  schemas(): JsonObject {
    const c = this.doc.components;
    return isObject(c) && isObject(c.schemas) ? c.schemas : {};
  }

  /** Follows local `$ref`s; a vendor document's remote or broken reference reads as an empty schema. */
  private resolve(node: unknown): JsonObject {
    try {
      return deref(this.doc, node, "#").node;
    } catch {
      return {};
    }
  }

  /** Flattens one schema into `out`, one entry per field path. */
  walk(schema: unknown, path: string, out: FieldMap, owner?: string): void {
    if (!isObject(schema)) {
      out.set(path, {});
      return;
    }
    let s = schema;
    const shape: FieldShape = {};
    // 3.1 nullable reference: anyOf/oneOf of [X, {type: null}].
    for (const key of ["anyOf", "oneOf"] as const) {
      const list = s[key];
      if (Array.isArray(list) && list.length === 2 && list.some((b) => isObject(b) && b.type === "null")) {
        shape.nullable = true;
        const { [key]: _dropped, ...rest } = s;
        s = { ...rest, ...(list.find((b) => !(isObject(b) && b.type === "null")) as JsonObject) };
      }
    }
    if (typeof s.$ref === "string") {
      // A reference to a pure union reads as the union itself, so `$ref: Union` equals an inline oneOf.
      const target = this.resolve(s);
      const members = target.oneOf ?? target.anyOf;
      if (Array.isArray(members) && !isObject(target.properties)) shape.oneOf = unionOf(members);
      else shape.ref = refName(s.$ref);
      if (s.nullable === true) shape.nullable = true;
      if (s.const !== undefined) shape.const = String(s.const);
      out.set(path, shape);
      return;
    }
    // allOf inheritance (3.0 style): merge the members' properties and required lists.
    const props: Record<string, unknown> = {};
    const required = new Set<string>(Array.isArray(s.required) ? s.required.map(String) : []);
    if (Array.isArray(s.allOf)) {
      for (const member of s.allOf) {
        const m = this.resolve(member);
        if (isObject(m.properties)) Object.assign(props, m.properties);
        if (Array.isArray(m.required)) m.required.forEach((r) => required.add(String(r)));
      }
    }
    if (isObject(s.properties)) Object.assign(props, s.properties);

    const types = Array.isArray(s.type) ? s.type.map(String) : typeof s.type === "string" ? [s.type] : [];
    if (types.includes("null") || s.nullable === true) shape.nullable = true;
    const nonNull = types.filter((t) => t !== "null");
    if (nonNull.length > 0) shape.type = nonNull.join("|");
    if (typeof s.format === "string") shape.format = s.format;
    if (Array.isArray(s.enum)) {
      if (s.enum.includes(null)) shape.nullable = true;
      shape.enum = s.enum.filter((v) => v !== null).map(String).join(", ");
    }
    if (s.const !== undefined) shape.const = String(s.const);
    const branches = s.oneOf ?? s.anyOf;
    if (Array.isArray(branches)) shape.oneOf = unionOf(branches);
    if ((shape.type === "object" && shape.oneOf === undefined) || Object.keys(props).length > 0) {
      shape.additionalProperties = s.additionalProperties === false ? "false" : isObject(s.additionalProperties) && Object.keys(s.additionalProperties).length > 0 ? "schema" : "true";
    }
    if (shape.nullable !== true) delete shape.nullable;
    out.set(path, shape);

    const implied = path === "" && owner ? this.implied.get(owner) : undefined;
    for (const [name, child] of Object.entries(props)) {
      const childPath = `${path}.${name}`;
      this.walk(child, childPath, out);
      const entry = out.get(childPath)!;
      if (required.has(name)) entry.required = true;
      const tag = implied?.get(name);
      if (tag !== undefined && entry.const === undefined) entry.const = tag;
    }
    if (s.items !== undefined) this.walk(s.items, `${path}[]`, out);
    if (isObject(s.additionalProperties) && Object.keys(s.additionalProperties).length > 0) this.walk(s.additionalProperties, `${path}{}`, out);
  }

  fields(schema: unknown, owner?: string): FieldMap {
    const out: FieldMap = new Map();
    this.walk(schema, "", out, owner);
    return out;
  }

  content(node: unknown): Map<string, FieldMap> {
    const out = new Map<string, FieldMap>();
    const content = this.resolve(node).content;
    if (isObject(content)) for (const [ct, media] of Object.entries(content)) out.set(ct, isObject(media) && media.schema !== undefined ? this.fields(media.schema) : new Map());
    return out;
  }

  operations(): Map<string, OperationShape> {
    const out = new Map<string, OperationShape>();
    const paths = isObject(this.doc.paths) ? this.doc.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const parameters = new Map<string, FieldShape & { where: string }>();
        for (const raw of [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
          const p = this.resolve(raw);
          const shape = this.fields(p.schema).get("") ?? {};
          parameters.set(`${String(p.in)} ${String(p.name)}`, { ...shape, where: String(p.in), required: p.required === true });
        }
        const rb = op.requestBody === undefined ? undefined : this.resolve(op.requestBody);
        const responses = new Map<string, Map<string, FieldMap>>();
        if (isObject(op.responses)) for (const [status, r] of Object.entries(op.responses)) responses.set(status, this.content(r));
        out.set(`${method.toUpperCase()} ${path}`, {
          operationId: typeof op.operationId === "string" ? op.operationId : "",
          parameters,
          requestBody: rb ? { required: rb.required === true, content: this.content(rb) } : undefined,
          responses,
        });
      }
    }
    return out;
  }
}

/** Normalizes an OpenAPI 3.0.x or 3.1.x document. */
export function normalize(doc: JsonObject): DocumentShape {
  const version = String(doc.openapi ?? doc.swagger ?? "");
  if (!/^3\.[01]\./.test(version)) throw new Error(`not an OpenAPI 3.0 or 3.1 document (openapi: ${version || "missing"})`);
  const n = new Normalizer(doc);
  const schemas = new Map<string, FieldMap>();
  for (const [name, s] of Object.entries(n.schemas())) schemas.set(name, n.fields(s, name));
  return { version, operations: n.operations(), schemas };
}
