// The JavaScript that runs inside Postman (and newman): the collection's token script and each request's checks.
// Written as plain ES2017 for the Postman sandbox; its `require("ajv")` is Ajv 6 (JSON Schema draft-07).
import type { JsonObject } from "../spec/openapi.js";
import { TIME_SPAN } from "../spec/validators.js";
import { withLibrary } from "./library.js";

/** Stores a token response in the collection variables the token script reads. */
const CACHE_TOKEN = [
  "function cacheToken(token) {",
  '  pm.collectionVariables.set("accessToken", token.access_token);',
  '  pm.collectionVariables.set("accessTokenExpiresAt", String(Date.now() + Number(token.expires_in) * 1000));',
  '  pm.collectionVariables.set("accessTokenOwner", pm.variables.get("tokenUrl") + " " + pm.variables.get("client_id"));',
  "}",
];

/**
 * Collection pre-request script: newman cannot run Postman's OAuth2 flow, so this fetches a client-credentials
 * token with pm.sendRequest, caches it with its expiry (per token URL and client), refreshes it a minute before
 * it runs out, and sends it as the bearer token. Requests with "No Auth" (the token endpoint) are left alone.
 */
export const TOKEN_SCRIPT: string[] = [
  "// Gets a client-credentials token for every request that inherits the collection's auth, caches it in the",
  "// collection variables until a minute before it expires, and sends it as `Authorization: Bearer ...`.",
  "// (The Authorization tab's \"Get New Access Token\" button does the same by hand in the Postman app.)",
  "(function () {",
  "  // Requests with their own \"No Auth\" (the token endpoint) get no token. A token from \"Get New Access Token\"",
  "  // needs no check here: the OAuth2 auth runs after this script and replaces the header with it.",
  '  if (pm.request.auth && pm.request.auth.type === "noauth") return;',
  ...CACHE_TOKEN.map((l) => `  ${l}`),
  "  // A failed test is reported (an error thrown in a sendRequest callback would be lost); the request is not sent.",
  "  function fail(message) {",
  '    pm.test("an access token from " + tokenUrl, function () { throw new Error(message); });',
  "    pm.execution.skipRequest();",
  "  }",
  "  function useToken(accessToken) {",
  '    pm.request.headers.upsert({ key: "Authorization", value: "Bearer " + accessToken });',
  "  }",
  '  const tokenUrl = pm.variables.get("tokenUrl");',
  '  const clientId = pm.variables.get("client_id");',
  '  const clientSecret = pm.variables.get("client_secret");',
  '  const cached = pm.collectionVariables.get("accessToken");',
  '  const expiresAt = Number(pm.collectionVariables.get("accessTokenExpiresAt") || 0);',
  '  const sameClient = pm.collectionVariables.get("accessTokenOwner") === tokenUrl + " " + clientId;',
  "  if (cached && sameClient && Date.now() < expiresAt - 60 * 1000) return useToken(cached);",
  "  if (!tokenUrl || !clientId || !clientSecret) {",
  '    return fail("Set tokenUrl, client_id and client_secret (environment or collection variables) to get an access token");',
  "  }",
  "  pm.sendRequest({",
  "    url: tokenUrl,",
  '    method: "POST",',
  '    header: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },',
  "    body: {",
  '      mode: "urlencoded",',
  "      urlencoded: [",
  '        { key: "grant_type", value: "client_credentials" },',
  '        { key: "client_id", value: clientId },',
  '        { key: "client_secret", value: clientSecret },',
  "      ],",
  "    },",
  "  }, function (err, res) {",
  '    if (err) return fail("Token request to " + tokenUrl + " failed: " + err.message);',
  '    if (res.code !== 200) return fail("Token request to " + tokenUrl + " answered " + res.code + ": " + res.text());',
  "    const token = res.json();",
  "    cacheToken(token);",
  "    useToken(token.access_token);",
  "  });",
  "})();",
];

export interface Expectation {
  /** The operationId, which names the request in failure messages. */
  operationId: string;
  /** The status the spec declares for the expected outcome. */
  status: number;
  /** The declared media type, when the response has a body. */
  contentType: string | undefined;
  /** The body's schema in draft-07 form (see schema.ts), when the response has a body. */
  schema: JsonObject | undefined;
}

/** The body check: Ajv 6 errors turned into `body.field message` lines, the way spec/validators.ts names fields. */
const CHECK_BODY = [
  "function checkBody() {",
  "  if (!expected.schema) {",
  '    pm.expect(pm.response.text(), expected.operationId + " " + expected.status + " has no body in the spec").to.equal("");',
  "    return;",
  "  }",
  '  pm.expect(pm.response.headers.get("Content-Type") || "(none)", "Content-Type").to.include(expected.contentType);',
  "  let body;",
  "  try {",
  "    body = pm.response.json();",
  "  } catch (e) {",
  '    throw new Error(expected.operationId + " " + pm.response.code + ": the body is not JSON: " + pm.response.text().slice(0, 200));',
  "  }",
  '  const Ajv = require("ajv");',
  '  const ajv = new Ajv({ allErrors: true, unknownFormats: "ignore" });',
  `  ajv.addFormat("time-span", ${String(TIME_SPAN)});`,
  "  if (ajv.validate(expected.schema, body)) return;",
  "  const issues = [];",
  "  ajv.errors.forEach(function (e) {",
  '    if (["oneOf", "anyOf", "allOf", "if"].indexOf(e.keyword) >= 0) return;',
  '    let field = "body" + e.dataPath;',
  '    let message = e.message;',
  '    if (e.keyword === "required") { field += "." + e.params.missingProperty; message = "is required"; }',
  '    if (e.keyword === "additionalProperties") { field += "." + e.params.additionalProperty; message = "is not allowed"; }',
  '    if (e.keyword === "enum") message = "must be one of " + e.params.allowedValues.join(", ");',
  '    if (e.keyword === "const") message = "must be " + JSON.stringify(e.params.allowedValue);',
  '    if (e.keyword === "type") message = "must be " + e.params.type.replace(",", " or ");',
  '    const line = field + " " + message;',
  "    if (issues.indexOf(line) < 0) issues.push(line);",
  "  });",
  '  throw new Error(expected.operationId + " " + pm.response.code + " does not match the spec: " + issues.join("; "));',
  "}",
];

/**
 * Test script of one request: the declared status, the body against the embedded schema, then `after`
 * (captures of ids for the next requests, read-backs, refusals...), which runs only when the status was the
 * expected one; the library functions of checks.ts that `after` calls come last.
 */
export function testScript(expected: Expectation, after: string[] = [], helpers: string[] = []): string[] {
  const { operationId, status } = expected;
  return withLibrary([
    "// Checks generated from spec/energy-coordination.yaml by scripts/build-postman.ts (npm run build:postman).",
    `const expected = ${JSON.stringify(expected)};`,
    `pm.test("${operationId} answers ${status}", function () {`,
    "  if (pm.response.code !== expected.status) {",
    '    throw new Error(expected.operationId + " answered " + pm.response.code + ", expected " + expected.status + ": " + pm.response.text().slice(0, 300));',
    "  }",
    "});",
    "if (pm.response.code === expected.status) {",
    `  pm.test("${operationId} ${status} body matches the spec", checkBody);`,
    ...after.map((l) => `  ${l}`),
    "}",
    ...CHECK_BODY,
    ...helpers,
  ]);
}

/** For a RequestToken step: keeps the token it received, so the requests after it reuse it. */
export const KEEP_TOKEN = { after: ["cacheToken(pm.response.json());"], helpers: CACHE_TOKEN };
