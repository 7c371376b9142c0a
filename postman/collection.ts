// Builds the Postman collection (format v2.1) from the spec: a Quickstart folder that follows the guide, then one
// folder per tag with every operation, each request checked against the spec. Deterministic: ids derive from
// names, so the same spec always gives the same bytes (`npm run build:postman -- --check` relies on it).
import { createHash } from "node:crypto";
import { resolvePointer, type JsonObject, type OperationInfo, type Spec } from "../spec/openapi.js";
import { COLLECTION_TESTS } from "./checks.js";
import { withLibrary } from "./library.js";
import { CLEANUP, ENDPOINT_FOLDERS, EXAMPLE_VARIABLES, PATH_VARIABLES, QUERY_VARIABLES } from "./endpoints.js";
import { QUICKSTART, QUICKSTART_DESCRIPTION } from "./quickstart.js";
import { sandboxSchema } from "./schema.js";
import { TOKEN_SCRIPT, testScript, type Expectation } from "./scripts.js";
import type { Step } from "./step.js";

export const COLLECTION_FILE = "postman/energy-coordination.postman_collection.json";
export const QUICKSTART_FOLDER = "Quickstart";
export const CLEANUP_FOLDER = "Cleanup";

/** Collection variables: defaults for the Postman app (the sandbox); environments override the first ones. */
export const VARIABLES: [name: string, value: string, description: string][] = [
  ["baseUrl", "https://api.sandbox.voluespark.com/energy-coordination/v1", "The API's base URL."],
  ["tokenUrl", "https://auth.identity.volue.com/connect/token", "The OAuth2 token endpoint."],
  ["client_id", "", "Your client id (Spark Portal)."],
  ["client_secret", "", "Your client secret (Spark Portal)."],
  ["webhookUrl", "https://partner.example/hooks/spark", "Where webhooks registered by the collection send notifications."],
  ["webhookSecret", "a-long-random-secret", "The secret those webhooks sign notifications with."],
  ["client2_id", "", "Optional: a second client of the same deployment; the isolation checks use it (skipped without it)."],
  ["client2_secret", "", "Optional: that second client's secret."],
  ["meterPointId", "707057500012345678", "The meter point id of the locations the collection registers."],
  ["accessToken", "", "Set by the collection's pre-request script: the cached access token."],
  ["accessTokenExpiresAt", "", "Set by the pre-request script: when the cached token expires (ms since 1970)."],
  ["accessTokenOwner", "", "Set by the pre-request script: the token URL and client the cached token belongs to."],
  ["userId", "", "Set by the run: the user it registered."],
  ["vehicleId", "", "Set by the run: the vehicle it registered."],
  ["locationId", "", "Set by the run: the location it registered."],
  ["resourceId", "", "Set by the run: the location-bound resource it registered."],
  ["webhookId", "", "Set by the run: the webhook it registered."],
  ["notificationId", "", "Set by the run: a notification logged for that webhook."],
  ["eventId", "", "Set by the run: the price-curve event it simulated."],
  ["eventHour1", "", "Set by the run: the first hour of that price curve."],
  ["eventHour2", "", "Set by the run: the second hour of that price curve."],
  ["batchUserId1", "", "Set by the run: the first user of the batch registration."],
  ["batchUserId2", "", "Set by the run: the second user of the batch registration (deleted again)."],
  ["batchUserId3", "", "Set by the run: the third user of the batch registration (never eligible)."],
  ["batchLocationId", "", "Set by the run: the first location of the batch registration (deleted again)."],
  ["batchLocationId2", "", "Set by the run: the second location of the batch registration (in a test area)."],
  ["batchResourceId", "", "Set by the run: a resource at the first batch location, which its delete takes with it."],
  ["usersBefore", "", "Set by the run: the user count before the simulated partner data."],
  ["listedDelivery", "", "Set by the run: the first delivery log as the list showed it."],
  ["maxBodyBytes", "", "Optional: the deployment's request size limit in bytes; the 413 check uses it (skipped without it)."],
  ["lpcHour", "", "Set by the run: the next whole hour, for the power limits the LPC simulations ask for."],
  ["writtenLocation", "", "Set by the run: the location as the PUT wrote it, for the read-back after the PATCH."],
  ["writtenWebhook", "", "Set by the run: the webhook as the PUT wrote it, for the read-back after the PATCH."],
  ["secondAccessToken", "", "Set by the isolation checks: the second client's cached access token."],
  ["secondAccessTokenExpiresAt", "", "Set by the isolation checks: when that token expires (ms since 1970)."],
];

/** A UUID derived from names, so that rebuilding gives the same ids. */
export function stableId(...parts: string[]): string {
  const h = createHash("sha1").update(`energy-coordination-postman/${parts.join("/")}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const script = (listen: "prerequest" | "test", exec: string[], ...idParts: string[]) => ({
  listen,
  script: { id: stableId(...idParts, listen), type: "text/javascript", exec },
});

function replaceExamples(value: unknown, replace: Record<string, string>): unknown {
  if (typeof value === "string") return replace[value] ?? value;
  if (Array.isArray(value)) return value.map((v) => replaceExamples(v, replace));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceExamples(v, replace)]));
  return value;
}

/** The status, media type and schema of the expected outcome: the first 2xx the spec declares. */
export function expectation(spec: Spec, op: OperationInfo): Expectation {
  const success = op.responses.find((r) => /^2\d\d$/.test(r.status));
  if (!success) throw new Error(`${op.operationId}: the spec declares no 2xx response`);
  const media = success.content[0];
  return {
    operationId: op.operationId,
    status: Number(success.status),
    contentType: media?.contentType,
    schema: media?.schemaPointer ? sandboxSchema(spec.document, media.schemaPointer) : undefined,
  };
}

function exampleValue(schema: JsonObject): string {
  for (const v of [schema.example, Array.isArray(schema.examples) ? schema.examples[0] : undefined, schema.default, Array.isArray(schema.enum) ? schema.enum[0] : undefined]) {
    if (v !== undefined) return String(v);
  }
  return schema.type === "boolean" ? "true" : schema.type === "integer" || schema.type === "number" ? String(schema.minimum ?? 1) : "";
}

const pathItemPointer = (op: OperationInfo) => `/${op.webhook ? "webhooks" : "paths"}/${op.path.replace(/~/g, "~0").replace(/\//g, "~1")}`;

function describeOperation(spec: Spec, op: OperationInfo): string {
  const node = resolvePointer(spec.document, `${pathItemPointer(op)}/${op.method}`) as JsonObject;
  const text = typeof node.description === "string" ? node.description : "";
  return [op.summary && `**${op.summary}.**`, text].filter(Boolean).join(" ");
}

function request(spec: Spec, step: Step, folder: string): JsonObject {
  const op = spec.byId.get(step.operationId);
  if (!op) throw new Error(`${folder}: ${step.operationId} is not an operation of the spec`);
  const name = step.name ?? op.operationId;
  const expected = expectation(spec, op);

  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const segments = op.path
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/^\{(.+)\}$/, ":$1"));
  const query = queryParams.map((p) => ({
    key: p.name,
    value: step.query?.[p.name] ?? (QUERY_VARIABLES[p.name] ? `{{${QUERY_VARIABLES[p.name]}}}` : exampleValue(p.schema)),
    description: String(paramDescription(spec, op, p.name) ?? ""),
  }));
  const queryString = query.length ? `?${query.map((q) => `${q.key}=${q.value}`).join("&")}` : "";
  // The token endpoint lives on the identity host: its whole URL is the tokenUrl variable.
  const url = op.ownServer
    ? { raw: "{{tokenUrl}}", host: ["{{tokenUrl}}"] }
    : {
        raw: `{{baseUrl}}/${segments.join("/")}${queryString}`,
        host: ["{{baseUrl}}"],
        path: segments,
        ...(query.length ? { query } : {}),
        ...(pathParams.length
          ? {
              variable: pathParams.map((p) => ({
                key: p.name,
                value: step.path?.[p.name] ?? `{{${PATH_VARIABLES[p.name] ?? p.name}}}`,
                description: String(paramDescription(spec, op, p.name) ?? ""),
              })),
            }
          : {}),
      };

  const header: JsonObject[] = [{ key: "Accept", value: "application/json" }];
  let body: JsonObject | undefined;
  const media = op.requestBody?.content[0];
  if (media) {
    const replace = { ...EXAMPLE_VARIABLES, ...step.replace };
    const value = step.body ?? replaceExamples(media.examples[0], replace);
    if (value === undefined) throw new Error(`${name}: the spec has no example body for ${op.operationId}; give the step a body`);
    header.push({ key: "Content-Type", value: media.contentType });
    if (media.contentType === "application/x-www-form-urlencoded") {
      body = { mode: "urlencoded", urlencoded: Object.entries(value as JsonObject).map(([key, v]) => ({ key, value: String(v), type: "text" })) };
    } else {
      body = { mode: "raw", raw: JSON.stringify(value, null, 2), options: { raw: { language: "json" } } };
    }
  }

  const description = [step.description ?? describeOperation(spec, op), `Operation \`${op.operationId}\`; expects ${expected.status}${expected.contentType ? ` and a body (${expected.contentType}) that matches the spec` : " and no body"}.`].join("\n\n");
  const event = [
    ...(step.before?.length ? [script("prerequest", withLibrary(step.before), folder, name)] : []),
    script("test", testScript(expected, step.after, step.helpers), folder, name),
  ];
  return {
    id: stableId(folder, name),
    name,
    event,
    request: {
      ...(op.secured ? {} : { auth: { type: "noauth" } }),
      method: op.method.toUpperCase(),
      header,
      ...(body ? { body } : {}),
      url,
      description,
    },
    response: [],
  };
}

function paramDescription(spec: Spec, op: OperationInfo, name: string): unknown {
  const item = resolvePointer(spec.document, pathItemPointer(op)) as JsonObject;
  const node = item[op.method] as JsonObject;
  for (const raw of [...((item.parameters as unknown[]) ?? []), ...((node.parameters as unknown[]) ?? [])]) {
    let p = raw as JsonObject;
    if (typeof p.$ref === "string") p = resolvePointer(spec.document, p.$ref.slice(1)) as JsonObject;
    if (p.name === name) return p.description;
  }
  return undefined;
}

/** The tag folders in run order: the planned ones, then any operation or tag the plan does not know yet. */
function endpointFolders(spec: Spec): { tag: string; description: string; steps: Step[] }[] {
  const tags = (Array.isArray(spec.document.tags) ? spec.document.tags : []) as JsonObject[];
  const tagDescription = (tag: string) => String(tags.find((t) => t.name === tag)?.description ?? "");
  const folders = ENDPOINT_FOLDERS.map((f) => ({ tag: f.tag, description: tagDescription(f.tag), steps: [...f.steps] }));
  const planned = new Set(folders.flatMap((f) => f.steps.map((s) => s.operationId as string)));
  for (const op of spec.operations) {
    if (op.webhook || planned.has(op.operationId)) continue;
    const tag = op.tags[0] ?? "Other";
    let folder = folders.find((f) => f.tag === tag);
    if (!folder) folders.push((folder = { tag, description: tagDescription(tag), steps: [] }));
    folder.steps.push({ operationId: op.operationId as Step["operationId"] });
  }
  return folders;
}

/** Builds the whole collection from the spec. */
export function buildCollection(spec: Spec): JsonObject {
  const info = spec.document.info as JsonObject;
  const folders = [
    { name: QUICKSTART_FOLDER, description: QUICKSTART_DESCRIPTION, steps: QUICKSTART },
    ...endpointFolders(spec).map((f) => ({ name: f.tag, description: f.description, steps: f.steps })),
    { name: CLEANUP_FOLDER, description: "Removes what the folders above registered.", steps: CLEANUP },
  ];
  const collection = {
    info: {
      _postman_id: stableId("collection"),
      name: String(info.title),
      description: [
        String(info.description ?? info.summary ?? ""),
        "Authentication: set `client_id` and `client_secret` (Variables tab, or pick the mock or sandbox environment). " +
          "The collection's pre-request script fetches and refreshes the client-credentials token by itself; the " +
          'Authorization tab holds the same OAuth2 settings, so "Get New Access Token" works too.',
        "Generated from spec/energy-coordination.yaml by `npm run build:postman`; edit the spec or postman/*.ts, not this file.",
      ].join("\n\n"),
      schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
    },
    item: folders.map((f) => ({
      id: stableId(f.name),
      name: f.name,
      description: f.description,
      item: f.steps.map((s) => request(spec, s, f.name)),
    })),
    auth: {
      type: "oauth2",
      oauth2: [
        { key: "grant_type", value: "client_credentials", type: "string" },
        { key: "accessTokenUrl", value: "{{tokenUrl}}", type: "string" },
        { key: "clientId", value: "{{client_id}}", type: "string" },
        { key: "clientSecret", value: "{{client_secret}}", type: "string" },
        { key: "client_authentication", value: "body", type: "string" },
        { key: "tokenName", value: "Energy Coordination", type: "string" },
        { key: "addTokenTo", value: "header", type: "string" },
        { key: "headerPrefix", value: "Bearer", type: "string" },
      ],
    },
    event: [script("prerequest", TOKEN_SCRIPT, "collection"), script("test", withLibrary(COLLECTION_TESTS), "collection")],
    variable: VARIABLES.map(([key, value, description]) => ({ key, value, type: "string", description })),
  };
  const declared = new Set(VARIABLES.map(([name]) => name));
  const text = JSON.stringify(collection);
  const used = [...text.matchAll(/\{\{([^}$]+)\}\}/g), ...text.matchAll(/collectionVariables\.set\(\\"([^\\]+)\\"/g)].map((m) => m[1]!);
  const undeclared = [...new Set(used.filter((v) => !declared.has(v)))];
  if (undeclared.length) throw new Error(`the collection uses undeclared variables: ${undeclared.join(", ")} (add them to VARIABLES in postman/collection.ts)`);
  return collection;
}

/** The collection file's exact text. */
export const serialize = (collection: JsonObject) => `${JSON.stringify(collection, null, 2)}\n`;
