import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, expect, it, onTestFinished } from "vitest";
import { createReceiver } from "../../receiver/receiver.js";
import { CliError, parseCli } from "../cli.js";
import { createLogger, displayTarget, escapeForLog, prettyDelivery, prettyRequest } from "./log.js";
import { BIN, ensureBuilt } from "../test-support.js";
import { requestToken } from "../test-support.js";
import { useMock } from "../testing.js";

// The SIGINT test runs the command as the package installs it (dist/).
beforeAll(ensureBuilt, 240_000);

const AT = new Date("2026-12-02T09:15:01.250Z");
const TIME = /^\d\d:\d\d:\d\d\.\d{3} /;
/** A pretty line without its time and with every duration as N. */
const shape = (line: string) => line.replace(TIME, "").replace(/\d+ ms/g, "N ms");

it("writes a request line with time, client, method, path, status, operation, duration and the first error", () => {
  expect(
    prettyRequest(
      { clientId: "partner-demo", method: "POST", url: "/energy-coordination/v1/users/u1/locations", status: 400, durationMs: 3.4, operationId: "PostLocation", detail: "body.locationType must be one of Unknown, Residential, Commercial, Other" },
      AT,
    ),
  ).toBe("09:15:01.250 partner-demo POST /users/u1/locations 400 PostLocation 3 ms body.locationType must be one of Unknown, Residential, Commercial, Other");
  expect(prettyRequest({ clientId: undefined, method: "GET", url: "/nowhere", status: 404, durationMs: 0.2, operationId: undefined, detail: "no such route" }, AT)).toBe(
    "09:15:01.250 - GET /nowhere 404 - 0 ms no such route",
  );
});

it("writes each request's own line when a target repeats with another client, method, status or operation, and after a thousand targets", () => {
  const lines: string[] = [];
  const log = createLogger({ format: "pretty", color: false, write: (line) => lines.push(shape(line)) });
  const url = "/energy-coordination/v1/users/u1";
  const base = { clientId: "acme", method: "GET", url, status: 200, durationMs: 1, operationId: "GetUser", detail: undefined };
  // Each variant differs from the line before it (the same target) in one thing only.
  const variants = [
    { ...base, clientId: "other" },
    { ...base, clientId: undefined },
    { ...base, method: "HEAD" },
    { ...base, status: 500 },
    { ...base, operationId: undefined },
    { ...base, status: 404, detail: "user u1 not found" },
    { ...base, fault: "status=503" },
  ];
  log.request(base);
  for (const variant of variants) {
    log.request(base);
    log.request(variant);
  }
  for (let i = 0; i < 1000; i++) log.request({ ...base, url: `/energy-coordination/v1/users/n${i}` });
  log.request(base);
  const long = `/energy-coordination/v1/users/${"x".repeat(300)}`;
  log.request({ ...base, url: long });
  log.request({ ...base, url: long, clientId: "other" });
  // A target with a query is not kept (it may carry a secret); its line still redacts it.
  log.request({ ...base, url: `${url}?access_token=abc` });
  log.request({ ...base, url: `${url}?access_token=abc`, status: 401 });
  const baseLine = "acme GET /users/u1 200 GetUser N ms";
  expect(lines.slice(0, 15)).toEqual([
    baseLine,
    baseLine,
    "other GET /users/u1 200 GetUser N ms",
    baseLine,
    "- GET /users/u1 200 GetUser N ms",
    baseLine,
    "acme HEAD /users/u1 200 GetUser N ms",
    baseLine,
    "acme GET /users/u1 500 GetUser N ms",
    baseLine,
    "acme GET /users/u1 200 - N ms",
    baseLine,
    "acme GET /users/u1 404 GetUser N ms user u1 not found",
    baseLine,
    "acme GET /users/u1 200 GetUser N ms fault=status=503",
  ]);
  expect(lines[15 + 999]).toBe("acme GET /users/n999 200 GetUser N ms");
  expect(lines.at(-5)).toBe(baseLine);
  expect(lines.at(-3)).toBe(`other GET /users/${"x".repeat(193)}…(+107 chars) 200 GetUser N ms`);
  expect(lines.slice(-2)).toEqual(["acme GET /users/u1?access_token=[redacted] 200 GetUser N ms", "acme GET /users/u1?access_token=[redacted] 401 GetUser N ms"]);
  expect(lines).toHaveLength(15 + 1000 + 5);
});

it("writes a delivery line with the attempt, its outcome, and when the next retry is due", () => {
  const base = { clientId: "acme", notificationType: "PriceCurveCreated", eventId: "e1", notificationId: "n1", url: "http://127.0.0.1:4020/hook", attempts: 4 } as const;
  expect(prettyDelivery({ ...base, attempt: 1, outcome: "failed", status: 500, durationMs: 12, nextRetryInMs: 1000 }, AT)).toBe(
    "09:15:01.250 acme webhook PriceCurveCreated event=e1 notification=n1 → http://127.0.0.1:4020/hook attempt 1/4 failed 500 in 12 ms; retry in 1 s",
  );
  expect(prettyDelivery({ ...base, attempt: 2, outcome: "timeout", status: null, durationMs: 5000, nextRetryInMs: 2000 }, AT)).toBe(
    "09:15:01.250 acme webhook PriceCurveCreated event=e1 notification=n1 → http://127.0.0.1:4020/hook attempt 2/4 timed out in 5000 ms; retry in 2 s",
  );
  expect(prettyDelivery({ ...base, attempt: 4, outcome: "failed", status: null, durationMs: 1, nextRetryInMs: null }, AT)).toBe(
    "09:15:01.250 acme webhook PriceCurveCreated event=e1 notification=n1 → http://127.0.0.1:4020/hook attempt 4/4 no answer (refused or reset) in 1 ms; no retry left",
  );
  expect(prettyDelivery({ ...base, attempt: 3, outcome: "delivered", status: 200, durationMs: 4, nextRetryInMs: null }, AT)).toBe(
    "09:15:01.250 acme webhook PriceCurveCreated event=e1 notification=n1 → http://127.0.0.1:4020/hook attempt 3/4 delivered 200 in 4 ms",
  );
});

it("escapes control characters and cuts long text, so a line stays one line", () => {
  expect(escapeForLog("a\nb\u001b[31mc\u0000d\u2028e")).toBe("a\\x0ab\\x1b[31mc\\x00d\\x2028e");
  const id = "x".repeat(200_000);
  expect(escapeForLog(id)).toBe(`${"x".repeat(200)}…(+199800 chars)`);
  expect(displayTarget(`/energy-coordination/v1/users/${id}`)).toBe(`/users/${"x".repeat(193)}…(+199807 chars)`);
});

it("redacts query values that look like secrets or tokens", () => {
  expect(displayTarget("/connect/token?client_secret=s3cret&client_id=acme&access_token=abc")).toBe("/connect/token?client_secret=[redacted]&client_id=acme&access_token=[redacted]");
  expect(displayTarget("/energy-coordination/v1/users?page=2&pageSize=10")).toBe("/users?page=2&pageSize=10");
});

it("logs every request of a running mock, never its token or secret", async () => {
  const lines: string[] = [];
  const mock = await useMock({ clients: [{ id: "acme", secret: "s3cret" }], log: { format: "pretty", write: (l) => lines.push(l) } });
  const api = await mock.login();
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", locationType: "Castle" });
  await mock.as(undefined).get("/users/u1");
  await mock.fetch("/energy-coordination/v1/users/%1b%5b31m");
  expect(lines.map(shape)).toEqual([
    "acme POST /connect/token 200 RequestToken N ms",
    "acme POST /users 201 PostUser N ms",
    "acme POST /users/u1/locations 400 PostLocation N ms body.locationType must be one of Unknown, Residential, Commercial, Other or null",
    "- GET /users/u1 401 GetUserById N ms no access token; send Authorization: Bearer <token> from POST /connect/token",
    "- GET /users/%1b%5b31m 401 GetUserById N ms no access token; send Authorization: Bearer <token> from POST /connect/token",
  ]);
  for (const line of lines) expect(line).toMatch(TIME);
  expect(lines.join("\n")).not.toContain("s3cret");
  expect(lines.join("\n")).not.toContain(api.token);
});

it("writes JSON lines when asked", async () => {
  const lines: string[] = [];
  const mock = await useMock({ log: { format: "json", write: (l) => lines.push(l) } });
  const api = await mock.login();
  await api.get("/users/ghost");
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(parsed.map((p) => ({ ...p, time: typeof p.time, durationMs: typeof p.durationMs }))).toEqual([
    { level: "info", time: "string", kind: "request", clientId: "partner-demo", method: "POST", path: "/connect/token", status: 200, durationMs: "number", operationId: "RequestToken", msg: "request" },
    { level: "info", time: "string", kind: "request", clientId: "partner-demo", method: "GET", path: "/users/ghost", status: 404, durationMs: "number", operationId: "GetUserById", detail: "user ghost does not exist", msg: "request" },
  ]);
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

/**
 * A mock whose webhooks point at `urls` (each attempt limited to `timeoutMs`, one retry) simulates one event; its
 * delivery log lines once every attempt is done, without times, durations and notification ids.
 */
async function deliveryLines(timeoutMs: number, urls: string[]): Promise<{ eventId: string; lines: string[] }> {
  const lines: string[] = [];
  const mock = await useMock({ webhooks: { baseDelayMs: 5, timeoutMs, maxRetries: 1 }, log: { format: "pretty", write: (l) => lines.push(l) } });
  const api = await mock.login();
  for (const webhookUrl of urls) {
    expect((await api.post("/webhooks", { webhookUrl, webhookSecret: "s", notificationTypes: ["UserEligibilityUpdated"] })).status).toBe(201);
  }
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", coordinates: { latitude: 78.2209, longitude: 15.6195 } });
  lines.length = 0;
  const simulated = await api.post("/simulation/events/usereligibility", { userId: "u1" });
  expect(simulated.status).toBe(200);
  await mock.ctx.push.idle();
  return {
    eventId: (simulated.body as { simulatedEvent: { id: string } }).simulatedEvent.id,
    lines: lines.filter((l) => l.includes(" webhook ")).map((l) => l.replace(TIME, "").replace(/ in \d+ ms/, " in N ms").replace(/ notification=[0-9a-f-]{36} /, " notification=N ")),
  };
}

it("logs one line per delivery attempt, for a receiver that fails, sends 10 MB, or never answers", async () => {
  const flaky = await listen(createReceiver({ failFirst: 1, print: () => undefined }));
  const huge = await listen(createServer((_req, res) => res.writeHead(500).end(Buffer.alloc(10 * 1024 * 1024, 120))));
  const silent = await listen(createServer(() => undefined));
  // The receivers that answer get an attempt limit a loaded machine still answers within. The silent one's attempts
  // end only at the limit, so it has a mock of its own with a short one, rather than waiting out the long one twice.
  const answered = await deliveryLines(2000, [flaky, huge]);
  const unanswered = await deliveryLines(300, [silent]);
  const head = (eventId: string) => `partner-demo webhook UserEligibilityUpdated event=${eventId} notification=N →`;
  expect([...answered.lines, ...unanswered.lines].sort()).toEqual(
    [
      `${head(answered.eventId)} ${flaky} attempt 1/2 failed 500 in N ms; retry in 5 ms`,
      `${head(answered.eventId)} ${flaky} attempt 2/2 delivered 200 in N ms`,
      `${head(answered.eventId)} ${huge} attempt 1/2 failed 500 in N ms; retry in 5 ms`,
      `${head(answered.eventId)} ${huge} attempt 2/2 failed 500 in N ms; no retry left`,
      `${head(unanswered.eventId)} ${silent} attempt 1/2 timed out in N ms; retry in 5 ms`,
      `${head(unanswered.eventId)} ${silent} attempt 2/2 timed out in N ms; no retry left`,
    ].sort(),
  );
});

it("tells npm users to put -- before the mock's flags when it gets a stray value", () => {
  expect(() => parseCli(["0"], {})).toThrow(new CliError('unexpected value "0": the mock takes only flags; through npm, put -- before them (npm start -- --port 0)'));
  expect(() => parseCli(["--log", "loud"], {})).toThrow(new CliError('--log must be one of pretty, json, off, got "loud"'));
  expect(() => parseCli([], { MOCK_LOG: "xml" })).toThrow(new CliError('MOCK_LOG must be one of pretty, json, off, got "xml"'));
});

it("stops on SIGINT, finishing in one line that says which deliveries it dropped, and exits 0", { timeout: 30_000 }, async () => {
  const silent = await listen(createServer(() => undefined));
  const child = spawn(process.execPath, [BIN, "mock", "--port", "0", "--webhook-timeout", "60000"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await expect.poll(() => /API base URL\s+(\S+)/.test(out), { timeout: 20_000 }).toBe(true);
  const baseUrl = /API base URL\s+(\S+)/.exec(out)![1]!;
  const access_token = await requestToken(baseUrl);
  const headers = { authorization: `Bearer ${access_token}`, "content-type": "application/json" };
  await fetch(`${baseUrl}/webhooks`, { method: "POST", headers, body: JSON.stringify({ webhookUrl: silent, webhookSecret: "s", notificationTypes: ["PriceCurveCreated"] }) });
  expect((await fetch(`${baseUrl}/simulation/events/pricecurve`, { method: "POST", headers, body: "{}" })).status).toBe(200);
  // The line shows while the mock runs (lines are batched, but never held back for long when traffic is light).
  await expect.poll(() => out, { timeout: 5_000 }).toMatch(/ partner-demo POST \/simulation\/events\/pricecurve 200 PostPriceCurveSimulation \d+ ms\n/);
  child.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(out.trimEnd().split("\n").at(-1)).toBe("stopped; 1 webhook delivery was pending (queued or waiting for a retry) and is dropped");
  expect(out).toMatch(/ partner-demo POST \/simulation\/events\/pricecurve 200 PostPriceCurveSimulation \d+ ms\n/);
});

it("writes a background error as one escaped line, in both formats", () => {
  const lines: string[] = [];
  createLogger({ format: "pretty", color: false, write: (l) => lines.push(l) }).error("webhook deliveries: connect ECONNREFUSED\nnext");
  createLogger({ format: "json", write: (l) => lines.push(l) }).error("webhook deliveries: connect ECONNREFUSED");
  expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} error webhook deliveries: connect ECONNREFUSED\\x0anext$/);
  expect(JSON.parse(lines[1]!)).toEqual({ level: "error", time: expect.any(String), kind: "error", msg: "webhook deliveries: connect ECONNREFUSED" });
});

/** Runs `code` (ES module, `createLogger` in scope) in a child process whose stdout is a pipe. */
function logChild(code: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `import { createLogger } from ${JSON.stringify(new URL("./log.ts", import.meta.url).pathname)};\n${code}`], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<[number | null, string]>((resolve) => child.once("exit", (code) => resolve([code, err])));
  // A child that hangs (the writer this proves against spun forever) must not outlive its test.
  onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
  return { child, exited };
}

it("writes stdout's lines in the order they were logged, request lines formatted with their batch at the time of the request", async () => {
  const { child, exited } = logChild(`
    const log = createLogger({ format: "pretty", color: false });
    for (let i = 0; i < 300; i++) {
      log.request({ clientId: "c", method: "GET", url: "/energy-coordination/v1/users/u" + i, status: 200, durationMs: 1, operationId: "GetUser", detail: undefined });
      if (i % 100 === 0) log.info("info " + i);
    }
    log.flush();`);
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  expect(await exited).toEqual([0, ""]);
  const lines = out.trimEnd().split("\n");
  const expected = Array.from({ length: 300 }, (_, i) => [`c GET /users/u${i} 200 GetUser N ms`, ...(i % 100 === 0 ? [`info ${i}`] : [])]).flat();
  expect(lines.map((l) => (l.startsWith("info") ? l : shape(l)))).toEqual(expected);
  expect(lines.filter((l) => !l.startsWith("info")).every((l) => TIME.test(l))).toBe(true);
});

it("goes on when the reader of stdout goes away (npm start | head), instead of crashing", async () => {
  const { child, exited } = logChild(`
    const log = createLogger({ format: "json" });
    let n = 0;
    const more = () => {
      for (let i = 0; i < 500; i++) log.request({ clientId: "c", method: "GET", url: "/u", status: 200, durationMs: 1, operationId: "GetUser", detail: undefined });
      log.flush();
      if (++n < 40) setTimeout(more, 5); else console.error("done");
    };
    more();`);
  child.stdout.once("data", () => child.stdout.destroy());
  expect(await exited).toEqual([0, "done\n"]);
});
