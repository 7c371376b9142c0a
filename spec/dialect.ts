// Turns another document's schemas into plain JSON Schema 2020-12 (what OpenAPI 3.1 and our Ajv speak), so that
// any version of a document can validate responses: 3.0's `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum`
// are respelt, and `discriminator` is dropped (an OpenAPI hint, not a rule: the `oneOf` beside it still decides, and
// Ajv's own discriminator keyword refuses 3.0's allOf-style use of it). Only schema positions are rewritten; a
// property that happens to be called `nullable` stays a property.
import type { JsonObject } from "./openapi.js";

const isObject = (x: unknown): x is JsonObject => typeof x === "object" && x !== null && !Array.isArray(x);

const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_ONES = ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"];

/** One schema (and everything under it) in the 2020-12 spelling; `from30` respells 3.0's keywords. */
export function toSchema2020(node: unknown, from30: boolean): unknown {
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  const convert = (x: unknown) => toSchema2020(x, from30);
  for (const [key, value] of Object.entries(node)) {
    if (key === "discriminator") continue;
    if (SCHEMA_MAPS.includes(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) out[key] = value.map(convert);
    else if (SCHEMA_ONES.includes(key)) out[key] = convert(value);
    else out[key] = value;
  }
  if (!from30) return out;
  for (const [bound, exclusive] of [["minimum", "exclusiveMinimum"], ["maximum", "exclusiveMaximum"]] as const) {
    if (typeof out[exclusive] !== "boolean") continue;
    if (out[exclusive] === true && typeof out[bound] === "number") {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
  if (!("nullable" in out)) return out;
  const nullable = out.nullable === true;
  delete out.nullable;
  if (!nullable) return out;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === "string") return { ...out, type: [out.type, "null"] };
  // No type of its own (a `$ref`, an `allOf`): null or the schema.
  return { anyOf: [out, { type: "null" }] };
}

/** Every schema of the document (components, parameters, bodies, responses, headers), rewritten; examples stay data. */
function rewrite(node: JsonObject, from30: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "example" || k === "examples") out[k] = v;
    else if (k === "schema") out[k] = toSchema2020(v, from30);
    else if (k === "schemas" && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, toSchema2020(s, from30)]));
    else if (isObject(v)) out[k] = rewrite(v, from30);
    else if (Array.isArray(v)) out[k] = v.map((x) => (isObject(x) ? rewrite(x, from30) : x));
    else out[k] = v;
  }
  return out;
}

/** A 3.0.x or 3.1 document whose schemas Ajv 2020 compiles (a copy; the document is left as it is). */
export function toJsonSchema2020(document: JsonObject): JsonObject {
  return rewrite(document, /^3\.0\./.test(String(document.openapi ?? "")));
}
