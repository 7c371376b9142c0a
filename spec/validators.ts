// Ajv validators compiled once (each on first use) from the spec, keyed by operationId (and status and content type for responses).
// Shared by the mock (requests), the contract suite (responses), the spec checks (examples) and the Postman build.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { loadSpec, resolvePointer, type JsonObject, type OperationInfo, type Spec } from "./openapi.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** .NET TimeSpan as the service writes it: `[-][d.]hh:mm:ss[.fffffff]`. */
export const TIME_SPAN = /^-?(\d+\.)?\d{1,2}:[0-5]\d:[0-5]\d(\.\d{1,7})?$/;

const SPEC_ID = "urn:energy-coordination:spec";
// Top-level OpenAPI keys that are not JSON Schema keywords; declared so strict mode accepts the document as a root.
const OPENAPI_KEYS = ["openapi", "info", "servers", "paths", "webhooks", "components", "security", "tags", "jsonSchemaDialect"];

export interface ValidationIssue {
  /** Where the problem is, e.g. `body.locationType` or `query.page`. */
  field: string;
  /** JSON pointer within the validated value, e.g. `/payloads/0/points`. */
  pointer: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

const OK: ValidationResult = { valid: true, issues: [] };

/** Creates the project's Ajv instance: JSON Schema 2020-12 with OpenAPI's keywords and formats. */
export function createAjv(options: { coerceTypes?: boolean; strict?: boolean; validateSchema?: boolean } = {}): Ajv2020 {
  const strict = options.strict ?? true;
  const ajv = new Ajv2020({
    validateSchema: options.validateSchema ?? true,
    strict,
    // Another party's document may use keywords and formats we do not know (`x-…`); they are ignored, not printed.
    ...(strict ? {} : { logger: false as const }),
    allErrors: true,
    allowUnionTypes: true,
    discriminator: true,
    verbose: true,
    coerceTypes: options.coerceTypes ?? false,
    // Keeps `__proto__` and friends as plain data when Ajv assigns defaults or coerces.
    ownProperties: true,
  });
  addFormats(ajv);
  ajv.addFormat("time-span", TIME_SPAN);
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
  ajv.addVocabulary([...new Set([...OPENAPI_KEYS, "example", "xml", "externalDocs"])]);
  return ajv;
}

function joinField(prefix: string, pointer: string): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : `${acc}.${p}`), prefix);
}

/** The tag values a discriminator accepts, read from the `const` of each branch (needs Ajv's `verbose`). */
function discriminatorValues(e: ErrorObject, doc: JsonObject | undefined): string[] {
  const parent = e.parentSchema as { oneOf?: { $ref?: string }[] } | undefined;
  const tag = String((e.params as Record<string, unknown>).tag);
  if (!doc || !parent?.oneOf) return [];
  return parent.oneOf.flatMap((branch) => {
    try {
      const target = branch.$ref ? (resolvePointer(doc, branch.$ref.split("#")[1] ?? "") as JsonObject) : (branch as JsonObject);
      const value = (target.properties as Record<string, { const?: unknown }> | undefined)?.[tag]?.const;
      return value === undefined ? [] : [String(value)];
    } catch {
      return [];
    }
  });
}

function describe(e: ErrorObject, doc?: JsonObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map(String).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "required":
      return "is required";
    case "additionalProperties":
    case "unevaluatedProperties":
      return "is not allowed";
    case "type":
      return `must be ${String(p.type).replace(",", " or ")}`;
    case "discriminator":
      return p.error === "mapping" ? `must be one of ${discriminatorValues(e, doc).join(", ") || "the declared kinds"}` : "is required";
    default:
      return e.message ?? e.keyword;
  }
}

/** Turns Ajv errors into issues that name the field and the rule. */
export function toIssues(errors: ErrorObject[] | null | undefined, prefix: string, doc?: JsonObject): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const e of errors ?? []) {
    // Errors from the branches of a oneOf are noise once a discriminator or the oneOf itself is reported.
    if (e.keyword === "oneOf" || e.keyword === "anyOf") continue;
    const p = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    if (e.keyword === "required") pointer += `/${String(p.missingProperty)}`;
    if (e.keyword === "additionalProperties") pointer += `/${String(p.additionalProperty)}`;
    if (e.keyword === "unevaluatedProperties") pointer += `/${String(p.unevaluatedProperty)}`;
    if (e.keyword === "discriminator") pointer += `/${String(p.tag)}`;
    const issue = { field: joinField(prefix, pointer), pointer: pointer || "/", message: describe(e, doc) };
    const key = `${issue.field} ${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  // A nullable field (`anyOf: [X, {type: "null"}]`) fails both branches: one issue, "must be … or null".
  for (let i = issues.length - 1; i >= 0; i--) {
    const other = issues[i]!.message === "must be null" ? issues.find((o, j) => j !== i && o.field === issues[i]!.field && o.message !== "must be null") : undefined;
    if (other) {
      other.message += " or null";
      issues.splice(i, 1);
    }
  }
  if (issues.length === 0 && errors && errors.length > 0) {
    const e = errors[0]!;
    issues.push({ field: joinField(prefix, e.instancePath), pointer: e.instancePath || "/", message: describe(e, doc) });
  }
  return issues;
}

/** One line per issue: `body.locationType must be one of Unknown, Residential, Commercial, Other`. */
export function formatIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${i.field} ${i.message}`).join("; ");
}

export interface Validators {
  spec: Spec;
  /** Validates a parsed request body of an operation for the given content type. */
  requestBody(operationId: string, body: unknown, contentType?: string): ValidationResult;
  /**
   * Validates path and query parameters (strings as received). Coerces the values in place to the
   * declared types, so `page=2` becomes the number 2 for the handler.
   */
  parameters(operationId: string, location: "path" | "query", values: Record<string, unknown>): ValidationResult;
  /** Validates a response body; the status must be declared for the operation. */
  response(operationId: string, status: number, contentType: string | undefined, body: unknown): ValidationResult;
  /** Validates any value against a named component schema (e.g. `PostUserRequest`). */
  schema(name: string, value: unknown, prefix?: string): ValidationResult;
  /** The compiled validator of a JSON pointer into the spec (for the spec checks). */
  compile(pointer: string): ValidateFunction;
  /** Compiles every request, response and component schema now (the spec checks); throws on a schema Ajv refuses. */
  compileAll(): void;
}

/**
 * Ajv's discriminator takes the tag values from each branch's `const` and refuses an explicit `mapping`;
 * the spec keeps the mappings for code generators, so Ajv gets a copy without them (the values are equal).
 */
function withoutDiscriminatorMappings(node: unknown): JsonObject {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (typeof x !== "object" || x === null) return x;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(x)) {
      if (k === "discriminator" && typeof v === "object" && v !== null && "propertyName" in v) out[k] = { propertyName: (v as JsonObject).propertyName };
      else out[k] = strip(v);
    }
    return out;
  };
  return strip(node) as JsonObject;
}

/** Points a schema's local `$ref`s at the spec document, so it can be compiled on its own. */
function absoluteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absoluteRefs);
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#") ? `${SPEC_ID}${v}` : absoluteRefs(v)]),
  );
}

const mediaKey = (contentType: string | undefined) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

/**
 * Compiles each validator once, on first use: an operation's request validators (body, path, query) when it is
 * first validated, a response schema when a response is first checked. Compiling all of them up front took
 * ~140 ms of the mock's start-up; `compileAll()` does it for the spec checks, so a broken schema is still reported.
 * `strict: false` is for documents that are not ours (`contract --spec`): unknown keywords and formats are ignored.
 */
/** The Ajv instances and their caches: schemas compiled once per pointer, parameter schemas once per shape. */
function schemaCompiler(spec: Spec, settings: { strict: boolean; validateSchema: boolean }) {
  // The document is copied and added on the first compile that needs it (~25 ms: Ajv walks all of it), not at
  // start-up: a mock's first requests (a token, a page of users) validate only inline parameter schemas.
  let forAjv: JsonObject | undefined;
  const documentForAjv = () => (forAjv ??= withoutDiscriminatorMappings(spec.document));
  let ajv: Ajv2020 | undefined;
  const documentAjv = () => {
    if (!ajv) {
      ajv = createAjv(settings);
      ajv.addSchema(documentForAjv(), SPEC_ID);
    }
    return ajv;
  };
  // Parameters arrive as strings and are coerced; that needs a second instance (only made when first needed). It
  // gets the whole document only for a parameter schema that refers into it: most are inline (`page`, an id), and
  // adding the document costs a mock's first request ~20 ms.
  let coercing: Ajv2020 | undefined;
  let withDocument = false;
  const coercingAjv = (refers: boolean) => {
    coercing ??= createAjv({ ...settings, coerceTypes: true });
    if (refers && !withDocument) {
      coercing.addSchema(documentForAjv(), SPEC_ID);
      withDocument = true;
    }
    return coercing;
  };
  const compiled = new Map<string, ValidateFunction>();
  // Many operations share a parameter shape (`{userId}`, `page`/`pageSize`, none): one compile per shape.
  const byShape = new Map<string, ValidateFunction>();
  return {
    compile(pointer: string): ValidateFunction {
      let fn = compiled.get(pointer);
      if (!fn) {
        fn = documentAjv().compile({ $ref: `${SPEC_ID}#${pointer}` });
        compiled.set(pointer, fn);
      }
      return fn;
    },
    compileParams(op: OperationInfo, where: "path" | "query"): ValidateFunction {
      const schema = paramSchema(op, where);
      const key = JSON.stringify(schema);
      let fn = byShape.get(key);
      if (!fn) byShape.set(key, (fn = coercingAjv(key.includes('"$ref"')).compile(schema)));
      return fn;
    },
  };
}

/** An operation's path or query parameters as one object schema. */
function paramSchema(op: OperationInfo, where: "path" | "query"): JsonObject {
  const list = op.parameters.filter((p) => p.in === where);
  return {
    type: "object",
    properties: Object.fromEntries(list.map((p) => [p.name, absoluteRefs(p.schema)])),
    required: list.filter((p) => p.required).map((p) => p.name),
    additionalProperties: where === "path" ? false : true,
  } satisfies JsonObject;
}

/** Status (and `status media`) → schema pointer (null: declared without a schema); reading it compiles nothing. */
function responseTable(op: OperationInfo): Map<string, string | null> {
  const r = new Map<string, string | null>();
  for (const res of op.responses) {
    r.set(res.status, null);
    for (const m of res.content) r.set(`${res.status} ${mediaKey(m.contentType)}`, m.schemaPointer ?? null);
  }
  return r;
}

/** Checks an answer against the operation's declared statuses, content types and schemas. */
function checkResponse(
  r: Map<string, string | null>,
  operationId: string,
  status: number,
  contentType: string | undefined,
  body: unknown,
  compile: (pointer: string) => ValidateFunction,
  document: JsonObject,
): ValidationResult {
  const code = String(status);
  const declared = r.has(code) ? code : r.has(`${code[0]}XX`) ? `${code[0]}XX` : r.has("default") ? "default" : undefined;
  if (!declared) {
    const list = [...r.keys()].filter((k) => !k.includes(" ")).join(", ");
    return { valid: false, issues: [{ field: "status", pointer: "/", message: `${status} is not declared for ${operationId} (declared: ${list})` }] };
  }
  const empty = body === undefined || body === "";
  const media = mediaKey(contentType);
  const mediaTypes = [...r.keys()].filter((k) => k.startsWith(`${declared} `));
  if (empty) return OK; // A declared body is optional on the wire (OpenAPI content does not make a body required).
  if (mediaTypes.length === 0) return { valid: false, issues: [{ field: "body", pointer: "/", message: `must be empty for ${status} (the spec declares no content)` }] };
  if (!r.has(`${declared} ${media}`)) {
    return { valid: false, issues: [{ field: "content-type", pointer: "/", message: `${media || "(none)"} is not declared for ${status}; expected ${mediaTypes.map((k) => k.split(" ")[1]).join(" or ")}` }] };
  }
  const pointer = r.get(`${declared} ${media}`);
  if (!pointer) return OK;
  const fn = compile(pointer);
  return fn(body) ? OK : { valid: false, issues: toIssues(fn.errors, "body", document) };
}

export function createValidators(spec: Spec = loadSpec(), options: { strict?: boolean; checkedSpec?: boolean } = {}): Validators {
  // `checkedSpec`: the document passed `npm run lint:spec` (the shipped spec has), so Ajv need not validate it against
  // the JSON Schema meta-schema again: that took ~90 ms of every mock's start-up.
  const { compile, compileParams } = schemaCompiler(spec, { strict: options.strict ?? true, validateSchema: !options.checkedSpec });

  interface RequestValidators {
    bodies: Map<string, ValidateFunction>;
    path: ValidateFunction;
    query: ValidateFunction;
  }
  const requests = new Map<string, RequestValidators>();
  const responses = new Map<string, Map<string, string | null>>();

  const operation = (operationId: string): OperationInfo => {
    const op = spec.byId.get(operationId);
    if (!op) throw new Error(`unknown operationId ${operationId}`);
    return op;
  };
  const requestValidators = (operationId: string): RequestValidators => {
    let v = requests.get(operationId);
    if (!v) {
      const op = operation(operationId);
      const bodies = new Map<string, ValidateFunction>();
      for (const m of op.requestBody?.content ?? []) if (m.schemaPointer) bodies.set(mediaKey(m.contentType), compile(m.schemaPointer));
      v = { bodies, path: compileParams(op, "path"), query: compileParams(op, "query") };
      requests.set(operationId, v);
    }
    return v;
  };

  return {
    spec,
    compile,
    compileAll() {
      for (const op of spec.operations) {
        requestValidators(op.operationId);
        for (const res of op.responses) for (const m of res.content) if (m.schemaPointer) compile(m.schemaPointer);
      }
      // Also the component schemas no operation references: the mock reads some by name (`schema(name)`).
      const components = (spec.document.components as JsonObject | undefined)?.schemas as JsonObject | undefined;
      for (const name of Object.keys(components ?? {})) compile(`/components/schemas/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    },
    requestBody(operationId, body, contentType = "application/json") {
      const fn = requestValidators(operationId).bodies.get(mediaKey(contentType));
      if (!fn) return { valid: false, issues: [{ field: "body", pointer: "/", message: `content type ${mediaKey(contentType) || "(none)"} is not accepted` }] };
      return fn(body) ? OK : { valid: false, issues: toIssues(fn.errors, "body", spec.document) };
    },
    parameters(operationId, location, values) {
      const fn = requestValidators(operationId)[location];
      return fn(values) ? OK : { valid: false, issues: toIssues(fn.errors, location, spec.document) };
    },
    response(operationId, status, contentType, body) {
      let table = responses.get(operationId);
      if (!table) responses.set(operationId, (table = responseTable(operation(operationId))));
      return checkResponse(table, operationId, status, contentType, body, compile, spec.document);
    },
    schema(name, value, prefix = "value") {
      const fn = compile(`/components/schemas/${name}`);
      return fn(value) ? OK : { valid: false, issues: toIssues(fn.errors, prefix, spec.document) };
    },
  };
}

let shipped: Validators | undefined;
/**
 * The validators of the spec this project ships, compiled once per process and shared by everything that judges by
 * it (the mock, the contract suite, the fuzzer): compiling takes a while, and they are pure once compiled. That
 * document passes `npm run lint:spec`, so it is not meta-validated again.
 */
export function specValidators(): Validators {
  shipped ??= createValidators(undefined, { checkedSpec: true });
  return shipped;
}
