// A compact JSON Schema 2020-12 → fast-check converter, for the subset the spec uses: `$ref` (with sibling
// `const`), `type` arrays with "null", `const`, `enum`, `oneOf` + `discriminator`, `anyOf`, objects with
// `required` and `additionalProperties: false`, arrays with `minItems`/`maxItems`, strings with `minLength`/`maxLength`
// (counted in code points, as the validators count them), `minimum`/`maximum` and the spec's formats.
// No maintained library covers 2020-12 type arrays and discriminators (json-schema-fast-check targets fast-check 1).
import fc from "fast-check";
import { resolvePointer, type JsonObject } from "../spec/openapi.js";

export type Arb = fc.Arbitrary<unknown>;

export interface ArbitraryOptions {
  document: JsonObject;
  /**
   * Replaces the generator of a named property (e.g. ids drawn from the objects that exist, safe webhook URLs); it gets
   * the property's schema (after `$ref`) too, so what it makes can keep to the schema's limits.
   */
  property?: (name: string, schema: JsonObject) => Arb | undefined;
  /** Largest "edge" array; small arrays (0-4 items) are the norm. */
  maxItems?: number;
}

const isObject = (x: unknown): x is JsonObject => typeof x === "object" && x !== null && !Array.isArray(x);

/** Follows `$ref`s; keeps the `const`/`enum` written beside a `$ref` (2020-12 applies both). */
export function resolveSchema(document: JsonObject, schema: unknown): JsonObject {
  let node: unknown = schema;
  const siblings: JsonObject = {};
  for (let hops = 0; isObject(node) && typeof node.$ref === "string"; hops++) {
    if (hops > 20) throw new Error("$ref chain too long");
    for (const k of ["const", "enum"]) if (k in node && !(k in siblings)) siblings[k] = node[k];
    node = resolvePointer(document, node.$ref.replace(/^#/, ""));
  }
  if (!isObject(node)) return {};
  return { ...node, ...siblings };
}

/** The JSON types a schema allows (after `$ref`), or all of them for an empty schema. */
export function schemaTypes(resolved: JsonObject): string[] {
  if ("const" in resolved) return [jsonType(resolved.const)];
  if (Array.isArray(resolved.enum)) return [...new Set(resolved.enum.map(jsonType))];
  if (typeof resolved.type === "string") return [resolved.type];
  if (Array.isArray(resolved.type)) return resolved.type.map(String);
  if (resolved.properties || resolved.oneOf) return ["object"];
  return ["string", "number", "integer", "boolean", "null", "array", "object"];
}

export function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Strings a careless or hostile client sends: empty, blank, unicode, slashes, dots, prototype names, long. */
export const EDGE_STRINGS = [
  "",
  " ",
  "ü",
  "Ω≈ç√",
  "😀",
  "👩‍👩‍👧",
  "\u0000",
  "\u202e",
  "a/b",
  "..",
  "%2F",
  "?#&",
  "__proto__",
  "constructor",
  "<script>",
  "'; DROP TABLE users; --",
  "x".repeat(256),
  "y".repeat(4096),
];

/** A string's length as JSON Schema's `minLength`/`maxLength` count it: in code points (a surrogate pair is one). */
export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Length limits of a string, e.g. a schema's `minLength`/`maxLength`. */
export interface StringLimits {
  minLength?: number;
  maxLength?: number;
}

/** The `minLength`/`maxLength` a (resolved) schema sets. */
export function stringLimits(s: JsonObject): StringLimits {
  return {
    ...(typeof s.minLength === "number" ? { minLength: s.minLength } : {}),
    ...(typeof s.maxLength === "number" ? { maxLength: s.maxLength } : {}),
  };
}

/** Whether a string keeps to the limits. */
export const withinLimits = (v: string, { minLength = 0, maxLength = Infinity }: StringLimits): boolean => {
  const n = codePoints(v);
  return n >= minLength && n <= maxLength;
};

/** Careless and hostile strings (see EDGE_STRINGS), within the limits when some are given. */
export const anyString = (limits: StringLimits = {}): fc.Arbitrary<string> => {
  const { minLength = 0, maxLength = Infinity } = limits;
  const cap = (n: number) => Math.max(0, Math.min(n, maxLength));
  const edges = EDGE_STRINGS.filter((v) => withinLimits(v, limits));
  const parts: fc.WeightedArbitrary<string>[] = [
    { weight: 6, arbitrary: fc.string({ maxLength: cap(16) }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: cap(12) }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: cap(8) }) },
  ];
  if (edges.length > 0) parts.push({ weight: 2, arbitrary: fc.constantFrom(...edges) });
  const any = fc.oneof(...parts);
  if (minLength === 0 && maxLength === Infinity) return any;
  // A grapheme is one or more code points: what the generators make is checked against the limits once more; a
  // minimum beyond their 16 characters gets strings of its own, up to 16 longer than the minimum.
  const long = minLength > 16 ? fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 16) }) : undefined;
  return (long ? fc.oneof(any, long) : any).filter((v) => withinLimits(v, limits));
};

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const dateArb = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2199-12-31T23:59:59Z"), noInvalidDate: true });

const FORMATS: Record<string, () => Arb> = {
  "date-time": () =>
    fc.oneof(
      dateArb.map((d) => d.toISOString()),
      fc.tuple(dateArb, fc.constantFrom("+01:00", "-05:30", "+00:00", "Z")).map(([d, z]) => d.toISOString().slice(0, 19) + z),
    ),
  date: () => dateArb.map((d) => d.toISOString().slice(0, 10)),
  "time-span": () =>
    fc
      .record({
        neg: fc.boolean(),
        days: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        h: fc.integer({ min: 0, max: 23 }),
        m: fc.integer({ min: 0, max: 59 }),
        s: fc.integer({ min: 0, max: 59 }),
        frac: fc.option(fc.integer({ min: 0, max: 9_999_999 }), { nil: undefined }),
      })
      .map(({ neg, days, h, m, s, frac }) => `${neg ? "-" : ""}${days === undefined ? "" : `${days}.`}${pad(h)}:${pad(m)}:${pad(s)}${frac === undefined ? "" : `.${pad(frac, 7)}`}`),
  uuid: () => fc.uuid(),
  uri: () => fc.webUrl(),
};

function numberArb(s: JsonObject, integer: boolean): Arb {
  const int32 = s.format === "int32";
  const lo = typeof s.minimum === "number" ? s.minimum : integer ? (int32 ? -(2 ** 31) : Number.MIN_SAFE_INTEGER) : undefined;
  const hi = typeof s.maximum === "number" ? s.maximum : integer ? (int32 ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER) : undefined;
  if (integer) {
    const min = lo ?? 0;
    const max = hi ?? 0;
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max, Math.min(Math.max(0, min), max)));
  }
  const double = fc.double({ noNaN: true, noDefaultInfinity: true, ...(lo === undefined ? {} : { min: lo }), ...(hi === undefined ? {} : { max: hi }) });
  // -0 travels as 0 in JSON; the edge values are the extremes and the small fractions.
  return fc.oneof({ weight: 3, arbitrary: double }, { weight: 1, arbitrary: fc.constantFrom(0, 0.5, -1.25, 1e-300, 1.7976931348623157e308) });
}

function stringArb(s: JsonObject): Arb {
  const limits = stringLimits(s);
  const format = typeof s.format === "string" ? FORMATS[s.format] : undefined;
  if (format) return limits.minLength === undefined && limits.maxLength === undefined ? format() : format().filter((v) => typeof v !== "string" || withinLimits(v, limits));
  return anyString(limits);
}

/** Generates values valid for `schema` (the caller checks them with the spec's validators anyway). */
export function valueArbitrary(schema: unknown, options: ArbitraryOptions, depth = 0): Arb {
  const s = resolveSchema(options.document, schema);
  if (depth > 12) return fc.constant(null);
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.oneOf)) return fc.oneof(...s.oneOf.map((b) => valueArbitrary(b, options, depth + 1)));
  if (Array.isArray(s.anyOf)) return fc.oneof(...s.anyOf.map((b) => valueArbitrary(b, options, depth + 1)));
  const types = schemaTypes(s);
  const arbs = types.map((t) => typedArbitrary(t, s, options, depth));
  if (arbs.length === 1) return arbs[0]!;
  // Null (where allowed) comes up in about one value in four: often enough to find the handlers that forget it.
  return fc.oneof(...arbs.map((arbitrary, i) => ({ weight: types[i] === "null" ? 1 : 3, arbitrary })));
}

function typedArbitrary(type: string, s: JsonObject, options: ArbitraryOptions, depth: number): Arb {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArb(s, true);
    case "number":
      return numberArb(s, false);
    case "string":
      return stringArb(s);
    case "array": {
      const item = valueArbitrary(s.items ?? {}, options, depth + 1);
      // The schema's `minItems`/`maxItems` bound both the small arrays and the long ones.
      const least = typeof s.minItems === "number" ? s.minItems : 0;
      const most = typeof s.maxItems === "number" ? s.maxItems : Infinity;
      const small = fc.array(item, { minLength: least, maxLength: Math.min(Math.max(4, least), most) });
      const max = Math.min(options.maxItems ?? 200, most);
      // Long arrays only near the top, so a body stays far below the 1 MiB limit.
      if (depth > 2 || max <= 4 || max <= least) return small;
      return fc.oneof({ weight: 9, arbitrary: small }, { weight: 1, arbitrary: fc.array(item, { minLength: Math.max(least, Math.ceil(max / 2)), maxLength: max }) });
    }
    case "object": {
      const properties = isObject(s.properties) ? s.properties : {};
      const required = Array.isArray(s.required) ? s.required.map(String) : [];
      const model: Record<string, Arb> = {};
      for (const [name, sub] of Object.entries(properties)) model[name] = options.property?.(name, resolveSchema(options.document, sub)) ?? valueArbitrary(sub, options, depth + 1);
      const record = fc.record(model, { requiredKeys: required.filter((k) => k in model) });
      if (s.additionalProperties === false || s.unevaluatedProperties === false) return record;
      const extra = isObject(s.additionalProperties) ? valueArbitrary(s.additionalProperties, options, depth + 1) : fc.jsonValue({ maxDepth: 2 });
      return fc.tuple(record, fc.dictionary(anyString(), extra, { maxKeys: 3 })).map(([r, d]) => Object.assign(Object.create(null) as JsonObject, d, r));
    }
    default:
      return fc.constant(null);
  }
}
