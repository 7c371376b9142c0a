import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { CliError, main, parseCli, SERVING_V8_FLAGS, V8_FLAGS } from "./cli.js";
import { checkedFetch } from "./testing.js";

const seedFile = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "mock-seed-")), "seed.json");
  writeFileSync(file, content);
  return file;
};

it("defaults to 127.0.0.1:4010 with the demo client", () => {
  expect(parseCli([], {})).toEqual({
    port: 4010,
    host: "127.0.0.1",
    seedFile: undefined,
    options: { clients: [{ id: "partner-demo", secret: "partner-demo-secret" }], log: "pretty" },
  });
});

it("reads flags, with repeatable clients that replace the demo client", () => {
  expect(parseCli(["--port", "0", "--host", "0.0.0.0", "--client", "a:x", "--client", "b:y:z", "--token-ttl", "60"], {})).toEqual({
    port: 0,
    host: "0.0.0.0",
    seedFile: undefined,
    options: { clients: [{ id: "a", secret: "x" }, { id: "b", secret: "y:z" }], log: "pretty", tokenTtlSeconds: 60 },
  });
});

it("reads the environment when a flag is absent, and prefers the flag", () => {
  const env = { MOCK_PORT: "5000", MOCK_HOST: "::1", MOCK_CLIENTS: "a:x, b:y", MOCK_TOKEN_TTL: "120" };
  expect(parseCli([], env)).toEqual({
    port: 5000,
    host: "::1",
    seedFile: undefined,
    options: { clients: [{ id: "a", secret: "x" }, { id: "b", secret: "y" }], log: "pretty", tokenTtlSeconds: 120 },
  });
  expect(parseCli(["--port", "6000"], env)?.port).toBe(6000);
});

it("reads the webhook delivery timings from flags or the environment", () => {
  expect(parseCli(["--webhook-retry-delay", "50", "--webhook-timeout", "2000"], {})?.options.webhooks).toEqual({ baseDelayMs: 50, timeoutMs: 2000 });
  expect(parseCli([], { MOCK_WEBHOOK_RETRY_DELAY: "0" })?.options.webhooks).toEqual({ baseDelayMs: 0 });
  expect(() => parseCli(["--webhook-timeout", "0"], {})).toThrow(new CliError('--webhook-timeout must be a whole number from 1 to 600000, got "0"'));
});

it("reads how many events and delivery logs to keep from flags or the environment", () => {
  expect(parseCli(["--max-events", "500", "--max-delivery-logs", "20"], {})?.options).toEqual({ clients: [{ id: "partner-demo", secret: "partner-demo-secret" }], log: "pretty", maxEvents: 500, maxDeliveryLogs: 20 });
  expect(parseCli([], { MOCK_MAX_EVENTS: "7", MOCK_MAX_DELIVERY_LOGS: "8" })?.options).toEqual({ clients: [{ id: "partner-demo", secret: "partner-demo-secret" }], log: "pretty", maxEvents: 7, maxDeliveryLogs: 8 });
  expect(parseCli(["--max-events", "9"], { MOCK_MAX_EVENTS: "7" })?.options.maxEvents).toBe(9);
});

it("refuses a retention of 0, a negative or a non-numeric one with one line", () => {
  expect(() => parseCli(["--max-events", "0"], {})).toThrow(new CliError('--max-events must be a whole number from 1 to 10000000, got "0"'));
  expect(() => parseCli(["--max-events=-5"], {})).toThrow(new CliError('--max-events must be a whole number from 1 to 10000000, got "-5"'));
  expect(() => parseCli(["--max-events", "-5"], {})).toThrow(
    new CliError(
      "Option '--max-events' argument is ambiguous. Did you forget to specify the option argument for '--max-events'? To specify an option argument starting with a dash use '--max-events=-XYZ'. (see --help)",
    ),
  );
  expect(() => parseCli(["--max-delivery-logs", "lots"], {})).toThrow(new CliError('--max-delivery-logs must be a whole number from 1 to 10000000, got "lots"'));
  expect(() => parseCli([], { MOCK_MAX_DELIVERY_LOGS: "1.5" })).toThrow(new CliError('MOCK_MAX_DELIVERY_LOGS must be a whole number from 1 to 10000000, got "1.5"'));
});

it("refuses bad values with one line", () => {
  expect(() => parseCli(["--port", "http"], {})).toThrow(new CliError('--port must be a whole number from 0 to 65535, got "http"'));
  expect(() => parseCli(["--client", "nocolon"], {})).toThrow(new CliError('--client must be ID:SECRET, got "nocolon"'));
  expect(() => parseCli(["--token-ttl", "0"], {})).toThrow(new CliError('--token-ttl must be a whole number from 1 to 315360000, got "0"'));
  expect(() => parseCli([], { MOCK_PORT: "-1" })).toThrow(new CliError('MOCK_PORT must be a whole number from 0 to 65535, got "-1"'));
  expect(() => parseCli(["--bogus"], {})).toThrow(new CliError("Unknown option '--bogus' (see --help)"));
  expect(() => parseCli(["--seed", "/no/such/file.json"], {})).toThrow(new CliError("--seed /no/such/file.json: cannot read it (ENOENT)"));
});

it("answers --help with the usage", async () => {
  const lines: string[] = [];
  await main(["--help"], {}, (l) => lines.push(l));
  expect(lines.join("\n")).toContain("--client ID:SECRET");
  expect(lines.join("\n")).toContain("MOCK_TOKEN_TTL");
});

it("prints the API base URL, the token URL, the docs, the spec documents, the console and the client on start", async () => {
  const lines: string[] = [];
  const stop = await main(["--port", "0", "--log", "off", "--client", "acme:s3cret"], {}, (l) => lines.push(l));
  onTestFinished(stop);
  const port = /127\.0\.0\.1:(\d+)/.exec(lines[1] ?? "")?.[1];
  expect(lines).toEqual([
    "Energy Coordination mock server",
    `  API base URL  http://127.0.0.1:${port}/energy-coordination/v1`,
    `  Token URL     http://127.0.0.1:${port}/connect/token`,
    `  API docs      http://127.0.0.1:${port}/docs`,
    `  OpenAPI       http://127.0.0.1:${port}/openapi.json (or .yaml); control API http://127.0.0.1:${port}/mock-control.json`,
    `  Console       http://127.0.0.1:${port}/console`,
    "  Client        acme",
  ]);
  const token = await checkedFetch(`http://127.0.0.1:${port}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=acme&client_secret=s3cret",
  });
  expect(token.status).toBe(200);
});

it("fails start-up with one line naming a bad seed entry", async () => {
  const file = seedFile(JSON.stringify({ users: [{ userId: "u1" }], locations: [{ userId: "u1", locationId: "l1", locationType: "Castle" }] }));
  await expect(main(["--port", "0", "--seed", file], {}, () => {})).rejects.toThrow(
    new CliError(`--seed ${file}: seed.locations[0].locationType must be one of Unknown, Residential, Commercial, Other or null (schema PostLocationWithUserRequest)`),
  );
  const orphan = seedFile(JSON.stringify({ locations: [{ userId: "ghost", locationId: "l1" }] }));
  await expect(main(["--port", "0", "--seed", orphan], {}, () => {})).rejects.toThrow(new CliError(`--seed ${orphan}: seed.locations[0]: user ghost does not exist`));
  const broken = seedFile("{ users: ");
  await expect(main(["--port", "0", "--seed", broken], {}, () => {})).rejects.toThrow(/^--seed .*: not valid JSON \(/);
});

it("preloads a valid seed file", async () => {
  const file = seedFile(
    JSON.stringify({
      users: [{ userId: "u1" }],
      locations: [{ userId: "u1", locationId: "l1", meterPointId: "707057500012345678" }],
      resources: [
        { userId: "u1", resourceId: "v1", resourceType: "Vehicle" },
        { userId: "u1", locationId: "l1", resourceId: "r1", resourceType: "HotWaterTank" },
      ],
    }),
  );
  const lines: string[] = [];
  const stop = await main(["--port", "0", "--log", "off", "--seed", file], {}, (l) => lines.push(l));
  onTestFinished(stop);
  const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(lines[1] ?? "")?.[0];
  const token = await checkedFetch(`${origin}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=partner-demo&client_secret=partner-demo-secret",
  });
  const { access_token } = token.body as { access_token: string };
  const res = await checkedFetch(`${origin}/energy-coordination/v1/users/u1/resources`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(res.body).toEqual({
    resources: [
      { resourceId: "v1", resourceType: "Vehicle", userId: "u1", locationId: null, meterPointId: null },
      { resourceId: "r1", resourceType: "HotWaterTank", userId: "u1", locationId: "l1", meterPointId: null },
    ],
  });
});

it("sets only V8 flags that this Node's V8 knows (an unknown one would be ignored without a word)", () => {
  const known = execFileSync(process.execPath, ["--v8-options"], { encoding: "utf8" });
  for (const flag of [...V8_FLAGS, ...SERVING_V8_FLAGS]) expect(known).toContain(`  ${flag.split("=")[0]} (`);
});

it("reads the faults every client gets from --faults FILE or MOCK_FAULTS, naming a bad field with the file", () => {
  const faults = { latencyMs: [50, 150], rateLimit: { requests: 10, perSeconds: 1 }, webhooks: { duplicateRate: 0.5 } };
  const file = seedFile(JSON.stringify(faults));
  expect(parseCli(["--faults", file], {})?.options.faults).toEqual(faults);
  expect(parseCli([], { MOCK_FAULTS: file })?.options.faults).toEqual(faults);
  const bad = seedFile(JSON.stringify({ errorRate: 1, errorStatus: 418 }));
  expect(() => parseCli(["--faults", bad], {})).toThrow(new CliError(`--faults ${bad}: faults.errorStatus must be one of 500, 502, 503`));
  expect(() => parseCli(["--faults", "/no/such/faults.json"], {})).toThrow(new CliError("--faults /no/such/faults.json: cannot read it (ENOENT)"));
});

it("starts with --faults FILE, says so in the banner, and injects them for every client", async () => {
  const lines: string[] = [];
  const file = seedFile(JSON.stringify({ errorRate: 1, errorStatus: 502, operations: ["RequestToken"] }));
  const stop = await main(["--port", "0", "--log", "off", "--faults", file], {}, (l) => lines.push(l));
  onTestFinished(stop);
  expect(lines.at(-1)).toBe('  Faults        {"errorRate":1,"errorStatus":502,"operations":["RequestToken"]} for every client (PUT/DELETE /_mock/faults to change)');
  const port = /127\.0\.0\.1:(\d+)/.exec(lines[1] ?? "")?.[1];
  const token = await fetch(`http://127.0.0.1:${port}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=partner-demo&client_secret=partner-demo-secret",
  });
  expect([token.status, token.headers.get("x-mock-fault")]).toEqual([502, "error"]);
});
