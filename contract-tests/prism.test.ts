// An independent validator agreeing with ours: the flow through Prism's validating proxy (`prism proxy --errors`) in
// front of the mock. One Prism serves both tests; its upstream is a pass-through proxy that each test points at its
// own mock (and may break).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { startProxy, type Breakage, type Proxy } from "./broken-proxy.js";
import type { Exchange } from "./exchange.js";
import { FLOW } from "./flow.js";
import { launchMock, type LaunchedMock } from "./launch-mock.js";
import { runContract, type Report } from "./runner.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PRISM = fileURLToPath(new URL("../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url));
const API = "/energy-coordination/v1";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts `prism proxy` and resolves once it says it is listening. */
async function startPrism(upstream: string, port: number): Promise<ChildProcess> {
  // Prism serves the spec's paths at its root and appends them to the upstream URL, so the upstream is an API base.
  // --validate-request=false: the suite's deliberately invalid requests (no token, an invalid enum) must reach the
  // target, which Prism would otherwise answer itself (422); every response is still validated, and --errors turns
  // a violation into a 500 that fails the step.
  const args = [PRISM, "proxy", "spec/energy-coordination.yaml", upstream, "--errors", "--validate-request=false", "--host", "127.0.0.1", "--port", String(port)];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening on")) resolve();
    };
    child.stdout!.on("data", seen);
    child.stderr!.on("data", seen);
    child.once("exit", (code) => reject(new Error(`prism exited with ${code} before listening:\n${output}`)));
  });
  return child;
}

let prism: ChildProcess | undefined;
let upstream: Proxy;
let prismUrl = "";
let current: LaunchedMock | undefined;
const breakage: Breakage = {};

beforeAll(async () => {
  upstream = await startProxy(() => current?.origin ?? "http://127.0.0.1:9", breakage);
  const port = await freePort();
  prism = await startPrism(`${upstream.origin}${API}`, port);
  prismUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  prism?.kill();
  await upstream?.close();
});

/** Runs the suite through Prism against a fresh mock; the token endpoint (its own server in the spec) is the mock's. */
async function runThroughPrism(exchanges: Exchange[], only?: string[]): Promise<Report> {
  const mock = await launchMock();
  current = mock;
  onTestFinished(() => mock.close());
  return runContract({
    target: { baseUrl: prismUrl, tokenUrl: mock.tokenUrl },
    client: mock.client,
    second: mock.second,
    ...(only ? { only } : {}),
    onExchange: (e) => exchanges.push(e),
  });
}

const violations = (exchanges: Exchange[]) =>
  exchanges.flatMap((e) => (e.response?.headers["sl-violations"] ? [`${e.request.method} ${e.request.url}: ${e.response.headers["sl-violations"]}`] : []));

it("passes every step through Prism's validating proxy, which reports no violation", async () => {
  breakage.response = undefined;
  const exchanges: Exchange[] = [];
  const report = await runThroughPrism(exchanges);
  expect(violations(exchanges)).toEqual([]);
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  expect(report.passed).toBe(FLOW.length + 5);
  expect(exchanges.filter((e) => e.operationId !== "RequestToken").every((e) => e.request.url.startsWith(`${prismUrl}/`))).toBe(true);
}, 120_000);

it("agrees with Prism when a response breaks the spec", async () => {
  breakage.response = (req, res) => {
    if (req.method !== "GET" || !/\/users\/[^/?]+$/.test(req.url) || res.status !== 200) return;
    const { userId, ...rest } = JSON.parse(res.body) as { userId: string };
    return { ...res, body: JSON.stringify({ ...rest, user_id: userId }) };
  };
  const exchanges: Exchange[] = [];
  const report = await runThroughPrism(exchanges, ["GetUserById"]);
  const failed = report.steps.filter((s) => s.status === "failed");
  expect(failed.map((s) => s.name)).toEqual(["GetUserById", "GetUserById [every user of the batch]"]);
  // Prism turned the violation into a 500 naming the field; the suite fails the step for the undeclared status.
  expect(failed[0]!.failure!.message).toBe("expected 200 (the user was created), got 500");
  expect(failed[0]!.failure!.exchange!.response!.text).toMatch(/VIOLATIONS.*userId/);
  expect(violations(exchanges)).toEqual([expect.stringMatching(/\/users\/ect-.*userId/), expect.stringMatching(/\/users\/ect-.*userId/)]);
});
