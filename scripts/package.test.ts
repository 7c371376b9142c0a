// The package as a partner gets it: `npm pack`, installed into a new project, then used in the three ways the
// README shows (npx, embedded in a test, types). `npm test` builds dist/ before vitest runs.
import { execFile, execSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { load } from "js-yaml";
import { BUILT_SPEC_JSON, SPEC_PATH } from "../spec/openapi.js";
import { PROJECT_ROOT, projectPath } from "../spec/paths.js";
import { Redis } from "ioredis";
import { startTestRedis } from "../mock/state/redis/test-server.js";

const exec = promisify(execFile);
const SLOW = { timeout: 120_000 };
const dir = mkdtempSync(join(tmpdir(), "ec-package-"));
const consumer = join(dir, "consumer");
let packed: { filename: string; size: number; entryCount: number; files: { path: string }[] };

beforeAll(async () => {
  if (!existsSync(projectPath("dist", "bin", "energy-coordination.js"))) await exec("npm", ["run", "build"], { cwd: PROJECT_ROOT });
  // --ignore-scripts: dist/ is already built, and rebuilding it here would pull it from under the other tests.
  const { stdout } = await exec("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: PROJECT_ROOT, maxBuffer: 20 * 1024 * 1024 });
  packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
  mkdirSync(consumer);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "partner-project", private: true, type: "module" }));
  // The npm cache that `npm ci` filled serves the dependencies; the registry is asked only for what it lacks.
  await exec("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", join(dir, packed.filename)], { cwd: consumer, maxBuffer: 20 * 1024 * 1024 });
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("packs the build, the spec, the Postman files, README and LICENSE, and nothing else", () => {
  const paths = packed.files.map((f) => f.path);
  const outsideDist = paths.filter((p) => !p.startsWith("dist/")).sort();
  expect(outsideDist).toEqual([
    "LICENSE",
    "README.md",
    ...packed.files.map((f) => f.path).filter((p) => p.startsWith("docs/")).sort(),
    "mock/ui/console/api.js",
    "mock/ui/console/app.js",
    "mock/ui/console/console.css",
    "mock/ui/console/dom.js",
    "mock/ui/console/index.html",
    "mock/ui/docs/init.js",
    "mock/ui/docs/page.html",
    "package.json",
    "postman/energy-coordination.postman_collection.json",
    "postman/mock.postman_environment.json",
    "postman/sandbox.postman_environment.json",
    "spec/energy-coordination.yaml",
    "spec/mock-control.yaml",
    "spec/upstream-differences.yaml",
    "spec/upstream.lock.json",
  ]);
  expect(paths).toContain("dist/bin/energy-coordination.js");
  expect(paths).toContain("dist/index.d.ts");
  expect(paths).toContain("dist/spec/schema.d.ts");
  expect(paths).toContain("dist/spec/mock-control.d.ts");
  expect(paths.filter((p) => p.includes(".test.") || p.includes("testing.") || (p.endsWith(".ts") && !p.endsWith(".d.ts")))).toEqual([]);
  const manifest = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { private?: boolean; scripts: Record<string, string>; bin: Record<string, string> };
  expect(manifest.private).toBeUndefined();
  expect(manifest.scripts.prepack).toBe("npm run build");
  expect(manifest.bin).toEqual({ "energy-coordination": "dist/bin/energy-coordination.js" });
});

it("packs every file the README links to, so each relative link resolves inside the tarball", () => {
  const readme = readFileSync(projectPath("README.md"), "utf8");
  const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^(https?:|mailto:|#)/.test(t));
  expect(targets.length).toBeGreaterThan(5);
  const paths = new Set(packed.files.map((f) => f.path));
  expect(targets.map((t) => t.replace(/#.*$/, "")).filter((t) => !paths.has(t))).toEqual([]);
});

/**
 * Starts the installed `energy-coordination mock ARGS` in the consumer project (the file `npx energy-coordination`
 * runs, without npx between, so that SIGTERM reaches the mock); resolves with its API base URL.
 */
function startInstalledMock(args: string[]): Promise<{ baseUrl: string; stop(): Promise<number | null> }> {
  const child = spawn(join(consumer, "node_modules", ".bin", "energy-coordination"), ["mock", ...args], { cwd: consumer, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const baseUrl = /API base URL\s+(\S+)/.exec(out)?.[1];
      if (baseUrl) resolve({ baseUrl, stop: () => (child.kill("SIGTERM"), exited) });
    });
    void exited.then((code) => reject(new Error(`the mock exited (${code}) before listening: ${err}`)));
  });
}

it("runs the mock and the contract suite against it through npx", SLOW, async () => {
  const mock = await startInstalledMock(["--port", "0", "--client", "partner-demo:partner-demo-secret", "--client", "second:second-secret"]);
  try {
    const { stdout } = await exec(
      "npx",
      ["energy-coordination", "contract", "--base-url", mock.baseUrl, "--token-url", mock.baseUrl.replace("/energy-coordination/v1", "/connect/token"), "--client-id", "partner-demo", "--client-secret", "partner-demo-secret", "--client2-id", "second", "--client2-secret", "second-secret"],
      { cwd: consumer },
    );
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^[1-9]\d* passed, 0 failed, 0 skipped$/);
    // /docs serves Swagger UI from the package's own copy (dist/viewer); /console its plain modules from the package.
    const origin = mock.baseUrl.replace("/energy-coordination/v1", "");
    const viewer = await fetch(`${origin}/docs/swagger-ui-bundle.js`);
    expect([viewer.status, viewer.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
    expect((await fetch(`${origin}/docs`)).status).toBe(200);
    expect((await fetch(`${origin}/console/app.js`)).status).toBe(200);
  } finally {
    expect(await mock.stop()).toBe(0);
  }
});

/** Every package of the consumer's tree (the toolkit and what it brought), read from node_modules. */
function installedPackages(): { name: string; scripts: Record<string, string> }[] {
  return execSync("npm ls --all --parseable", { cwd: consumer, encoding: "utf8" })
    .trim()
    .split("\n")
    .slice(1) // the consumer project itself
    .map((folder) => JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name: string; scripts?: Record<string, string> })
    .map((p) => ({ name: p.name, scripts: p.scripts ?? {} }));
}

function folderBytes(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

it("installs light: at most 90 packages and 40 MB, and no install script anywhere in the tree", () => {
  const packages = installedPackages();
  expect(packages.length).toBeGreaterThan(1);
  expect(packages.length).toBeLessThanOrEqual(90);
  expect(folderBytes(join(consumer, "node_modules"))).toBeLessThanOrEqual(40 * 1024 * 1024);
  const withScripts = packages.filter((p) => ["preinstall", "install", "postinstall"].some((hook) => hook in p.scripts)).map((p) => p.name);
  expect(withScripts).toEqual([]);
  // The optional peers stay out until a partner asks for them.
  expect(packages.map((p) => p.name).filter((name) => ["newman", "ioredis", "bullmq", "pino", "swagger-ui-dist", "yaml"].includes(name))).toEqual([]);
});

it("says in one line what to install for newman and for the Redis store when they are missing", SLOW, async () => {
  const failed = (args: string[]) =>
    exec("npx", ["energy-coordination", ...args], { cwd: consumer }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
  expect(await failed(["newman"])).toEqual({ code: 1, stderr: "newman: energy-coordination newman needs the optional package newman: npm install newman\n" });
  expect(await failed(["mock", "--port", "0", "--store", "redis://127.0.0.1:1"])).toEqual({
    code: 1,
    stderr: "mock: --store redis://… needs the optional packages ioredis and bullmq: npm install ioredis bullmq\n",
  });
});

it("keeps the installed mock's state in Redis with --store, the store loaded from the package outside the bundle", SLOW, async () => {
  // The Redis store's packages are optional peers: a partner adds them to use it.
  await exec("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "ioredis@6", "bullmq@6"], { cwd: consumer, maxBuffer: 20 * 1024 * 1024 });
  const redis = await startTestRedis();
  try {
    const mock = await startInstalledMock(["--port", "0", "--log", "off", "--store", redis.url, "--store-prefix", "pkg:"]);
    try {
      const tokenRes = await fetch(mock.baseUrl.replace("/energy-coordination/v1", "/connect/token"), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&client_id=partner-demo&client_secret=partner-demo-secret",
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const created = await fetch(`${mock.baseUrl}/users`, { method: "POST", headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" }, body: JSON.stringify({ userId: "in-redis" }) });
      expect(created.status).toBe(201);
    } finally {
      expect(await mock.stop()).toBe(0);
    }
    // The user is in Redis, under the prefix given: the keys of the client's hash tag.
    const client = new Redis(redis.port, "127.0.0.1");
    try {
      expect(await client.zrange("pkg:{partner-demo}:users", "0", "-1")).toEqual(["in-redis"]);
    } finally {
      client.disconnect();
    }
  } finally {
    await redis.stop();
  }
});

it("answers --help and refuses an unknown subcommand with exit 2 and one line", SLOW, async () => {
  const { stdout } = await exec("npx", ["energy-coordination", "--help"], { cwd: consumer });
  expect(stdout).toContain("  mock            run the stateful mock server");
  const failure = await exec("npx", ["energy-coordination", "mocks"], { cwd: consumer }).then(
    () => undefined,
    (e: { code: number; stderr: string }) => e,
  );
  expect({ code: failure?.code, stderr: failure?.stderr }).toEqual({
    code: 2,
    stderr: 'energy-coordination: unknown subcommand "mocks"; use one of mock, contract, receiver, check-upstream, newman, fuzz (see --help)\n',
  });
});

it("starts the mock from a node:test suite in an ES module and creates a user through it", SLOW, async () => {
  writeFileSync(
    join(consumer, "users.test.mjs"),
    `import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createClient, startMock, specPath } from "energy-coordination-toolkit";

test("creates a user and reads it back", async () => {
  const mock = await startMock({ clients: [{ id: "acme", secret: "s3cret" }] });
  try {
    const headers = { authorization: \`Bearer \${await mock.token()}\`, "content-type": "application/json" };
    const created = await fetch(\`\${mock.baseUrl}/users\`, { method: "POST", headers, body: JSON.stringify({ userId: "u1" }) });
    assert.equal(created.status, 201);
    const read = await fetch(\`\${mock.baseUrl}/users/u1\`, { headers });
    assert.deepEqual(await read.json(), { userId: "u1" });
    assert.deepEqual(mock.clients, [{ id: "acme", secret: "s3cret" }]);
    await mock.reset();
    assert.equal((await fetch(\`\${mock.baseUrl}/users/u1\`, { headers })).status, 404);
    mock.clock.advance("PT2H");
    assert.equal((await fetch(\`\${mock.baseUrl}/users\`, { headers })).status, 401);
  } finally {
    await mock.close();
    await mock.close();
  }
});

test("drives the mock with the typed client", async () => {
  const mock = await startMock();
  try {
    const api = createClient({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, clientId: "partner-demo", clientSecret: "partner-demo-secret" });
    assert.equal((await api.POST("/users", { body: { userId: "u2" } })).response.status, 201);
    const { data } = await api.GET("/users/{userId}", { params: { path: { userId: "u2" } } });
    assert.deepEqual(data, { userId: "u2" });
  } finally {
    await mock.close();
  }
});

test("points at the installed spec", () => {
  assert.ok(existsSync(specPath));
  assert.equal(fileURLToPath(import.meta.resolve("energy-coordination-toolkit/spec")), specPath);
});
`,
  );
  const { stdout } = await exec(process.execPath, ["--test", "users.test.mjs"], { cwd: consumer });
  expect(stdout).toContain("# pass 3");
  expect(stdout).toContain("# fail 0");
});

it("type-checks a TypeScript consumer of the exported types, and rejects a wrong field", SLOW, async () => {
  // createApp's Express types come from @types/express, an optional peer a TypeScript partner adds.
  await exec("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--save-dev", "@types/express@5"], { cwd: consumer, maxBuffer: 20 * 1024 * 1024 });
  writeFileSync(
    join(consumer, "consumer.ts"),
    `import { startMock, type Schema, type RequestBody, type ResponseBody, type GetUserResponse, type paths, type StartedMock } from "energy-coordination-toolkit";

const user: Schema<"GetUserResponse"> = { userId: "u1" };
const again: GetUserResponse = user;
const body: RequestBody<"PostUser"> = { userId: "u2" };
const read: ResponseBody<"GetUserById", 200> = again;
type UsersPath = paths["/users"]["get"];
const started: Promise<StartedMock> = startMock({ port: 0, tokenTtlSeconds: 60 });
// @ts-expect-error: PostUserRequest has no field userName
const wrong: RequestBody<"PostUser"> = { userName: "u3" };
export { body, read, started, wrong, type UsersPath };
`,
  );
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      // A Node project's settings (as @tsconfig/node20 has them: no DOM library, whose checking alone took a third of
      // the run); every declaration file is still checked, the package's own and its dependencies'.
      compilerOptions: { target: "ES2022", lib: ["ES2022"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, typeRoots: [projectPath("node_modules", "@types")], types: ["node"] },
      files: ["consumer.ts"],
    }),
  );
  const result = await exec(process.execPath, [projectPath("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: consumer }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  expect(result).toEqual({ code: 0, stdout: "" });
});
