// The CLI's sandbox-safety flags: secrets kept out of the banner and the process list, the demo client and short
// secrets refused beyond loopback, webhook targets, quotas and the public origin.
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { CliError, main, parseCli } from "./cli.js";
import { checkedFetch } from "./testing.js";

const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "mock-clients-")), "clients.txt");
  writeFileSync(path, content);
  return path;
};

it("reads clients from --client-file or MOCK_CLIENT_FILE, one ID:SECRET per line, naming a bad line without its text", () => {
  const good = file("# sandbox clients\nacme:a-long-enough-secret-1\n\nglobex:a-long-enough-secret-2\n");
  const clients = [
    { id: "acme", secret: "a-long-enough-secret-1" },
    { id: "globex", secret: "a-long-enough-secret-2" },
  ];
  expect(parseCli(["--client-file", good], {})?.options.clients).toEqual(clients);
  expect(parseCli([], { MOCK_CLIENT_FILE: good })?.options.clients).toEqual(clients);
  const bad = file("acme-without-a-secret\n");
  expect(() => parseCli(["--client-file", bad], {})).toThrow(new CliError(`--client-file ${bad} line 1 must be ID:SECRET`));
  expect(() => parseCli(["--client-file", file("# nothing\n")], {})).toThrow(CliError);
});

it("reads webhook targets, quotas, byte limits, the public origin and proxy trust", () => {
  const config = parseCli(
    ["--webhook-targets", "public", "--webhook-https-only", "--quota", "webhooks=5", "--quota", "users=100", "--max-event-bytes", "1000", "--max-delivery-log-bytes", "2000", "--public-origin", "https://sandbox.example.com/", "--trust-proxy", "--allow-demo-client"],
    {},
  );
  expect(config?.options).toEqual({
    clients: [{ id: "partner-demo", secret: "partner-demo-secret" }],
    log: "pretty",
    webhookTargets: "public",
    webhookHttpsOnly: true,
    quotas: { webhooks: 5, users: 100 },
    maxEventBytes: 1000,
    maxDeliveryLogBytes: 2000,
    publicOrigin: "https://sandbox.example.com",
    trustProxy: true,
    allowDemoClient: true,
  });
  expect(parseCli([], { MOCK_WEBHOOK_TARGETS: "any", MOCK_QUOTAS: "reports=7", MOCK_TRUST_PROXY: "1" })?.options).toMatchObject({ webhookTargets: "any", quotas: { reports: 7 }, trustProxy: true });
  expect(() => parseCli(["--webhook-targets", "private"], {})).toThrow(new CliError('--webhook-targets must be one of any, public, got "private"'));
  expect(parseCli(["--quota", "tokens=5", "--quota", "locations=6", "--quota", "resources=7"], {})?.options).toMatchObject({ quotas: { tokens: 5, locations: 6, resources: 7 } });
  expect(() => parseCli(["--quota", "vehicles=5"], {})).toThrow(new CliError('--quota must be NAME=N with NAME one of webhooks, reports, reportBytes, users, locations, resources, tokens, pendingDeliveries, got "vehicles=5"'));
  expect(() => parseCli(["--public-origin", "https://sandbox.example.com/api"], {})).toThrow(new CliError('--public-origin must be an origin only (scheme, host and port), got "https://sandbox.example.com/api"'));
});

it("refuses to start beyond loopback with the demo client (exit 2, one line) unless --allow-demo-client", async () => {
  const refused = main(["--port", "0", "--host", "0.0.0.0", "--log", "off"], {}, () => {});
  await expect(refused).rejects.toThrow(
    new CliError("host 0.0.0.0 is reachable beyond this machine and the public demo client partner-demo would let anyone in: configure clients (--client-file) or pass --allow-demo-client"),
  );
  await expect(refused).rejects.toHaveProperty("exitCode", 2);
  await expect(main(["--port", "0", "--host", "0.0.0.0", "--log", "off", "--client", "acme:short"], {}, () => {})).rejects.toThrow(
    new CliError("client acme: its secret has 5 characters; host 0.0.0.0 is reachable beyond this machine, so a secret needs at least 16"),
  );
  const lines: string[] = [];
  const stop = await main(["--port", "0", "--host", "0.0.0.0", "--log", "off", "--allow-demo-client", "--public-origin", "https://sandbox.example.com"], {}, (l) => lines.push(l));
  onTestFinished(stop);
  expect(lines).toEqual([
    "Energy Coordination mock server",
    "  API base URL  https://sandbox.example.com/energy-coordination/v1",
    "  Token URL     https://sandbox.example.com/connect/token",
    "  API docs      https://sandbox.example.com/docs",
    "  OpenAPI       https://sandbox.example.com/openapi.json (or .yaml); control API https://sandbox.example.com/mock-control.json",
    "  Console       https://sandbox.example.com/console",
    "  Client        partner-demo (the public demo client)",
  ]);
});

it("prints client ids only, never their secrets", async () => {
  const lines: string[] = [];
  const stop = await main(["--port", "0", "--log", "off", "--client-file", file("acme:a-long-enough-secret-1\n")], {}, (l) => lines.push(l));
  onTestFinished(stop);
  expect(lines.at(-1)).toBe("  Client        acme");
  expect(lines.join("\n")).not.toContain("a-long-enough-secret-1");
  const port = /:(\d+)\//.exec(lines[1] ?? "")?.[1];
  const token = await checkedFetch(`http://127.0.0.1:${port}/connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&client_id=acme&client_secret=a-long-enough-secret-1",
  });
  expect(token.status).toBe(200);
});
