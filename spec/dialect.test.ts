import { expect, it } from "vitest";
import { toJsonSchema2020, toSchema2020 } from "./dialect.js";

it("respells 3.0's nullable, boolean exclusive bounds and discriminator for JSON Schema 2020-12", () => {
  const schema = {
    type: "object",
    discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/A" } },
    properties: {
      nullable: { type: "boolean" },
      name: { type: "string", nullable: true },
      kind: { type: "string", enum: ["a", "b"], nullable: true },
      parent: { allOf: [{ $ref: "#/components/schemas/A" }], nullable: true },
      count: { type: "integer", minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false },
      tags: { type: "array", items: { type: "string", nullable: true } },
      plain: { type: "string", nullable: false },
    },
  };
  expect(toSchema2020(schema, true)).toEqual({
    type: "object",
    properties: {
      nullable: { type: "boolean" },
      name: { type: ["string", "null"] },
      kind: { type: ["string", "null"], enum: ["a", "b", null] },
      parent: { anyOf: [{ allOf: [{ $ref: "#/components/schemas/A" }] }, { type: "null" }] },
      count: { type: "integer", exclusiveMinimum: 0, maximum: 10 },
      tags: { type: "array", items: { type: ["string", "null"] } },
      plain: { type: "string" },
    },
  });
});

it("rewrites only schema positions of a 3.0 document and leaves a 3.1 document's nullable-free schemas as they are", () => {
  const doc30 = {
    openapi: "3.0.1",
    paths: { "/a": { get: { parameters: [{ name: "q", in: "query", schema: { type: "string", nullable: true } }], responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/A" }, example: { nullable: true } } } } } } } },
    components: { schemas: { A: { type: "integer", nullable: true } } },
  };
  expect(toJsonSchema2020(doc30)).toEqual({
    openapi: "3.0.1",
    paths: { "/a": { get: { parameters: [{ name: "q", in: "query", schema: { type: ["string", "null"] } }], responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/A" }, example: { nullable: true } } } } } } } },
    components: { schemas: { A: { type: ["integer", "null"] } } },
  });
  const doc31 = { openapi: "3.1.0", paths: {}, components: { schemas: { A: { type: ["integer", "null"], nullable: true } } } };
  expect(toJsonSchema2020(doc31)).toEqual(doc31);
});
