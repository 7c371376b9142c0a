import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, expect, it, onTestFinished } from "vitest";
import { BIN, ensureBuilt } from "../mock/test-support.js";
import { FLOW } from "./flow.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

beforeAll(ensureBuilt, 240_000);

/** Runs `energy-coordination contract` as the package installs it (dist/), without a shell, and collects what it prints. */
function contract(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "contract", ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

it("runs against the mock it starts, prints one line per step, the coverage and a summary, and writes JUnit, JSON and Markdown", async () => {
  const dir = mkdtempSync(join(tmpdir(), "contract-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const [junit, json, summary] = ["report.xml", "report.json", "summary.md"].map((f) => join(dir, f)) as [string, string, string];
  const { code, stdout, stderr } = await contract(["--junit", junit, "--json", json, "--summary", summary]);
  expect(stderr).toBe("");
  const lines = stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^Contract suite against http:\/\/127\.0\.0\.1:\d+\/energy-coordination\/v1 \(tokens from http:\/\/127\.0\.0\.1:\d+\/connect\/token\), the mock started for this run$/);
  const coverageAt = lines.findIndex((l) => l.startsWith("Coverage"));
  const steps = lines.slice(1, coverageAt);
  const total = FLOW.length + 5;
  expect(steps).toHaveLength(total);
  for (const line of steps) expect(line).toMatch(/^✓ \S.* \d+ ms$/);
  expect(steps[0]).toMatch(/^✓ RequestToken {2}\d+ ms$/);
  expect(lines[coverageAt]).toMatch(/^Coverage \(judged by the spec\): operations exercised 44\/44; \(operation, status\) pairs provoked \d+ of \d+ declared$/);
  expect(lines.slice(-4)).toEqual([`JUnit report written to ${junit}`, `JSON report written to ${json}`, `Markdown summary written to ${summary}`, `${total} passed, 0 failed, 0 skipped`]);
  expect(code).toBe(0);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(readFileSync(junit, "utf8"));
  expect({ tests: doc.testsuites.tests, failures: doc.testsuites.failures, skipped: doc.testsuites.skipped }).toEqual({ tests: String(total), failures: "0", skipped: "0" });
  expect(doc.testsuites.testsuite.testcase[0]).toMatchObject({ name: "RequestToken", classname: "contract.RequestToken" });
  const report = JSON.parse(readFileSync(json, "utf8")) as { passed: number; coverage: { operations: { exercised: number; total: number } } };
  expect([report.passed, report.coverage.operations.exercised, report.coverage.operations.total]).toEqual([total, 44, 44]);
  const markdown = readFileSync(summary, "utf8");
  expect(markdown.split("\n").slice(0, 2)).toEqual(["## Contract suite: passed", ""]);
  expect(markdown).toContain("| Operations exercised | 44/44 |");
});

it("exits 2 with one actionable line for bad usage", async () => {
  const { code, stdout, stderr } = await contract(["--base-url", "https://api.example/energy-coordination/v1", "--client-id", "x", "--client-secret", "y"]);
  expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: "", stderr: "contract: --token-url (or CONTRACT_TOKEN_URL) is needed with --base-url\n" });
});

it("exits 1 on a failure, showing the request as curl, and redacts tokens and secrets in --verbose", async () => {
  // A token endpoint whose answer lacks expires_in: RequestToken fails its schema check.
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(`{"access_token":"leaky-token","token_type":"Bearer"}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = { CONTRACT_BASE_URL: `${origin}/energy-coordination/v1`, CONTRACT_TOKEN_URL: `${origin}/connect/token`, CONTRACT_CLIENT_ID: "me", CONTRACT_CLIENT_SECRET: "hush-hush" };
  const { code, stdout } = await contract(["--only", "RequestToken", "--verbose"], env);
  expect(code).toBe(1);
  expect(stdout).not.toContain("hush-hush");
  expect(stdout).not.toContain("leaky-token");
  expect(stdout).toContain("grant_type=client_credentials&client_id=me&client_secret=[redacted]");
  expect(stdout).toContain(`{"access_token":"[redacted]","token_type":"Bearer"}`);
  expect(stdout.replace(/ {2}\d+ ms$/gm, "  N ms")).toContain(
    [
      "✗ RequestToken  N ms",
      "    the 200 response does not match the spec",
      `    POST ${origin}/connect/token → 200 application/json`,
      "      /expires_in is required",
      "      header.Cache-Control: must be no-store on a token response (RFC 6749 §5.1), got null",
      `      body: {"access_token":"[redacted]","token_type":"Bearer"}`,
      `    curl -X POST '${origin}/connect/token' -H 'Content-Type: application/x-www-form-urlencoded' --data-urlencode 'grant_type=client_credentials' --data-urlencode 'client_id=me' --data-urlencode "client_secret=$CLIENT_SECRET"`,
    ].join("\n"),
  );
  // --only RequestToken runs every check of the operation: the wrong secret and the password grant are accepted too,
  // and no second client is set.
  expect(stdout.trimEnd().split("\n").at(-1)).toBe("0 passed, 3 failed, 1 skipped");
});

it("exits 2 with one line when --spec is not an OpenAPI document, before starting anything", async () => {
  const dir = mkdtempSync(join(tmpdir(), "contract-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "package.json");
  writeFileSync(file, JSON.stringify({ name: "not-a-spec", version: "1.0.0" }));
  const { code, stdout, stderr } = await contract(["--spec", file]);
  expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: "", stderr: `contract: --spec ${file}: not an OpenAPI document (no "openapi" field)\n` });
});

it("names the document it judges by in its first line", async () => {
  const { code, stdout } = await contract(["--spec", "spec/energy-coordination.yaml", "--only", "GetUsers"]);
  const lines = stdout.trimEnd().split("\n");
  expect(lines[0]).toMatch(/^Contract suite against http:\/\/127\.0\.0\.1:\d+\/energy-coordination\/v1 \(tokens from http:\/\/127\.0\.0\.1:\d+\/connect\/token\), the mock started for this run, responses judged by spec\/energy-coordination\.yaml \(OpenAPI 3\.1\.0\)$/);
  expect(lines.at(-1)).toBe("10 passed, 0 failed, 0 skipped");
  expect(code).toBe(0);
});
