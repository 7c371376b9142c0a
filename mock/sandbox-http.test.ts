// A shared sandbox's HTTP face: nosniff everywhere, the origin the pages print, the demo token only on loopback,
// throttled failed logins, and malformed bodies journaled redacted.
import { expect, it } from "vitest";
import { DEMO_CLIENT } from "./context.js";
import { TokenThrottle } from "./http/token-throttle.js";
import { useMock, type MockServer } from "./testing.js";

const ACME = { id: "acme", secret: "acme-secret-0123456789" };

const tokenRequest = (mock: MockServer, id: string, secret: string, from?: string) =>
  fetch(mock.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(from && { "x-forwarded-for": from }) },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: id, client_secret: secret }),
  });

it("sends X-Content-Type-Options: nosniff on every answer: API, errors, token endpoint, control API and pages", async () => {
  const mock = await useMock();
  const token = await mock.token();
  const answers = [
    await fetch(`${mock.baseUrl}/users`, { headers: { authorization: `Bearer ${token}` } }),
    await fetch(`${mock.baseUrl}/users`),
    await fetch(`${mock.origin}/no-such-route`),
    await tokenRequest(mock, "partner-demo", "wrong"),
    await fetch(`${mock.origin}/_mock/clock`, { headers: { authorization: `Bearer ${token}` } }),
    await fetch(`${mock.origin}/docs/openapi.json`),
    await fetch(`${mock.origin}/console`),
  ];
  expect(answers.map((r) => [r.status, r.headers.get("x-content-type-options")])).toEqual([
    [200, "nosniff"],
    [401, "nosniff"],
    [404, "nosniff"],
    [401, "nosniff"],
    [200, "nosniff"],
    [200, "nosniff"],
    [200, "nosniff"],
  ]);
});

type Doc = { servers: { url: string }[]; components: { securitySchemes: { oauth2: { flows: { clientCredentials: { tokenUrl: string } } } } } };
const docOf = async (mock: MockServer, headers: Record<string, string> = {}) => (await (await fetch(`${mock.origin}/docs/openapi.json`, { headers })).json()) as Doc;
const urls = (doc: Doc) => [doc.servers[0]!.url, doc.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl];

it("prints the configured public origin in /docs whatever the Host header says", async () => {
  const mock = await useMock({ publicOrigin: "https://sandbox.example.com/", clients: [ACME] });
  expect(urls(await docOf(mock, { host: "evil.example" }))).toEqual(["https://sandbox.example.com/energy-coordination/v1", "https://sandbox.example.com/connect/token"]);
});

it("reads X-Forwarded-Proto and -Host only with trustProxy, and reflects no Host when shared", async () => {
  const proxied = await useMock({ trustProxy: true, clients: [ACME] });
  expect(urls(await docOf(proxied, { "x-forwarded-proto": "https", "x-forwarded-host": "sandbox.example.com" }))).toEqual([
    "https://sandbox.example.com/energy-coordination/v1",
    "https://sandbox.example.com/connect/token",
  ]);
  const shared = await useMock({ loopback: false, clients: [ACME] });
  expect(urls(await docOf(shared, { host: "evil.example", "x-forwarded-host": "evil.example" }))).toEqual(["/energy-coordination/v1", "/connect/token"]);
  const local = await useMock();
  expect(urls(await docOf(local, { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" }))).toEqual([`${local.origin}/energy-coordination/v1`, `${local.origin}/connect/token`]);
});

it("offers /docs a demo token only on a loopback-only mock with the demo client", async () => {
  const demo = async (mock: MockServer) => (await fetch(`${mock.origin}/docs/demo.json`)).json();
  expect(await demo(await useMock())).toEqual({ demoToken: true });
  expect(await demo(await useMock({ loopback: false, clients: [ACME, { id: DEMO_CLIENT.id, secret: "not-the-public-demo-secret" }] }))).toEqual({ demoToken: false });
  expect(await demo(await useMock({ clients: [ACME] }))).toEqual({ demoToken: false });
});

it("throttles failed logins per address and per client id with 429 and Retry-After, never a client that has not failed", async () => {
  const mock = await useMock({ trustProxy: true, clients: [ACME], tokenThrottle: { perAddress: 6, perClient: 3, clock: () => 0 } });
  const attacker = "203.0.113.9";
  for (let i = 0; i < 3; i++) expect((await tokenRequest(mock, ACME.id, `guess-${i}`, attacker)).status).toBe(401);
  const throttled = await tokenRequest(mock, ACME.id, ACME.secret, attacker);
  expect([throttled.status, throttled.headers.get("retry-after"), throttled.headers.get("cache-control")]).toEqual([429, "60", "no-store"]);
  expect(await throttled.json()).toEqual({ error: "invalid_client", error_description: "too many failed attempts for client acme (3 in 60 s); try again in 60 s" });
  // The partner's own machine has not failed: its correct secret gets a token at once.
  expect((await tokenRequest(mock, ACME.id, ACME.secret, "198.51.100.7")).status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await tokenRequest(mock, `other-${i}`, "guess", attacker)).status).toBe(401);
  const blocked = await tokenRequest(mock, "anyone", "guess", attacker);
  expect([blocked.status, await blocked.json()]).toEqual([429, { error: "invalid_client", error_description: "too many failed attempts from this address (6 in 60 s); try again in 60 s" }]);
});

it("forgets failures once they leave the window", () => {
  let now = 0;
  const throttle = new TokenThrottle({ perAddress: 2, perClient: 10, windowMs: 1000, clock: () => now });
  throttle.failed("a", "c");
  now = 500;
  throttle.failed("a", "c");
  expect(throttle.check("a", "c")).toEqual({ reason: "too many failed attempts from this address (2 in 1 s)", retryAfterS: 1 });
  now = 1001;
  expect(throttle.check("a", "c")).toBe(undefined);
  expect(throttle.check("b", "c")).toBe(undefined);
});

it("journals a malformed JSON body with its secrets redacted", async () => {
  const mock = await useMock();
  const api = await mock.login();
  const res = await api.request("POST", "/webhooks", { raw: '{"webhookUrl":"https://partner.example/","webhookSecret":"hunter2-very-secret",', contentType: "application/json" });
  expect(res.status).toBe(400);
  const journal = await mock.fetch("/_mock/requests?limit=1", { headers: { authorization: `Bearer ${api.token}` } });
  expect((journal.body as { requests: { body: unknown }[] }).requests[0]!.body).toBe('{"webhookUrl":"https://partner.example/","webhookSecret":"[redacted]",');
});

it("lets webhooks reach any target on a loopback-only mock and public ones only on a shared one, unless told", async () => {
  expect((await useMock()).ctx.targets).toEqual({ targets: "any", httpsOnly: false });
  expect((await useMock({ loopback: false, clients: [ACME] })).ctx.targets).toEqual({ targets: "public", httpsOnly: false });
  expect((await useMock({ trustProxy: true, clients: [ACME], webhookTargets: "any" })).ctx.targets).toEqual({ targets: "any", httpsOnly: false });
});
