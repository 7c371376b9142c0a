// `--spec`: the suite judged by documents the tests write (our spec with a field renamed or operations removed,
// a small 3.0 YAML document), against the mock.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { expect, it, onTestFinished } from "vitest";
import { SPEC_PATH, type JsonObject } from "../spec/openapi.js";
import { documentRules, loadDocument, ownRules } from "./document.js";
import { ContractError } from "./errors.js";
import { launchMock } from "./launch-mock.js";
import { runContract } from "./runner.js";

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "contract-spec-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh copy of our spec as a plain object. */
const ourSpec = (): JsonObject => parse(readFileSync(SPEC_PATH, "utf8")) as JsonObject;

async function runJudgedBy(file: string, only?: string[]) {
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const document = await loadDocument(file);
  return runContract({
    target: mock,
    client: mock.client,
    second: mock.second,
    validators: mock.validators,
    rules: documentRules(document, mock.validators),
    ...(only ? { only } : {}),
  });
}

it("fails the suite naming the field when the document renames one", async () => {
  const doc = ourSpec();
  const user = ((doc.components as JsonObject).schemas as JsonObject).GetUserResponse as JsonObject;
  user.properties = { userIdentifier: { type: "string" } };
  user.required = ["userIdentifier"];
  const file = join(tempDir(), "renamed.json");
  writeFileSync(file, JSON.stringify(doc));

  const report = await runJudgedBy(file);
  const failed = report.steps.filter((s) => s.status === "failed");
  expect([failed[0]?.name, failed[0]?.failure?.message, failed[0]?.failure?.issues]).toEqual([
    "PostUser",
    `the 201 response does not match ${file}`,
    [
      { field: "body.userIdentifier", pointer: "/userIdentifier", message: "is required" },
      { field: "body.userId", pointer: "/userId", message: "is not allowed" },
    ],
  ]);
  // Every answer that carries users fails, each naming the renamed field; nothing else does.
  expect(new Set(failed.map((s) => s.operationId))).toEqual(new Set(["PostUser", "PostUsers", "GetUsers", "PostTenantDataSimulation"]));
  for (const s of failed) expect(s.failure?.issues.some((i) => i.field.endsWith(".userIdentifier") && i.message === "is required")).toBe(true);
  // What needs the user is skipped because of it; what does not (webhooks, events) still passes.
  expect(report.steps.find((s) => s.name === "PostVehicle")?.reason).toBe("needs PostUser, which failed");
  expect(report.steps.find((s) => s.name === "PostWebhook")?.status).toBe("passed");
});

it("skips the steps of operations the document lacks, with that reason, and runs the rest", async () => {
  const doc = ourSpec();
  const paths = doc.paths as JsonObject;
  delete paths["/users/{userId}/vehicles"];
  delete paths["/webhooks/{webhookId}"];
  const file = join(tempDir(), "older.yaml");
  writeFileSync(file, JSON.stringify(doc));

  const report = await runJudgedBy(file);
  const vehicles = `${file} has no POST /users/{userId}/vehicles`;
  const webhook = `${file} has no GET /webhooks/{webhookId}`;
  const skipped = report.steps.filter((s) => s.status === "skipped");
  expect(skipped.filter((s) => ["PostVehicle", "GetWebhookById"].includes(s.name)).map((s) => [s.name, s.reason])).toEqual([
    ["PostVehicle", vehicles],
    ["GetWebhookById", webhook],
  ]);
  // Everything skipped is skipped for one of the operations the document lacks, and says which.
  expect(new Set(skipped.map((s) => s.reason))).toEqual(new Set([vehicles, webhook, `${file} has no PATCH /webhooks/{webhookId}`, `${file} has no PUT /webhooks/{webhookId}`, `${file} has no DELETE /webhooks/{webhookId}`]));
  // The webhook's clean-up (DELETE /webhooks/{webhookId}, also gone from the document) still runs, judged by our spec.
  expect(report.steps.find((s) => s.name === "DeleteWebhookById")?.status).toBe("passed");
  // The coverage says what was judged by what, and why the rest was not.
  expect(report.coverage.judgedBy).toBe(file);
  expect(report.coverage.operations.missing).toEqual(
    expect.arrayContaining([{ operationId: "PostVehicle", reason: `PostVehicle was skipped: ${vehicles}` }]),
  );
  expect(report.failed).toBe(0);

});

it("accepts the success statuses a 3.0 document declares and reads its nullable fields as 2020-12", async () => {
  const dir = tempDir();
  const yaml = (nextPage: string) => `openapi: 3.0.1
info: { title: an older document, version: "1" }
paths:
  /users:
    get:
      operationId: ListUsers
      responses:
        "200":
          description: A page of users.
          content:
            application/json:
              schema:
                type: object
                additionalProperties: false
                properties:
                  users: { type: array, items: { type: object, properties: { userId: { type: string } } } }
                  pagination:
                    type: object
                    properties:
                      totalRecords: { type: integer, format: int32 }
                      nextPage: ${nextPage}
        "401":
          description: No valid token.
          content: { application/problem+json: { schema: { type: object } } }
    post:
      responses:
        "200": { description: Success. }
        "201":
          description: Created.
          content:
            application/json:
              schema: { type: object, required: [userId], properties: { userId: { type: string } } }
`;
  const nullable = join(dir, "nullable.yaml");
  writeFileSync(nullable, yaml("{ type: integer, format: int32, nullable: true, x-note: paging }"));
  const document = await loadDocument(nullable);
  expect(document.version).toBe("3.0.1");
  const mock = await launchMock();
  onTestFinished(() => mock.close());
  const rules = documentRules(document, mock.validators);
  expect([rules.accepts("PostUser", 201, 200), rules.accepts("PostUser", 201, 204), rules.accepts("GetUsers", 404, 400), ownRules(mock.validators).accepts("PostUser", 201, 200)]).toEqual([true, false, false, false]);
  expect([rules.lacks("PostUser"), rules.lacks("RequestToken"), rules.lacks("GetUserById")]).toEqual([undefined, undefined, `${nullable} has no GET /users/{userId}`]);

  const passing = await runJudgedBy(nullable, ["GetUsers"]);
  expect(passing.steps.find((s) => s.name === "GetUsers [pageSize 1001 → 400]")?.reason).toBe(`${nullable} declares no 400 for GET /users`);
  expect(passing.steps.map((s) => [s.name, s.status])).toEqual([
    ["RequestToken", "passed"],
    ["PostUser", "passed"],
    ["GetUsers", "passed"],
    ["GetUsers [no token → 401]", "passed"],
    ["GetUsers [pageSize 1001 → 400]", "skipped"],
    ["GetUsers [a garbage token → 401]", "passed"],
    ["RequestToken [second client]", "passed"],
    ["GetUsers [second client lists none of them]", "passed"],
    ["DeleteUserById", "passed"],
    ["GetUserById [deleted user → 404]", "passed"],
  ]);

  const strict = join(dir, "not-nullable.yaml");
  writeFileSync(strict, yaml("{ type: integer, format: int32 }"));
  const failing = await runJudgedBy(strict, ["GetUsers"]);
  const nextPage = [{ field: "body.pagination.nextPage", pointer: "/pagination/nextPage", message: "must be integer" }];
  expect(failing.steps.filter((s) => s.status === "failed").map((s) => [s.name, s.failure?.issues])).toEqual([
    ["GetUsers", nextPage],
    ["GetUsers [second client lists none of them]", nextPage],
  ]);
});

it("refuses a file that is not an OpenAPI 3.0 or 3.1 document with one line", async () => {
  const dir = tempDir();
  const cases: [string, string, string][] = [
    ["package.json", JSON.stringify({ name: "x" }), "not an OpenAPI document (no \"openapi\" field)"],
    ["swagger.yaml", "swagger: '2.0'\npaths: {}\n", "not an OpenAPI document (no \"openapi\" field; Swagger 2.0 is not supported, convert it to OpenAPI 3)"],
    ["notes.md", "# Notes\n\n`code` and text: here\n", "not an OpenAPI document (neither JSON nor YAML: end of the stream or a document separator is expected (3:1))"],
    ["list.yaml", "- a\n- b\n", "not an OpenAPI document (expected an object with \"openapi\" and \"paths\")"],
    ["v4.json", JSON.stringify({ openapi: "4.0.0", paths: {} }), "OpenAPI 4.0.0 is not supported; give a 3.0 or 3.1 document"],
  ];
  const messages: string[] = [];
  for (const [name, text] of cases) {
    writeFileSync(join(dir, name), text);
    const error = await loadDocument(join(dir, name)).then(() => undefined, (e: unknown) => e);
    messages.push(error instanceof ContractError && error.kind === "usage" ? error.message : String(error));
  }
  expect(messages).toEqual(cases.map(([name, , why]) => `--spec ${join(dir, name)}: ${why}`));
});

it("reads the document from a URL, and names the URL and status when it cannot", async () => {
  const yaml = "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /users:\n    get: { operationId: GetUsers, responses: { '200': { description: ok } } }\n";
  const server = createServer((req, res) => (req.url === "/openapi.yaml" ? res.writeHead(200, { "content-type": "application/yaml" }).end(yaml) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const document = await loadDocument(`${origin}/openapi.yaml`);
  expect([document.source, document.version, document.validators.spec.operations.map((op) => `${op.method} ${op.path}`)]).toEqual([`${origin}/openapi.yaml`, "3.1.0", ["get /users"]]);
  const missing = await loadDocument(`${origin}/gone.yaml`).then(() => undefined, (e: unknown) => e);
  expect(missing instanceof ContractError ? [missing.kind, missing.message] : missing).toEqual(["usage", `--spec ${origin}/gone.yaml: HTTP 404`]);
});
