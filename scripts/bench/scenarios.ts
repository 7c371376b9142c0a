// What the benchmark asks of each server: the scenarios of issue 7, each a list of loads run on one started
// server. Prism keeps no state, so it is measured only where a stateless answer is the same work.
import { randomUUID } from "node:crypto";
import type autocannon from "autocannon";
import type { RequestBody } from "../../spec/types.js";
import type { LoadPlan } from "./load.js";
import { preloadedUserId, type Preload } from "./preload.js";
import type { RetentionSizes } from "./retention.js";
import { EXPRESS_PAGE_PATH } from "./server-child.js";
import { DEMO_CREDENTIALS, type RunningServer, type ServerKind } from "./servers.js";

/**
 * `contract` and `retention` are not loads on the started servers: one times the contract suite's full flow against
 * a local mock, the other reads a mock's memory after GC while one client simulates price curves, and another
 * client's rate during a burst of them (scripts/bench/retention.ts).
 */
export const SCENARIO_NAMES = ["get-user", "post-user", "flow", "events", "scale", "contract", "retention"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioSizes {
  /** Events stored before `GET /events` (issue: 1,000). */
  events: number;
  /** Users (each with a location and a resource) preloaded for the scale loads (issue: 100,000). */
  scaleUsers: number;
  /** Price curves one client simulates in the retention scenario, the events kept, and the burst (issue 15). */
  retention: RetentionSizes;
}

export interface LoadDef {
  /** Unique across scenarios; names the row in the table and the JSON. */
  id: string;
  title: string;
  /** Sets up what the load needs on a freshly started server, then says what to send. */
  prepare(server: RunningServer): Promise<LoadPlan>;
}

export interface Scenario {
  name: ScenarioName;
  servers: readonly ServerKind[];
  preload?: Preload;
  loads: LoadDef[];
}

const ALL: readonly ServerKind[] = ["mock", "express", "node", "prism", "prism-quiet"];
const MOCK_ONLY: readonly ServerKind[] = ["mock"];
const MOCK_AND_EXPRESS: readonly ServerKind[] = ["mock", "express", "node"];
const JSON_TYPE = "application/json";

type Method = NonNullable<autocannon.Request["method"]>;

/** A client of one started server, for the set-up steps before a load. */
class SetupClient {
  token = "bench";
  constructor(readonly server: RunningServer) {}

  /** The path autocannon sends (autocannon gets the origin as its URL). */
  path(apiPath: string): string {
    const url = new URL(this.server.apiBase + apiPath);
    return url.pathname + url.search;
  }

  headers(json = false): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...(json && { "content-type": JSON_TYPE }) };
  }

  async login(): Promise<void> {
    const res = await fetch(this.server.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: DEMO_CREDENTIALS });
    const body: unknown = await res.json();
    if (res.status !== 200 || typeof body !== "object" || body === null || !("access_token" in body) || typeof body.access_token !== "string") {
      throw new Error(`set-up: POST /connect/token answered ${res.status}`);
    }
    this.token = body.access_token;
  }

  async send(method: Method, apiPath: string, body: unknown, expected: number): Promise<unknown> {
    const res = await fetch(this.server.apiBase + apiPath, { method, headers: this.headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`set-up: ${method} ${apiPath} answered ${res.status}, expected ${expected}: ${text.slice(0, 200)}`);
    return text === "" ? undefined : JSON.parse(text);
  }
}

/** A user the load can ask for: created on the mock, any id for the stateless servers. */
async function existingUser(client: SetupClient): Promise<string> {
  const userId = randomUUID();
  if (client.server.kind === "mock" || client.server.kind === "mock-log") {
    await client.login();
    await client.send("POST", "/users", { userId } satisfies RequestBody<"PostUser">, 201);
  }
  return userId;
}

const getUser: LoadDef = {
  id: "get-user",
  title: "GET /users/{id}",
  async prepare(server) {
    const client = new SetupClient(server);
    const userId = await existingUser(client);
    return { unit: "req", expected: [200], requests: [{ method: "GET", path: client.path(`/users/${userId}`), headers: client.headers() }] };
  },
};

const postUser: LoadDef = {
  id: "post-user",
  title: "POST /users (fresh id)",
  async prepare(server) {
    const client = new SetupClient(server);
    if (server.kind === "mock" || server.kind === "mock-log") await client.login();
    const prefix = randomUUID();
    let n = 0;
    const path = client.path("/users");
    const request: autocannon.Request = {
      method: "POST",
      path,
      headers: client.headers(true),
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ userId: `${prefix}-${n++}` } satisfies RequestBody<"PostUser">) }),
    };
    return { unit: "req", expected: [201], requests: [request] };
  },
};

/** What one virtual user of the flow has registered so far. */
interface FlowState {
  token: string;
  userId: string;
  eventId: string;
}

/** A string found at `keys` in a JSON body, or "" (a later step then fails with a counted mismatch). */
function fieldOf(body: string, ...keys: string[]): string {
  let node: unknown = JSON.parse(body);
  for (const key of keys) node = typeof node === "object" && node !== null && key in node ? Reflect.get(node, key) : undefined;
  return typeof node === "string" ? node : "";
}

const flow: LoadDef = {
  id: "flow",
  title: "guide flow (token → … → report)",
  async prepare(server) {
    const client = new SetupClient(server);
    const prefix = randomUUID().slice(0, 8);
    let n = 0;
    // autocannon hands each connection its own context object; the flow's state hangs off it.
    const states = new WeakMap<object, FlowState>();
    const state = (context: object): FlowState => {
      let s = states.get(context);
      if (!s) states.set(context, (s = { token: "", userId: "", eventId: "" }));
      return s;
    };
    const step = (method: Method, apiPath: (s: FlowState) => string, body: (s: FlowState) => unknown, onBody?: (s: FlowState, body: string) => void): autocannon.Request => ({
      method,
      setupRequest: (req, context) => {
        const s = state(context);
        return { ...req, path: client.path(apiPath(s)), headers: { authorization: `Bearer ${s.token}`, "content-type": JSON_TYPE }, body: JSON.stringify(body(s)) };
      },
      ...(onBody && { onResponse: (status: number, text: string, context: object) => status < 300 && onBody(state(context), text) }),
    });
    const requests: autocannon.Request[] = [
      {
        method: "POST",
        path: new URL(server.tokenUrl).pathname,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: DEMO_CREDENTIALS,
        onResponse: (status, text, context) => {
          const s = state(context);
          s.token = status === 200 ? fieldOf(text, "access_token") : "";
          s.userId = `${prefix}-${n++}`;
        },
      },
      step("POST", () => "/users", (s) => ({ userId: s.userId }) satisfies RequestBody<"PostUser">),
      step("POST", (s) => `/users/${s.userId}/vehicles`, (s) => ({ resourceId: `${s.userId}-car`, resourceType: "Vehicle" }) satisfies RequestBody<"PostVehicle">),
      step(
        "POST",
        (s) => `/users/${s.userId}/locations`,
        (s) => ({ locationId: `${s.userId}-home`, locationType: "Residential", meterPointIds: ["707057500012345678"] }) satisfies RequestBody<"PostLocation">,
      ),
      step(
        "POST",
        (s) => `/users/${s.userId}/locations/${s.userId}-home/resources`,
        (s) => ({ resourceId: `${s.userId}-tank`, resourceType: "HotWaterTank" }) satisfies RequestBody<"PostLocationBoundResource">,
      ),
      step(
        "POST",
        () => "/simulation/events/pricecurve",
        (s) => ({ priceArea: "NO1", targets: [{ resourceId: `${s.userId}-tank`, locationId: `${s.userId}-home` }] }) satisfies RequestBody<"PostPriceCurveSimulation">,
        (s, text) => (s.eventId = fieldOf(text, "simulatedEvent", "id")),
      ),
      step(
        "POST",
        () => "/reports",
        (s) =>
          ({
            eventId: s.eventId,
            payloads: [
              {
                payloadType: "EnergyUsage",
                resourceId: `${s.userId}-tank`,
                locationId: `${s.userId}-home`,
                meterPointId: "707057500012345678",
                resolution: "01:00:00",
                points: [
                  { timestamp: "2026-11-27T00:00:00Z", kiloWattHours: 2.5 },
                  { timestamp: "2026-11-27T01:00:00Z", kiloWattHours: 1.75 },
                ],
              },
            ],
          }) satisfies RequestBody<"PostReport">,
      ),
    ];
    return { unit: "flow", expected: [200, 201, 201, 201, 201, 200, 200], requests };
  },
};

/** A user with a location and a hot-water tank there, whose price curves the page loads below fill the lists with. */
async function tankOwner(client: SetupClient, userId: string, resourceId: string): Promise<RequestBody<"PostPriceCurveSimulation">> {
  await client.send("POST", "/users", { userId }, 201);
  await client.send("POST", `/users/${userId}/locations`, { locationId: "home", locationType: "Residential" }, 201);
  await client.send("POST", `/users/${userId}/locations/home/resources`, { resourceId, resourceType: "HotWaterTank" }, 201);
  return { priceArea: "NO1", targets: [{ resourceId, locationId: "home" }] };
}

/**
 * A load that reads one page of a list the mock serves from stored JSON (`apiPath`, e.g. `/events?…`), after `fill`
 * has stored its items. Bare Express answers the very bytes the mock answered (fetched from the mock after filling
 * it, handed to Express before its load), so the two rows compare the mock's cost of a page with the framework's cost
 * of sending that many bytes.
 */
function storedPageLoad(def: { id: string; title: string; apiPath: string; fill(client: SetupClient, server: RunningServer): Promise<void> }): LoadDef {
  let page: string | undefined;
  const listPath = new URL(def.apiPath, "http://x").pathname;
  return {
    id: def.id,
    title: def.title,
    async prepare(server) {
      const client = new SetupClient(server);
      const path = client.path(def.apiPath);
      if (server.kind === "express" || server.kind === "node") {
        if (page === undefined) throw new Error(`the ${def.id} load on ${server.kind === "node" ? "raw node:http" : "bare Express"} sends the page the mock answered: run it with --servers mock,${server.kind}`);
        const target = `${new URL(server.apiBase).pathname}${listPath}`;
        const res = await fetch(`${new URL(server.apiBase).origin}${EXPRESS_PAGE_PATH}?for=${encodeURIComponent(target)}`, { method: "PUT", headers: { "content-type": "text/plain" }, body: page });
        if (res.status !== 204) throw new Error(`set-up: PUT ${EXPRESS_PAGE_PATH} on ${server.kind} answered ${res.status}`);
        return { unit: "req", expected: [200], requests: [{ method: "GET", path, headers: client.headers() }] };
      }
      await client.login();
      await def.fill(client, server);
      const res = await fetch(server.apiBase + def.apiPath, { headers: client.headers() });
      page = await res.text();
      if (res.status !== 200) throw new Error(`set-up: GET ${listPath} answered ${res.status}`);
      return { unit: "req", expected: [200], requests: [{ method: "GET", path, headers: client.headers() }] };
    },
  };
}

/** `GET /events?page=1&pageSize=100` with `count` price curves stored. */
function events(count: number): LoadDef {
  return storedPageLoad({
    id: "events",
    title: `GET /events page 1 of 100 (${count.toLocaleString("en-US")} stored)`,
    apiPath: "/events?page=1&pageSize=100",
    async fill(client) {
      const body = await tankOwner(client, "events-owner", "tank");
      // Ten at a time: quick, and gentle on a shared machine.
      for (let done = 0; done < count; done += 10) {
        await Promise.all(Array.from({ length: Math.min(10, count - done) }, () => client.send("POST", "/simulation/events/pricecurve", body, 200)));
      }
    },
  });
}

/**
 * `GET /webhooks/logs?page=1&pageSize=100` with about `count` delivery attempts stored: ten webhooks on a closed
 * loopback port, price curves until their attempts and retries (1 + 3 each) are all logged.
 */
function webhookLogs(count: number): LoadDef {
  return storedPageLoad({
    id: "webhook-logs",
    title: `GET /webhooks/logs page 1 of 100 (${count.toLocaleString("en-US")} stored)`,
    apiPath: "/webhooks/logs?page=1&pageSize=100",
    async fill(client, server) {
      const body = await tankOwner(client, "logs-owner", "logs-tank");
      const hooks = 10;
      for (let i = 0; i < hooks; i++) {
        // Port 9 on loopback refuses at once, so every attempt fails fast and is retried three times.
        await client.send("POST", "/webhooks", { webhookUrl: `http://127.0.0.1:9/hook-${i}`, webhookSecret: "bench-secret", notificationTypes: ["PriceCurveCreated"] }, 201);
      }
      const curves = Math.max(1, Math.ceil(count / (hooks * 4)));
      for (let i = 0; i < curves; i++) await client.send("POST", "/simulation/events/pricecurve", body, 200);
      // The page is read once every attempt and retry is logged, so the bytes stay still. The retries would come
      // after 1, 2 and 4 s; the control API's DeliverNow runs the waiting ones at once instead.
      const expected = Math.min(curves * hooks * 4, 10_000);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const res = await fetch(server.apiBase + "/webhooks/logs?page=1&pageSize=1", { headers: client.headers() });
        const total = ((await res.json()) as { pagination?: { totalRecords?: number } }).pagination?.totalRecords ?? 0;
        if (total >= expected) break;
        if (Date.now() > deadline) throw new Error(`set-up: ${total} of ${expected} delivery attempts logged after 60 s`);
        const now = await fetch(`${new URL(server.apiBase).origin}/_mock/webhooks/deliver`, { method: "POST", headers: client.headers() });
        const result: unknown = await now.json();
        if (now.status !== 200) throw new Error(`set-up: POST /_mock/webhooks/deliver answered ${now.status}: ${JSON.stringify(result).slice(0, 200)}`);
        // Nothing was waiting: the attempts are still in flight.
        const attempted = typeof result === "object" && result !== null && "attempted" in result ? result.attempted : 0;
        if (attempted === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  });
}

function scaleLoads(users: number): LoadDef[] {
  const middle = preloadedUserId(Math.floor(users / 2));
  const lastPage = Math.max(1, Math.ceil(users / 100));
  const size = users.toLocaleString("en-US");
  const list = (page: number): LoadDef => ({
    id: `scale-users-page-${page === 1 ? "1" : "last"}`,
    title: `GET /users page ${page} of 100 (${size} stored)`,
    async prepare(server) {
      const client = new SetupClient(server);
      await client.login();
      return { unit: "req", expected: [200], requests: [{ method: "GET", path: client.path(`/users?page=${page}&pageSize=100`), headers: client.headers() }] };
    },
  });
  return [
    {
      id: "scale-get-user",
      title: `GET /users/{id} (${size} stored)`,
      async prepare(server) {
        const client = new SetupClient(server);
        await client.login();
        return { unit: "req", expected: [200], requests: [{ method: "GET", path: client.path(`/users/${middle}`), headers: client.headers() }] };
      },
    },
    list(1),
    list(lastPage),
  ];
}

export function scenarios(sizes: ScenarioSizes): Scenario[] {
  return [
    { name: "get-user", servers: [...ALL, "mock-log"], loads: [getUser] },
    { name: "post-user", servers: ALL, loads: [postUser] },
    { name: "flow", servers: MOCK_ONLY, loads: [flow] },
    { name: "events", servers: MOCK_AND_EXPRESS, loads: [events(sizes.events), webhookLogs(sizes.events)] },
    { name: "scale", servers: MOCK_ONLY, preload: { users: sizes.scaleUsers }, loads: scaleLoads(sizes.scaleUsers) },
  ];
}
