import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { loadSpec, type JsonObject } from "../spec/openapi.js";
import { buildCollection, expectation } from "./collection.js";
import { sandboxSchema } from "./schema.js";
import { runCollection } from "./run.js";
import { QUICKSTART } from "./quickstart.js";
import { CLEANUP } from "./endpoints.js";

const doc: JsonObject = {
  components: {
    schemas: {
      Kind: { description: "A kind.", enum: ["A", "B"], type: "string" },
      Thing: {
        description: "Carries a kind.",
        required: ["kind"],
        type: "object",
        properties: { kind: { $ref: "#/components/schemas/Kind", const: "A" }, description: { type: ["string", "null"], example: "x" } },
        additionalProperties: false,
      },
      Other: { type: "object", properties: { kind: { $ref: "#/components/schemas/Kind", const: "B" } } },
      Either: {
        oneOf: [{ $ref: "#/components/schemas/Thing" }, { $ref: "#/components/schemas/Other" }],
        discriminator: { propertyName: "kind", mapping: { A: "#/components/schemas/Thing", B: "#/components/schemas/Other" } },
      },
    },
  },
  paths: { "/things": { get: { responses: { "200": { content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Either" } } } } } } } } },
};

it("inlines a component root, keeps property names, moves $ref siblings into allOf and drops annotations", () => {
  expect(sandboxSchema(doc, "/components/schemas/Thing")).toEqual({
    required: ["kind"],
    type: "object",
    properties: { kind: { const: "A", allOf: [{ $ref: "#/definitions/Kind" }] }, description: { type: ["string", "null"] } },
    additionalProperties: false,
    definitions: { Kind: { enum: ["A", "B"], type: "string" } },
  });
});

it("turns a discriminated oneOf into if/then branches on the tag", () => {
  const schema = sandboxSchema(doc, "/paths/~1things/get/responses/200/content/application~1json/schema");
  expect(schema.items).toEqual({ $ref: "#/definitions/Either" });
  expect((schema.definitions as JsonObject).Either).toEqual({
    required: ["kind"],
    properties: { kind: { enum: ["A", "B"] } },
    allOf: [
      { if: { required: ["kind"], properties: { kind: { const: "A" } } }, then: { $ref: "#/definitions/Thing" } },
      { if: { required: ["kind"], properties: { kind: { const: "B" } } }, then: { $ref: "#/definitions/Other" } },
    ],
  });
  expect(Object.keys(schema.definitions as JsonObject)).toEqual(["Either", "Kind", "Other", "Thing"]);
});

it("refuses a $ref it cannot embed", () => {
  const bad = { components: { schemas: { X: { $ref: "other.yaml#/X" } } }, paths: {} };
  expect(() => sandboxSchema(bad, "/components/schemas/X")).toThrow("/components/schemas/X: cannot embed $ref other.yaml#/X");
});

// A whole newman run can be slow on a loaded 2-core machine.
it("accepts the spec's own 2xx examples in the Postman sandbox", { timeout: 60_000 }, async () => {
  // A server that answers every request of the collection with the example the spec gives for its expected status,
  // so the embedded draft-07 schemas meet exactly what the spec's 2020-12 schemas accept.
  const spec = loadSpec();
  const routes = spec.operations
    .filter((op) => !op.webhook)
    .map((op) => {
      const pattern = new RegExp(`^${op.ownServer ? "" : "/energy-coordination/v1"}${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
      const { status } = expectation(spec, op);
      const example = op.responses.find((r) => r.status === String(status))?.content[0]?.examples[0];
      return { method: op.method.toUpperCase(), pattern, status, example, params: op.path.split("{").length };
    })
    // `/webhooks/logs` before `/webhooks/{webhookId}`.
    .sort((a, b) => a.params - b.params);
  const server = http.createServer((req, res) => {
    req.resume();
    const path = (req.url ?? "/").split("?")[0]!;
    const route = routes.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) return void res.writeHead(599).end();
    if (route.example === undefined) return void res.writeHead(route.status).end();
    res.writeHead(route.status, { "Content-Type": "application/json" }).end(JSON.stringify(route.example));
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const result = await runCollection({
      collection: buildCollection(spec),
      reporters: [],
      envVars: [
        { key: "baseUrl", value: `${origin}/energy-coordination/v1` },
        { key: "tokenUrl", value: `${origin}/connect/token` },
        { key: "client_id", value: "partner-demo" },
        { key: "client_secret", value: "partner-demo-secret" },
      ],
    });
    // The examples carry the spec's example ids and times, not this run's, so only the status and schema checks apply here.
    const specChecks = result.failures.filter((f) => f.test === undefined || / answers \d{3}$| body matches the spec$/.test(f.test));
    expect(specChecks).toEqual([]);
    expect(result.executed).toHaveLength(routes.length + QUICKSTART.length + CLEANUP.length);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
