// The single executable as a partner without Node gets it: copied alone into an empty folder, run with no Node on
// the PATH and no node_modules anywhere above it, it runs the contract suite against its own mock and serves the mock.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PROJECT_ROOT, projectPath } from "../spec/paths.js";

const exec = promisify(execFile);
const SLOW = { timeout: 120_000 };
const BINARY = projectPath("dist", `energy-coordination-${process.platform}-${process.arch}`);
const folder = mkdtempSync(join(tmpdir(), "ec-binary-"));
const alone = join(folder, basename(BINARY));
/** No Node, no npm: the PATH names a folder that does not exist, and HOME and TMPDIR are the empty folder. */
const bare = { PATH: join(folder, "no-such-bin"), HOME: folder, TMPDIR: folder };

beforeAll(async () => {
  // `npm test` has just built dist/ (the JSON specs and viewer files the executable carries).
  await exec(process.execPath, [projectPath("node_modules", "tsx", "dist", "cli.mjs"), "scripts/build-binary.ts"], { cwd: PROJECT_ROOT });
  copyFileSync(BINARY, alone);
}, 180_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("runs the contract suite against its own mock from an empty folder, without Node", SLOW, async () => {
  expect(readdirSync(folder)).toEqual([basename(BINARY)]);
  const { stdout } = await exec(alone, ["contract"], { cwd: folder, env: bare });
  expect(stdout).toContain("the mock started for this run");
  expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^[1-9]\d* passed, 0 failed, 0 skipped$/);
});

it("serves the mock: a token, a user written and read back, the spec at /openapi.json, and a clean stop", SLOW, async () => {
  const child = spawn(alone, ["mock", "--port", "0", "--log", "off"], { cwd: folder, env: bare, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const url = /API base URL\s+(\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    void exited.then((code) => reject(new Error(`the executable exited (${code}) before listening`)));
  });
  try {
    const origin = new URL(baseUrl).origin;
    const token = (await (
      await fetch(`${origin}/connect/token`, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: "partner-demo", client_secret: "partner-demo-secret" }) })
    ).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" };
    expect((await fetch(`${baseUrl}/users`, { method: "POST", headers, body: JSON.stringify({ userId: "from-the-binary" }) })).status).toBe(201);
    const read = await fetch(`${baseUrl}/users/from-the-binary`, { headers });
    expect([read.status, await read.json()]).toEqual([200, { userId: "from-the-binary" }]);
    const spec = (await (await fetch(`${origin}/openapi.json`)).json()) as { info: { title: string } };
    expect(spec.info.title).toBe("Energy Coordination API");
    // Read to its end: a response left unread keeps its connection busy, and the stop would wait out its grace for it.
    const viewer = await fetch(`${origin}/docs/swagger-ui-bundle.js`);
    expect([viewer.status, (await viewer.text()).includes("SwaggerUIBundle")]).toEqual([200, true]);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
});

it("says in one line that the Redis store needs the npm package", SLOW, async () => {
  const failure = await exec(alone, ["mock", "--store", "redis://127.0.0.1:1"], { cwd: folder, env: bare }).then(
    () => undefined,
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  expect(failure).toEqual({ code: 2, stderr: "mock: --store redis://… is not in the single executable; install the npm package (npx energy-coordination-toolkit) with ioredis and bullmq\n" });
});
