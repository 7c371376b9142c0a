// Safe on shared deployments: a run interrupted half-way (Ctrl-C) still deletes everything it created, a read-only
// run sends nothing but GETs and the token request, the budget and the rate hold; and another document can judge.
import { expect, it } from "vitest";
import { startMock } from "../mock/start.js";
import { startDefectProxy, type SeenRequest } from "./defect-proxy.js";
import { SPEC_PATH as specPath } from "../spec/openapi.js";
import { runFuzz } from "./run.js";

const CLIENT = { id: "cleanup-partner", secret: "cleanup-partner-secret" };

it("deletes everything it created when interrupted half-way", async () => {
  const mock = await startMock({ clients: [CLIENT] });
  const interrupt = new AbortController();
  try {
    const report = await runFuzz({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, client: CLIENT, seed: 11, signal: interrupt.signal, onProgress: (n) => n === 400 && interrupt.abort() });
    expect(report.interrupted).toBe(true);
    expect(report.requests).toBeLessThan(450);
    expect(report.cleanup.failed).toEqual([]);
    expect(report.cleanup.deleted).toBeGreaterThan(0);
    const token = await mock.token(CLIENT.id);
    const get = async (path: string) => (await fetch(`${mock.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(await get("/users?pageSize=1000")).toMatchObject({ users: [] });
    expect(await get("/webhooks")).toMatchObject({ webhooks: [] });
  } finally {
    await mock.close();
  }
});

it("sends only GETs and the token request when read-only", async () => {
  const mock = await startMock({ clients: [CLIENT] });
  const seen: SeenRequest[] = [];
  const proxy = await startDefectProxy(mock.origin, { request: (req) => void seen.push({ ...req }) });
  try {
    const report = await runFuzz({ baseUrl: `${proxy.origin}/energy-coordination/v1`, tokenUrl: `${proxy.origin}/connect/token`, client: CLIENT, seed: 5, maxRequests: 300, readOnly: true });
    expect(report.failures).toEqual([]);
    expect(report.sequences).toBe(0);
    if (process.env.SHOW) console.error([...new Set(seen.map((r) => `${r.method} ${r.url.slice(0, 80)}`))].filter((l) => !l.startsWith("GET")));
    expect(new Set(seen.map((r) => (r.method === "GET" ? "GET" : `${r.method} ${r.url}`)))).toEqual(new Set(["GET", "POST /connect/token"]));
  } finally {
    await proxy.close();
    await mock.close();
  }
});

it("keeps to --rate and --max-requests", async () => {
  const mock = await startMock({ clients: [CLIENT] });
  try {
    const report = await runFuzz({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, client: CLIENT, seed: 6, maxRequests: 60, rate: 100 });
    expect(report.requests).toBe(60);
    // 60 requests at 100 per second: the first goes at once, the last 590 ms later.
    expect(report.sendingSeconds).toBeGreaterThanOrEqual(0.58);
  } finally {
    await mock.close();
  }
});

it("judges by another document given as --spec (a file here; a URL works the same)", async () => {
  const mock = await startMock({ clients: [CLIENT] });
  try {
    const report = await runFuzz({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, client: CLIENT, seed: 8, maxRequests: 400, spec: specPath });
    expect(report.failures).toEqual([]);
    expect(report.byOperation.size).toBeGreaterThan(30);
  } finally {
    await mock.close();
  }
});
