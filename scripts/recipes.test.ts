// The partner recipes of docs/recipes, run as a partner would, against a mock on a free port: a Python partner on
// the standard library alone, and curl from a shell without jq or Node.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it, onTestFinished } from "vitest";
import { signPayload, verifySignature } from "../mock/push/signature.js";
import { startMock } from "../mock/start.js";
import { projectPath } from "../spec/paths.js";

const exec = promisify(execFile);

async function mockOrigin(): Promise<string> {
  const mock = await startMock({ port: 0 });
  onTestFinished(() => mock.close());
  return mock.origin;
}

it("runs the Python partner: token, registration, a signed webhook, report, compensation, clock and reset", async () => {
  const origin = await mockOrigin();
  const { stdout } = await exec("python3", [projectPath("docs", "recipes", "partner.py")], { env: { ...process.env, EC_ORIGIN: origin } });
  const lines = stdout.trimEnd().split("\n");
  expect(lines.filter((l) => !l.startsWith("   "))).toEqual([
    "ok register the user",
    "ok register the location",
    "ok register the hot-water tank",
    "ok register the webhook",
    "ok simulate a price curve",
    "ok the signed webhook arrived for the event",
    "ok report the energy used",
    "ok read the compensation",
    "ok move this client's clock a day on",
    "ok read the clock",
    "ok reset this client's data",
    "ok the user is gone after the reset",
    "partner flow passed",
  ]);
  expect(lines).toContainEqual(expect.stringMatching(/^ {3}period \d{4}-\d{2}-01 \.\. \d{4}-\d{2}-\d{2}, 1 location\(s\)$/));
});

it("runs the curl recipe with curl and sed alone on the PATH (no jq, no Node)", async () => {
  const origin = await mockOrigin();
  const bin = mkdtempSync(join(tmpdir(), "ec-curl-path-"));
  onTestFinished(() => rmSync(bin, { recursive: true, force: true }));
  for (const tool of ["curl", "sed"]) symlinkSync(execFileSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), join(bin, tool));
  const { stdout } = await exec("/bin/bash", [projectPath("docs", "recipes", "curl.sh")], { env: { PATH: bin, EC_ORIGIN: origin } });
  const lines = stdout.trimEnd().split("\n");
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^user: curl-user-\d+$/);
  const event = /^event: (\S+)$/.exec(lines[1] ?? "")?.[1];
  expect(event).toBeDefined();
  expect(lines.slice(2)).toEqual([`newest event: ${event}`, "status after delete: 404"]);
});

it("documents a signature fixture that the mock's signer and verifier agree with", () => {
  const doc = readFileSync(projectPath("docs", "recipes", "signatures.md"), "utf8");
  const cell = (label: string) => new RegExp(`^\\| ${label}[^|]*\\| \`([^\`]+)\` \\|$`, "m").exec(doc)?.[1];
  const [secret, body, signature] = [cell("secret"), cell("body"), cell("`X-Payload-Signature`")];
  expect([typeof secret, typeof body, typeof signature]).toEqual(["string", "string", "string"]);
  expect(signPayload(secret!, body!)).toBe(signature);
  expect(verifySignature(secret!, Buffer.from(body!, "utf8"), signature)).toBe(true);
});
