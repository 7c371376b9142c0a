import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { SPEC_PATH, type JsonObject } from "../spec/openapi.js";
import { DEFAULT_UPSTREAM, checkUpstream, loadAllowlist } from "./check-upstream.js";

const run = promisify(execFile);
const vendor = () => JSON.parse(readFileSync(DEFAULT_UPSTREAM, "utf8")) as any;
const ours = parse(readFileSync(SPEC_PATH, "utf8")) as JsonObject;
const allowlist = loadAllowlist();
const unexpectedKeys = (doc: JsonObject) => checkUpstream(doc, ours, allowlist).unexpected.map((d) => d.key);

it("finds only intentional differences against the vendor document", () => {
  const result = checkUpstream(vendor(), ours, allowlist);
  expect(result.unexpected).toEqual([]);
  expect(result.unused).toEqual([]);
  expect(result.differences.length).toBeGreaterThan(100);
});

it("names an operation that the vendor adds", () => {
  const doc = vendor();
  doc.paths["/users/{userId}/contracts"] = { get: { operationId: "GetContracts", responses: { 200: { description: "OK" } } } };
  expect(unexpectedKeys(doc)).toEqual(["operation GET /users/{userId}/contracts: removed"]);
});

it("names an operation that the vendor removes", () => {
  const doc = vendor();
  delete doc.paths["/users/{userId}"].delete;
  expect(unexpectedKeys(doc)).toEqual(["operation DELETE /users/{userId}: added"]);
});

it("names an enum value that the vendor adds", () => {
  const doc = vendor();
  doc.components.schemas.LocationType.enum.push("Industrial");
  expect(unexpectedKeys(doc)).toEqual(["schema LocationType: enum: upstream has Industrial that we lack"]);
});

it("names a field that becomes required, and one whose type changes", () => {
  const doc = vendor();
  doc.components.schemas.PostLocationRequest.required.push("locationType");
  doc.components.schemas.GetUserEligibilityResponse.properties.isEligible.type = "string";
  expect(unexpectedKeys(doc)).toEqual([
    "schema GetUserEligibilityResponse .isEligible: type: upstream string, ours boolean",
    "schema PostLocationRequest .locationType: required: upstream true, ours false",
  ]);
});

it("names a property that becomes nullable, and a new status code", () => {
  const doc = vendor();
  doc.components.schemas.GetWebhookResponse.properties.webhookUrl.nullable = true;
  doc.paths["/events"].get.responses["429"] = { description: "Too Many Requests" };
  expect(unexpectedKeys(doc)).toEqual([
    "operation GET /events response 429: removed (upstream declares it, ours does not)",
    "schema GetWebhookResponse .webhookUrl: nullable: upstream true, ours false",
  ]);
});

it("refuses a document that is not OpenAPI 3.0 or 3.1", () => {
  expect(() => checkUpstream({ swagger: "2.0", paths: {} }, ours, allowlist)).toThrow("not an OpenAPI 3.0 or 3.1 document (openapi: 2.0)");
});

it("fails from the command line on an edited YAML copy, naming the operation and the field", async () => {
  const doc = vendor();
  doc.paths["/users/{userId}/locations"].post.responses["409"].description = "still there";
  delete doc.paths["/users/{userId}/locations"].post.responses["409"];
  doc.components.schemas.ResourceType.enum.push("HeatPump");
  const dir = mkdtempSync(join(tmpdir(), "upstream-"));
  const file = join(dir, "vendor.yaml");
  writeFileSync(file, stringify(doc));
  const failure = await run("npx", ["tsx", "scripts/check-upstream.ts", file]).then(
    () => undefined,
    (e: { code: number; stderr: string }) => e,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toContain("✗ 2 difference(s) not in spec/upstream-differences.yaml:");
  expect(failure?.stderr).toContain("  operation POST /users/{userId}/locations\n    response 409: added (ours declares it, upstream does not)");
  expect(failure?.stderr).toContain("  schema ResourceType\n    enum: upstream has HeatPump that we lack");
});

it("passes from the command line against the vendor document", async () => {
  const { stdout } = await run("npx", ["tsx", "scripts/check-upstream.ts"]);
  expect(stdout).toContain("✓ no unexpected differences (140 intentional");
});
