import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { BIN, ensureBuilt } from "../mock/test-support.js";
import { SPEC_PATH, type JsonObject } from "../spec/openapi.js";
import { changesFromLock, checkUpstream, loadAllowlist, shapeOf, UsageError } from "./check-upstream.js";
import { fromLock, readLock, sha256, toLock } from "./upstream/lock.js";
import { normalize } from "./upstream/normalize.js";

const run = promisify(execFile);
const ours = parse(readFileSync(SPEC_PATH, "utf8")) as JsonObject;
const allowlist = loadAllowlist();

/** A small vendor-style document (OpenAPI 3.0, nullable, a generator's empty 200 beside the 201). */
function vendorDoc(): any {
  return {
    openapi: "3.0.1",
    info: { title: "Vendor", version: "v1" },
    paths: {
      "/users": {
        post: {
          operationId: "PostUser",
          description: "Registers a user (a description the lock must not keep)",
          requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/PostUserRequest" } } } },
          responses: { 200: { description: "OK" }, 201: { description: "Created", content: { "application/json": { schema: { $ref: "#/components/schemas/GetUserResponse" } } } } },
        },
      },
      "/users/{userId}": {
        get: {
          operationId: "GetUserById",
          parameters: [{ name: "userId", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/GetUserResponse" } } } } },
        },
      },
    },
    components: {
      schemas: {
        PostUserRequest: { type: "object", required: ["userId"], properties: { userId: { type: "string" } }, additionalProperties: false },
        GetUserResponse: { type: "object", properties: { userId: { type: "string", nullable: true }, kind: { $ref: "#/components/schemas/Kind" } } },
        Kind: { type: "string", enum: ["Residential", "Commercial"] },
      },
    },
  };
}

/** The same API as our 3.1 document would write it. */
function oursDoc(): any {
  const doc = vendorDoc();
  doc.openapi = "3.1.0";
  delete doc.paths["/users"].post.responses[200];
  doc.components.schemas.GetUserResponse.properties.userId = { type: ["string", "null"] };
  return doc;
}

const keys = (upstream: JsonObject, mine: JsonObject = oursDoc()) => checkUpstream(normalize(upstream), normalize(mine), []).unexpected.map((d) => d.key);

it("finds only intentional differences between the upstream lock and our spec", () => {
  const result = checkUpstream(fromLock(readLock()), normalize(ours), allowlist);
  expect(result.unexpected).toEqual([]);
  expect(result.unused).toEqual([]);
  expect(result.differences.filter((d) => d.reason === undefined)).toEqual([]);
});

it("reads 3.0 nullable and 3.1 type arrays as the same thing, and names the generator's empty 200", () => {
  expect(keys(vendorDoc())).toEqual(["operation POST /users response 200: removed (upstream declares it, ours does not)"]);
});

it("names an operation that the vendor adds, and one that it removes", () => {
  const doc = vendorDoc();
  doc.paths["/users/{userId}/contracts"] = { get: { operationId: "GetContracts", responses: { 200: { description: "OK" } } } };
  delete doc.paths["/users/{userId}"];
  expect(keys(doc, vendorDoc())).toEqual(["operation GET /users/{userId}/contracts: removed", "operation GET /users/{userId}: added"]);
});

it("names an enum value, a field that becomes required, a changed type, a nullable flag and a new status", () => {
  const doc = vendorDoc();
  doc.components.schemas.Kind.enum.push("Industrial");
  doc.components.schemas.GetUserResponse.required = ["kind"];
  doc.components.schemas.PostUserRequest.properties.userId.type = "integer";
  doc.components.schemas.GetUserResponse.properties.userId.nullable = false;
  doc.paths["/users/{userId}"].get.responses["429"] = { description: "Too Many Requests" };
  expect(keys(doc, vendorDoc())).toEqual([
    "operation GET /users/{userId} response 429: removed (upstream declares it, ours does not)",
    "schema PostUserRequest .userId: type: upstream integer, ours string",
    "schema GetUserResponse .userId: nullable: upstream false, ours true",
    "schema GetUserResponse .kind: required: upstream true, ours false",
    "schema Kind: enum: upstream has Industrial that we lack",
  ]);
});

it("keeps a document's structure in the lock, without its descriptions, and reads it back unchanged", () => {
  const text = JSON.stringify(vendorDoc());
  const lock = toLock(normalize(vendorDoc()), { source: "vendor.json", lockedAt: "2026-12-02T00:00:00.000Z", sha256: sha256(text) });
  const written = JSON.stringify(lock);
  expect(written).not.toContain("a description the lock must not keep");
  expect(lock.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(Object.keys(lock.operations)).toEqual(["POST /users", "GET /users/{userId}"]);
  expect(lock.schemas.Kind).toEqual({ "": { type: "string", enum: "Residential, Commercial" } });
  expect(fromLock(JSON.parse(written))).toEqual(normalize(vendorDoc()));
});

it("says what changed since the lock in the lock's terms", () => {
  const lock = normalize(vendorDoc());
  const doc = vendorDoc();
  doc.components.schemas.Kind.enum.push("Industrial");
  delete doc.paths["/users"].post.responses[200];
  expect(changesFromLock(lock, normalize(doc)).map((d) => d.key)).toEqual([
    "operation POST /users response 200: added (the lock declares it, the document does not)",
    "schema Kind: enum: the document has Industrial that the lock lacks",
  ]);
});

it("refuses a document that is not OpenAPI 3.0 or 3.1 with one line", () => {
  expect(() => shapeOf({ swagger: "2.0", paths: {} }, "old.json")).toThrow(new UsageError("old.json: not an OpenAPI 3.0 or 3.1 document (openapi: 2.0)"));
});

// The command as the package installs it (dist/): a start through tsx compiled the sources every time.
beforeAll(ensureBuilt, 240_000);

const cli = (...args: string[]) =>
  run(process.execPath, [BIN, "check-upstream", ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

it("passes from the command line against the lock, offline", async () => {
  const { code, stdout } = await cli("--lock");
  expect(code).toBe(0);
  expect(stdout).toContain("✓ no unexpected differences (132 intentional");
});

it("writes a lock from a document, then names what a later version of it changed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "upstream-"));
  const file = join(dir, "vendor.yaml");
  const lockFile = join(dir, "lock.json");
  // Our own spec as the "vendor" document: it differs from ours in nothing, so only the lock decides.
  writeFileSync(file, stringify(ours));
  const written = await cli(file, "--update-lock", "--lock-file", lockFile);
  expect(written.code).toBe(0);
  expect(written.stdout).toContain("Lock: wrote ");
  expect(readLock(lockFile).source).toBe("vendor.yaml");
  expect((await cli(file, "--lock-file", lockFile)).stdout).toContain("Lock: the same document as the lock");

  const doc = parse(readFileSync(file, "utf8"));
  doc.components.schemas.ResourceType.enum.push("HeatPump");
  writeFileSync(file, stringify(doc));
  const changed = await cli(file, "--lock-file", lockFile);
  expect(changed.code).toBe(1);
  expect(changed.stdout).toContain("Lock: ✗ 1 change(s) since the lock (vendor.yaml, locked ");
  expect(changed.stderr).toContain("  schema ResourceType\n    enum: the document has HeatPump that the lock lacks\n");
  expect(changed.stderr).toContain("✗ 1 difference(s) not in spec/upstream-differences.yaml:\n  schema ResourceType\n    enum: upstream has HeatPump that we lack");
});

it("exits 2 with one line for a missing file, a file that is not OpenAPI, and an unknown flag", async () => {
  const dir = mkdtempSync(join(tmpdir(), "upstream-"));
  writeFileSync(join(dir, "list.json"), "[1, 2]");
  writeFileSync(join(dir, "swagger.json"), JSON.stringify({ swagger: "2.0" }));
  expect(await cli(join(dir, "nope.json"))).toEqual({ code: 2, stdout: "", stderr: `check-upstream: ${join(dir, "nope.json")}: no such file (give a path or URL: energy-coordination check-upstream FILE_OR_URL)\n` });
  expect(await cli(join(dir, "list.json"))).toEqual({ code: 2, stdout: "", stderr: `check-upstream: ${join(dir, "list.json")}: not an OpenAPI document\n` });
  expect(await cli(join(dir, "swagger.json"))).toEqual({ code: 2, stdout: "", stderr: `check-upstream: ${join(dir, "swagger.json")}: not an OpenAPI 3.0 or 3.1 document (openapi: 2.0)\n` });
  expect(await cli("--bogus")).toEqual({ code: 2, stdout: "", stderr: "check-upstream: Unknown option '--bogus' (see --help)\n" });
});
