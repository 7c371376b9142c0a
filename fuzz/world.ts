// The objects a fuzzing client owns before (and, refreshed, during) a run, so that generated requests often reach
// real objects instead of answering 404 every time. Built through the API itself, following its links (a location
// needs its user, a resource its location), with the run's prefix on every id; read-only runs only look around.
import net from "node:net";
import type { ApiOperations } from "../spec/operations.js";
import type { RawResponse } from "./client.js";
import type { Ledger } from "./ledger.js";
import { requestToken, type Credentials, type Target } from "./target.js";

export interface World {
  client: Credentials;
  token: string;
  /** Ids known to exist (or to have existed), by parameter or property name. Read at generation time. */
  ids: Record<string, string[]>;
  /** Where generated webhooks point: a dead loopback port for the mock, a `.invalid` host elsewhere. */
  deadUrl: string;
}

export interface WorldSetup {
  target: Target;
  operations: ApiOperations;
  ledger: Ledger;
  /** Put before every id the run makes up (`fuzz-k3x9-`). */
  prefix: string;
  readOnly: boolean;
}

/** The fixed objects of a run; coordinates inside sandbox test area 1 (Svalbard), so the user is eligible. */
export const worldIds = (prefix: string) => ({
  userId: `${prefix}user`,
  locationId: `${prefix}location`,
  resourceId: `${prefix}resource`,
  vehicleId: `${prefix}vehicle`,
  meterPointId: "707057500012345678",
  coordinates: { latitude: 79.5191, longitude: 15.9761 },
});

/** A loopback port with nothing listening on it (bound, then released). */
export async function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Sends a JSON request to the API as the world's client, and books what it creates. */
export async function api(setup: WorldSetup, token: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const req = { method, path: setup.target.basePath + path, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const res = await setup.target.send(req);
  const r = setup.operations.resolve(method, setup.operations.basePath + path);
  if (r.kind === "operation") setup.ledger.record(r.op, r.params, req, res);
  return res;
}

const json = (res: RawResponse): unknown => {
  try {
    return res.text === "" ? undefined : (JSON.parse(res.text) as unknown);
  } catch {
    return undefined;
  }
};

const listOf = (res: RawResponse, key: string): Record<string, unknown>[] => {
  const body = json(res);
  const list = res.status === 200 && typeof body === "object" && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
};

/** Gets a token and creates (or, read-only, finds) the client's objects. */
export async function createWorld(setup: WorldSetup, client: Credentials, deadUrl: string): Promise<World> {
  const world: World = { client, token: await requestToken(setup.target, client), ids: {}, deadUrl };
  await refreshWorld(setup, world);
  return world;
}

/** Recreates what a run deleted (409s are fine) and learns the ids the server chose (webhooks, events, notifications). */
export async function refreshWorld(setup: WorldSetup, world: World): Promise<void> {
  const call = (method: string, path: string, body?: unknown) => api(setup, world.token, method, path, body);
  const add = (name: string, id: unknown) => {
    const list = (world.ids[name] ??= []);
    if (typeof id === "string" && id !== "" && !list.includes(id)) list.push(id);
  };
  if (setup.readOnly) {
    // Only looks: the first page of the client's own users, locations, webhooks, events and logs.
    for (const u of listOf(await call("GET", "/users?pageSize=5"), "users")) add("userId", u.userId);
    const first = world.ids.userId?.[0];
    if (first !== undefined) for (const l of listOf(await call("GET", `/users/${encodeURIComponent(first)}/locations`), "locations")) add("locationId", l.locationId);
    if (first !== undefined) for (const r of listOf(await call("GET", `/users/${encodeURIComponent(first)}/resources`), "resources")) add("resourceId", r.resourceId);
  } else {
    const w = worldIds(setup.prefix);
    const u = encodeURIComponent(w.userId);
    const l = encodeURIComponent(w.locationId);
    await call("POST", "/users", { userId: w.userId });
    await call("POST", `/users/${u}/locations`, { locationId: w.locationId, locationType: "Residential", coordinates: w.coordinates, meterPointIds: [w.meterPointId] });
    await call("POST", `/users/${u}/locations/${l}/resources`, { resourceId: w.resourceId, resourceType: "Charger", meterPointId: w.meterPointId });
    await call("POST", `/users/${u}/vehicles`, { resourceId: w.vehicleId, resourceType: "Vehicle" });
    await call("POST", `/users/${u}/enrollment`);
    add("userId", w.userId);
    add("locationId", w.locationId);
    add("resourceId", w.resourceId);
    add("resourceId", w.vehicleId);
    add("mpid", w.meterPointId);
    add("meterPointId", w.meterPointId);
  }

  const hooks = listOf(await call("GET", "/webhooks"), "webhooks");
  // A shared deployment's client may have webhooks of its own: a run changes only those it created.
  if (setup.readOnly) for (const h of hooks) add("webhookId", h.webhookId);
  else if (!hooks.some((h) => world.ids.webhookId?.includes(String(h.webhookId)))) {
    const created = await call("POST", "/webhooks", { webhookUrl: world.deadUrl, name: `${setup.prefix}hook`, webhookSecret: "fuzz-secret", notificationTypes: ["PriceCurveCreated"] });
    if (created.status === 201) add("webhookId", (json(created) as { webhookId?: string }).webhookId);
  }

  if ((world.ids.eventId ?? []).length === 0) {
    if (!setup.readOnly) {
      const w = worldIds(setup.prefix);
      const sim = await call("POST", "/simulation/events/pricecurve", { targets: [{ resourceId: w.resourceId, locationId: w.locationId }] });
      if (sim.status === 200) add("eventId", (json(sim) as { simulatedEvent?: { id?: string } }).simulatedEvent?.id);
    }
    for (const e of listOf(await call("GET", "/events?pageSize=5"), "events")) add("eventId", e.id ?? e.eventId);
  }
  for (const entry of listOf(await call("GET", "/webhooks/logs?pageSize=5"), "webhookNotificationLogs")) add("notificationId", entry.notificationId);
}
