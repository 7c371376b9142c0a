import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { startMock, type LocalMock } from "../postman/run.js";

// A tsx start-up plus a newman run can be slow on a loaded 2-core machine. The whole collection's run against the mock
// is run.test.ts's (in-process); here the command runs a folder of it, which is what the exit code and lines depend on.
const SLOW = { timeout: 60_000 };
const CLI = fileURLToPath(new URL("../bin/energy-coordination.ts", import.meta.url));
const mocks: LocalMock[] = [];
afterEach(async () => {
  for (const m of mocks.splice(0)) await m.close();
});

/** Runs `npm run newman -- ARGS` (without npm) and resolves with its exit code and output. */
function newman(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", CLI, "newman", ...args], { maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const envVarArgs = (m: LocalMock, override: Record<string, string> = {}) =>
  m.envVars.flatMap((v) => ["--env-var", `${v.key}=${override[v.key] ?? v.value}`]);

it("runs the folders given by --folder against the deployment given by --env-var and exits 0 when every check passes", SLOW, async () => {
  const m = await startMock();
  mocks.push(m);
  const result = await newman([...envVarArgs(m), "--folder", "Authentication", "--folder", "PostUser"]);

  expect(result.code).toBe(0);
  // RequestToken: its own request and the wrong-secret probe; PostUser: its request, the read-back, the duplicate and the unsupported media type.
  expect(result.stdout.trim().split("\n").at(-1)).toMatch(/^newman against the given deployment: 6 requests, \d+ assertions, 0 failures \(junit: reports\/newman\.xml\)$/);
});

it("exits 1 and lists each failure on one line", SLOW, async () => {
  const m = await startMock();
  mocks.push(m);
  const result = await newman([...envVarArgs(m, { client_secret: "wrong" }), "--folder", "Quickstart"]);

  expect(result.code).toBe(1);
  expect(result.stderr.split("\n")).toContain(
    `  2. Register a user / an access token from ${m.tokenUrl}: Token request to ${m.tokenUrl} answered 401: {"error":"invalid_client","error_description":"unknown client or wrong secret"}`,
  );
});

it("refuses an --env-var without a value in one line", async () => {
  const result = await newman(["--env-var", "baseUrl"]);

  expect(result).toEqual({ code: 2, stdout: "", stderr: "newman: --env-var takes key=value, got baseUrl\n" });
});
