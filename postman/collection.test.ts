import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { loadSpec, type JsonObject } from "../spec/openapi.js";
import { createValidators } from "../spec/validators.js";
import { buildCollection, serialize } from "./collection.js";
import { collectionProblems } from "./drift.js";
import { EXAMPLE_VARIABLES, plannedOperations } from "./endpoints.js";
import { COLLECTION_PATH } from "./run.js";

interface Item {
  name: string;
  request: { method: string; url: JsonObject; auth?: JsonObject; body?: { mode: string; raw?: string; urlencoded?: { key: string; value: string }[] } };
  event: { listen: string; script: { exec: string[] } }[];
}
interface Folder {
  name: string;
  item: Item[];
}

const spec = loadSpec();
const built = () => buildCollection(spec) as unknown as { item: Folder[]; auth: JsonObject };
const items = () => built().item.flatMap((f) => f.item);
const readJson = (file: string): unknown => JSON.parse(readFileSync(new URL(file, import.meta.url), "utf8"));

/** The operationId a request checks, read from its generated test script. */
function operationOf(item: Item): string {
  const line = item.event.find((e) => e.listen === "test")?.script.exec.find((l) => l.startsWith("const expected = "));
  return (JSON.parse(line!.slice("const expected = ".length, -1)) as { operationId: string }).operationId;
}

it("matches the committed collection, which holds every operation of the spec", () => {
  expect(collectionProblems(readFileSync(COLLECTION_PATH, "utf8"), spec)).toEqual([]);
});

it("reports an operation missing from a stale collection", () => {
  const collection = built();
  const users = collection.item.find((f) => f.name === "Users")!;
  users.item = users.item.filter((i) => i.name !== "GetUserById");

  expect(collectionProblems(serialize(collection as unknown as JsonObject), spec)).toEqual([
    "operations of the spec missing from the collection: GetUserById",
    "the collection differs from what the spec builds: run `npm run build:postman` and commit it",
  ]);
});

it("builds the same bytes every time", () => {
  expect(serialize(buildCollection(spec))).toBe(serialize(buildCollection(loadSpec())));
});

it("plans a place in the run order for every operation of the spec", () => {
  const served = spec.operations.filter((op) => !op.webhook).map((op) => op.operationId);
  expect([...plannedOperations()].sort()).toEqual([...served].sort());
});

it("replaces only example values that occur in the spec's request examples", () => {
  const examples = JSON.stringify(spec.operations.flatMap((op) => op.requestBody?.content.flatMap((m) => m.examples) ?? []));
  const unused = Object.keys(EXAMPLE_VARIABLES).filter((value) => !examples.includes(JSON.stringify(value)));
  expect(unused).toEqual([]);
});

it("sends bodies that the spec accepts once their variables are filled in", () => {
  const validators = createValidators(spec);
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
      name.startsWith("eventHour") || name === "lpcHour" ? "2026-11-27T00:00:00Z" : name === "webhookUrl" ? "https://partner.example/hooks/spark" : `value-of-${name}`,
    );
  const problems: string[] = [];
  for (const item of items()) {
    const body = item.request.body;
    if (!body) continue;
    const op = operationOf(item);
    const result =
      body.mode === "raw"
        ? validators.requestBody(op, JSON.parse(fill(body.raw!)))
        : validators.requestBody(op, Object.fromEntries(body.urlencoded!.map((p) => [p.key, fill(p.value)])), "application/x-www-form-urlencoded");
    for (const issue of result.issues) problems.push(`${item.name}: ${issue.field} ${issue.message}`);
  }
  expect(problems).toEqual([]);
});

it("puts path parameters in variables and query parameters with example values", () => {
  const logs = items().find((i) => i.name === "GetWebhookNotificationLogs")!;
  expect(logs.request.url).toEqual({
    raw: "{{baseUrl}}/webhooks/logs?webhookId={{webhookId}}&page=1&pageSize=100",
    host: ["{{baseUrl}}"],
    path: ["webhooks", "logs"],
    query: [
      { key: "webhookId", value: "{{webhookId}}", description: "Only attempts for this webhook." },
      { key: "page", value: "1", description: "Page number, from 1." },
      { key: "pageSize", value: "100", description: "Items per page, at most 1000." },
    ],
  });
  const location = items().find((i) => i.name === "GetLocationByLocationId")!;
  expect(location.request.url).toEqual({
    raw: "{{baseUrl}}/users/:userId/locations/:locationId",
    host: ["{{baseUrl}}"],
    path: ["users", ":userId", "locations", ":locationId"],
    variable: [
      { key: "userId", value: "{{userId}}", description: "The user's id." },
      { key: "locationId", value: "{{locationId}}", description: "The location's id." },
    ],
  });
});

it("sets OAuth2 client credentials on the collection and exempts only the token requests", () => {
  const collection = built();
  expect(collection.auth).toEqual({
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
  });
  const exempt = items()
    .filter((i) => i.request.auth !== undefined)
    .map((i) => [i.name, i.request.auth]);
  expect(exempt).toEqual([
    ["1. Get an access token", { type: "noauth" }],
    ["RequestToken", { type: "noauth" }],
  ]);
});

it("follows the quickstart guide step by step", () => {
  const quickstart = built().item[0]!;
  expect(quickstart.name).toBe("Quickstart");
  expect(quickstart.item.map((i) => [i.name, operationOf(i)])).toEqual([
    ["1. Get an access token", "RequestToken"],
    ["2. Register a user", "PostUser"],
    ["3. Register a vehicle", "PostVehicle"],
    ["4. Register a location", "PostLocation"],
    ["5. Register a location-bound resource", "PostLocationBoundResource"],
    ["6. Register a webhook", "PostWebhook"],
    ["7. Trigger a price curve", "PostPriceCurveSimulation"],
    ["8. Read the events", "GetAllEvents"],
    ["9. Send a report", "PostReport"],
    ["10. Clean up: delete the webhook", "DeleteWebhookById"],
    ["11. Clean up: delete the user", "DeleteUserById"],
  ]);
});

it("ships environments for the local mock and the sandbox", () => {
  const values = (file: string) => (readJson(file) as { values: { key: string; value: string }[] }).values.map((v) => [v.key, v.value]);
  expect(values("./mock.postman_environment.json")).toEqual([
    ["baseUrl", "http://127.0.0.1:4010/energy-coordination/v1"],
    ["tokenUrl", "http://127.0.0.1:4010/connect/token"],
    ["client_id", "partner-demo"],
    ["client_secret", "partner-demo-secret"],
    ["webhookUrl", "http://127.0.0.1:4020/hooks/spark"],
    ["webhookSecret", "a-long-random-secret"],
  ]);
  expect(values("./sandbox.postman_environment.json")).toEqual([
    ["baseUrl", "https://api.sandbox.voluespark.com/energy-coordination/v1"],
    ["tokenUrl", "https://auth.identity.volue.com/connect/token"],
    ["client_id", ""],
    ["client_secret", ""],
    ["webhookUrl", "https://partner.example/hooks/spark"],
  ]);
});
