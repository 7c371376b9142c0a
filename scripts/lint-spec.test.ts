import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { parse } from "yaml";
import { SPEC_PATH } from "../spec/openapi.js";
import { lintSpec } from "./lint-spec.js";

// The spec is parsed once; each test breaks a copy of its own. The copy is written as JSON (which is YAML too): the
// YAML library took longer to write it than the linter to read it.
const parsed = parse(readFileSync(SPEC_PATH, "utf8"));
const original = () => structuredClone(parsed);
const lintCopy = (doc: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), "lint-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "spec.json");
  writeFileSync(file, JSON.stringify(doc));
  return lintSpec(file);
};

it("passes the project's spec", async () => {
  expect(await lintSpec()).toEqual([]);
});

it("reports an example that does not match its schema, naming the field", async () => {
  const doc = original();
  doc.paths["/users"].post.requestBody.content["application/json"].examples.example.value = { userId: 42 };
  expect(await lintCopy(doc)).toEqual(["PostUser (POST /users): request example is invalid: body.userId must be string"]);
});

it("reports an operation without a 401 response", async () => {
  const doc = original();
  delete doc.paths["/events"].get.responses["401"];
  expect(await lintCopy(doc)).toEqual(["GetAllEvents (GET /events): declares no 401 response"]);
});

it("reports a duplicate operationId", async () => {
  const doc = original();
  doc.paths["/events/{eventId}"].get.operationId = "GetAllEvents";
  const problems = await lintCopy(doc);
  expect(problems.at(-1)).toBe("operationId GetAllEvents is used twice");
});

it("reports a document that is not valid OpenAPI 3.1", async () => {
  const doc = original();
  doc.paths["/events"].get.responses["200"].description = undefined;
  doc.paths["/events"].get.parameters.push({ name: "x", in: "body" });
  const problems = await lintCopy(doc);
  expect(problems[0]).toMatch(/^not valid OpenAPI 3\.1: /);
});

// The mock compiles validators on first use, so a schema Ajv refuses must be caught here, for every kind of schema.
it("reports a request body schema that Ajv cannot compile", async () => {
  const doc = original();
  doc.components.schemas.PostUserRequest.properties.userId.minLenght = 1;
  expect(await lintCopy(doc)).toEqual(['a schema does not compile with Ajv (strict): strict mode: unknown keyword: "minLenght"']);
});

it("reports a parameter schema that Ajv cannot compile", async () => {
  const doc = original();
  doc.components.parameters.page.schema.minimun = 1;
  expect(await lintCopy(doc)).toEqual(['a schema does not compile with Ajv (strict): strict mode: unknown keyword: "minimun"']);
});

it("reports a component schema that no operation references but Ajv cannot compile", async () => {
  const doc = original();
  doc.components.schemas.NotReferenced = { type: "object", minProps: 1 };
  expect(await lintCopy(doc)).toEqual(['a schema does not compile with Ajv (strict): strict mode: unknown keyword: "minProps"']);
});

it("reports a response schema that Ajv cannot compile", async () => {
  const doc = original();
  doc.components.schemas.GetEventsResponse.maxProperty = 3;
  expect(await lintCopy(doc)).toEqual(['a schema does not compile with Ajv (strict): strict mode: unknown keyword: "maxProperty"']);
});
