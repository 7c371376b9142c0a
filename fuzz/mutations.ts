// Breaks a valid request body in one place, the way buggy clients do: a wrong type, a missing required field, an
// unknown field, a value outside an enum, an empty id, a string one past its `maxLength`, an array one past its
// `maxItems`. The spec's validators decide afterwards whether the result really is invalid, so a mutation that happens
// to stay valid is simply tested as a valid request.
import fc from "fast-check";
import type { JsonObject } from "../spec/openapi.js";
import { jsonType, resolveSchema, schemaTypes } from "./arbitraries.js";

export type MutationKind = "wrong-type" | "missing-required" | "extra-field" | "wrong-enum" | "too-short" | "too-long" | "too-many";

export interface Mutation {
  kind: MutationKind;
  /** JSON pointer of the changed node, `/` for the body itself. */
  pointer: string;
  apply(body: unknown): unknown;
}

interface Slot {
  pointer: string[];
  schema: JsonObject;
  value: unknown;
}

const isObject = (x: unknown): x is JsonObject => typeof x === "object" && x !== null && !Array.isArray(x);

/** Every node of a value with the schema that governs it (branches of a discriminated oneOf picked by the tag). */
function slots(document: JsonObject, schema: unknown, value: unknown, pointer: string[] = [], out: Slot[] = []): Slot[] {
  let s = resolveSchema(document, schema);
  if (Array.isArray(s.oneOf) && isObject(value)) {
    const tag = isObject(s.discriminator) ? String(s.discriminator.propertyName) : undefined;
    const branch = s.oneOf.map((b) => resolveSchema(document, b)).find((b) => tag !== undefined && isObject(b.properties) && resolveSchema(document, b.properties[tag]).const === value[tag]);
    if (branch) s = branch;
  }
  // A nullable field (`anyOf: [X, {type: "null"}]`) holding a value is governed by X.
  if (Array.isArray(s.anyOf) && value !== null) {
    const branches = s.anyOf.map((b) => resolveSchema(document, b)).filter((b) => b.type !== "null");
    if (branches.length === 1) s = branches[0]!;
  }
  out.push({ pointer, schema: s, value });
  if (Array.isArray(value) && s.items !== undefined) value.forEach((v, i) => slots(document, s.items, v, [...pointer, String(i)], out));
  else if (isObject(value) && isObject(s.properties)) {
    for (const [k, v] of Object.entries(value)) if (k in s.properties) slots(document, s.properties[k], v, [...pointer, k], out);
  }
  return out;
}

const SAMPLES: unknown[] = ["text", 42, 1.5, true, null, [], {}, [1, "two"], { nested: { deeper: [null] } }];

function setAt(body: unknown, pointer: string[], change: (parent: JsonObject | unknown[], key: string) => void): unknown {
  const copy: unknown = structuredClone(body);
  if (pointer.length === 0) throw new Error("setAt needs a pointer below the root");
  let node: unknown = copy;
  for (const part of pointer.slice(0, -1)) node = (node as Record<string, unknown>)[part];
  change(node as JsonObject, pointer[pointer.length - 1]!);
  return copy;
}

const encode = (pointer: string[]) => `/${pointer.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;

/** The mutations that can be applied to this body. */
export function mutationsOf(document: JsonObject, schema: unknown, body: unknown): Mutation[] {
  const list: Mutation[] = [];
  // Past the limits (the spec's maxLength and maxItems): after the others, so the older kinds keep their order.
  const beyond: Mutation[] = [];
  for (const slot of slots(document, schema, body)) {
    const at = encode(slot.pointer);
    const allowed = new Set(schemaTypes(slot.schema));
    if (allowed.has("number")) allowed.add("integer");
    for (const sample of SAMPLES) {
      if (allowed.has(jsonType(sample))) continue;
      const apply = slot.pointer.length === 0 ? () => structuredClone(sample) : (b: unknown) => setAt(b, slot.pointer, (p, k) => ((p as Record<string, unknown>)[k] = structuredClone(sample)));
      list.push({ kind: "wrong-type", pointer: at, apply });
    }
    if (slot.pointer.length > 0 && (Array.isArray(slot.schema.enum) || "const" in slot.schema)) {
      for (const wrong of ["NotAValue", "", String(slot.value).toLowerCase(), ` ${String(slot.value)}`]) {
        list.push({ kind: "wrong-enum", pointer: at, apply: (b) => setAt(b, slot.pointer, (p, k) => ((p as Record<string, unknown>)[k] = wrong)) });
      }
    }
    if (slot.pointer.length > 0 && typeof slot.schema.minLength === "number" && slot.schema.minLength > 0) {
      list.push({ kind: "too-short", pointer: at, apply: (b) => setAt(b, slot.pointer, (p, k) => ((p as Record<string, unknown>)[k] = "")) });
    }
    const { maxLength, maxItems } = slot.schema;
    if (slot.pointer.length > 0 && typeof slot.value === "string" && typeof maxLength === "number" && maxLength < 100_000) {
      // One code point past the limit (as the validators count): the value's start, padded with `x`.
      const start = [...slot.value].slice(0, maxLength);
      const over = start.join("") + "x".repeat(maxLength + 1 - start.length);
      beyond.push({ kind: "too-long", pointer: at, apply: (b) => setAt(b, slot.pointer, (p, k) => ((p as Record<string, unknown>)[k] = over)) });
    }
    if (slot.pointer.length > 0 && Array.isArray(slot.value) && slot.value.length > 0 && typeof maxItems === "number" && maxItems < 10_000) {
      // One item past the limit: the array's own items, repeated.
      const items = slot.value;
      const over = Array.from({ length: maxItems + 1 }, (_, i) => structuredClone(items[i % items.length]));
      beyond.push({ kind: "too-many", pointer: at, apply: (b) => setAt(b, slot.pointer, (p, k) => ((p as Record<string, unknown>)[k] = over)) });
    }
    if (isObject(slot.value)) {
      const required = Array.isArray(slot.schema.required) ? slot.schema.required.map(String) : [];
      for (const key of required) {
        if (!(key in slot.value)) continue;
        const path = [...slot.pointer, key];
        list.push({ kind: "missing-required", pointer: encode(path), apply: (b) => setAt(b, path, (p, k) => delete (p as Record<string, unknown>)[k]) });
      }
      if (slot.schema.additionalProperties === false) {
        for (const extra of ["unexpectedField", "__proto__", "constructor", "UserId", ""]) {
          const apply = (b: unknown) => {
            const add = (o: JsonObject) => Object.defineProperty(o, extra, { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
            if (slot.pointer.length === 0) {
              const copy = structuredClone(b) as JsonObject;
              add(copy);
              return copy;
            }
            return setAt(b, slot.pointer, (p, k) => add((p as Record<string, JsonObject>)[k]!));
          };
          list.push({ kind: "extra-field", pointer: encode([...slot.pointer, extra]), apply });
        }
      }
    }
  }
  return [...list, ...beyond];
}

/** Picks one mutation of the body (or none when it offers nothing to break): a kind first, so the many wrong types do not crowd out a missing field. */
export function mutationArbitrary(document: JsonObject, schema: unknown, body: unknown): fc.Arbitrary<Mutation | undefined> {
  const list = mutationsOf(document, schema, body);
  if (list.length === 0) return fc.constant(undefined);
  const kinds = [...new Set(list.map((m) => m.kind))];
  return fc.constantFrom(...kinds).chain((kind) => fc.constantFrom(...list.filter((m) => m.kind === kind)));
}
