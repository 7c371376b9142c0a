// Turns a spec schema (OpenAPI 3.1, JSON Schema 2020-12) into a self-contained draft-07 schema that the Postman
// sandbox can check with its bundled Ajv 6: component $refs become local `definitions`, `$ref` siblings move into
// `allOf`, discriminated `oneOf`s become if/then branches (so a failure names the branch's field, not all five
// branches), and annotations are dropped to keep the collection small.
import { resolvePointer, type JsonObject } from "../spec/openapi.js";

const COMPONENT = "#/components/schemas/";
// Keywords that do not affect validation (or that Ajv 6 does not know and the conversion replaces).
const ANNOTATIONS = new Set(["description", "example", "examples", "readOnly", "writeOnly", "deprecated", "title", "default", "externalDocs", "xml", "$comment", "discriminator"]);

// Keywords whose values are data, not schemas.
const VERBATIM = new Set(["enum", "const", "required", "type", "format", "pattern"]);

function isObject(x: unknown): x is JsonObject {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A draft-07 schema for the sandbox, equivalent to the spec schema at `pointer` (e.g. a response's `.../schema`). */
export function sandboxSchema(doc: JsonObject, pointer: string): JsonObject {
  const needed: string[] = [];
  const refName = (ref: string) => {
    if (!ref.startsWith(COMPONENT)) throw new Error(`${pointer}: cannot embed $ref ${ref} (only ${COMPONENT}* is supported)`);
    const name = ref.slice(COMPONENT.length);
    if (!needed.includes(name)) needed.push(name);
    return `#/definitions/${name}`;
  };

  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    const discriminated = discriminatorBranches(node);
    for (const [key, value] of Object.entries(node)) {
      if (ANNOTATIONS.has(key)) continue;
      if (key === "$ref") continue;
      if (key === "oneOf" && discriminated) continue;
      if (VERBATIM.has(key)) out[key] = value;
      else if (key === "properties" && isObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
      else out[key] = convert(value);
    }
    if (discriminated) {
      const { property, branches } = discriminated;
      out.required = [...new Set([...((out.required as string[] | undefined) ?? []), property])];
      out.properties = { ...(isObject(out.properties) ? out.properties : {}), [property]: { enum: branches.map(([tag]) => tag) } };
      const conditions = branches.map(([tag, ref]) => ({
        if: { required: [property], properties: { [property]: { const: tag } } },
        then: { $ref: refName(ref) },
      }));
      out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), ...conditions];
    }
    if (typeof node.$ref === "string") {
      const ref = { $ref: refName(node.$ref) };
      // Draft-07 ignores the siblings of a $ref; 2020-12 applies them. allOf keeps both.
      if (Object.keys(out).length === 0) return ref;
      out.allOf = [ref, ...((out.allOf as unknown[] | undefined) ?? [])];
    }
    return out;
  };

  let root = resolvePointer(doc, pointer);
  // A root that is only a component $ref is inlined, so the schema reads as the body's own.
  if (isObject(root) && typeof root.$ref === "string" && Object.keys(root).length === 1 && root.$ref.startsWith(COMPONENT)) {
    root = resolvePointer(doc, root.$ref.slice(1));
  }
  const schema = convert(root) as JsonObject;
  const definitions: JsonObject = {};
  for (let i = 0; i < needed.length; i++) {
    const name = needed[i]!;
    definitions[name] = convert(resolvePointer(doc, `${COMPONENT.slice(1)}${name}`));
  }
  const names = Object.keys(definitions).sort();
  if (names.length === 0) return schema;
  return { ...schema, definitions: Object.fromEntries(names.map((n) => [n, definitions[n]])) };
}

/** `[tag, $ref]` pairs of a `oneOf` whose discriminator maps every tag to a component, or undefined. */
function discriminatorBranches(node: JsonObject): { property: string; branches: [string, string][] } | undefined {
  const d = node.discriminator;
  if (!isObject(d) || typeof d.propertyName !== "string" || !isObject(d.mapping) || !Array.isArray(node.oneOf)) return undefined;
  const branches = Object.entries(d.mapping).map(([tag, ref]) => [tag, String(ref)] as [string, string]);
  const refs = node.oneOf.map((b) => (isObject(b) ? b.$ref : undefined));
  if (branches.length !== refs.length || !branches.every(([, ref]) => refs.includes(ref))) return undefined;
  return { property: d.propertyName, branches };
}
