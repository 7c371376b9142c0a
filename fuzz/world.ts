// The objects a fuzzing client owns before (and, refreshed, during) a run, so that generated requests often
// reach real objects instead of answering 404 every time. Built through the API itself.
import net from "node:net";
import { API_BASE, TOKEN_PATH } from "../mock/routing.js";
import type { RawClient, RawResponse } from "./client.js";

export interface World {
  client: { id: string; secret: string };
  token: string;
  /** Ids known to exist (or to have existed), by parameter or property name. Read at generation time. */
  ids: Record<string, string[]>;
  /** A URL on 127.0.0.1 where nothing listens: webhooks point there, so deliveries fail fast and stay local. */
  deadUrl: string;
}

export const WORLD = {
  userId: "fuzz-user",
  locationId: "fuzz-location",
  resourceId: "fuzz-resource",
  vehicleId: "fuzz-vehicle",
  meterPointId: "707057500012345678",
  // Inside sandbox test area 1 on Svalbard, so the user is eligible and can be enrolled.
  coordinates: { latitude: 79.5191, longitude: 15.9761 },
} as const;

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

export async function requestToken(http: RawClient, client: { id: string; secret: string }): Promise<string> {
  const res = await http.send({
    method: "POST",
    path: TOKEN_PATH,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.id, client_secret: client.secret }).toString(),
  });
  if (res.status !== 200) throw new Error(`token request for ${client.id} answered ${res.status}: ${res.text}`);
  return (JSON.parse(res.text) as { access_token: string }).access_token;
}

/** Sends a JSON request as the world's client. */
export function api(http: RawClient, token: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  return http.send({ method, path: API_BASE + path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const json = (res: RawResponse): unknown => (res.text === "" ? undefined : (JSON.parse(res.text) as unknown));

/** Creates a world for a client (token, user, location, resource, vehicle, enrollment, webhook, event). */
export async function createWorld(http: RawClient, client: { id: string; secret: string }): Promise<World> {
  const world: World = {
    client,
    token: await requestToken(http, client),
    ids: { userId: [], locationId: [], resourceId: [], webhookId: [], eventId: [], notificationId: [], mpid: [], meterPointId: [] },
    deadUrl: `http://127.0.0.1:${await deadPort()}/hooks/fuzz`,
  };
  await refreshWorld(http, world);
  return world;
}

/** Recreates what a run deleted (409s are fine) and learns the ids the mock chose (webhooks, events, notifications). */
export async function refreshWorld(http: RawClient, world: World): Promise<void> {
  const call = (method: string, path: string, body?: unknown) => api(http, world.token, method, path, body);
  const u = encodeURIComponent(WORLD.userId);
  const l = encodeURIComponent(WORLD.locationId);
  await call("POST", "/users", { userId: WORLD.userId });
  await call("POST", `/users/${u}/locations`, { locationId: WORLD.locationId, locationType: "Residential", coordinates: WORLD.coordinates, meterPointIds: [WORLD.meterPointId] });
  await call("POST", `/users/${u}/locations/${l}/resources`, { resourceId: WORLD.resourceId, resourceType: "Charger", meterPointId: WORLD.meterPointId });
  await call("POST", `/users/${u}/vehicles`, { resourceId: WORLD.vehicleId, resourceType: "Vehicle" });
  await call("POST", `/users/${u}/enrollment`);
  const add = (name: string, id: unknown) => {
    const list = (world.ids[name] ??= []);
    if (typeof id === "string" && !list.includes(id)) list.push(id);
  };
  add("userId", WORLD.userId);
  add("locationId", WORLD.locationId);
  add("resourceId", WORLD.resourceId);
  add("resourceId", WORLD.vehicleId);
  add("mpid", WORLD.meterPointId);
  add("meterPointId", WORLD.meterPointId);

  const hooks = await call("GET", "/webhooks");
  const listed = hooks.status === 200 ? ((json(hooks) as { webhooks?: { webhookId: string }[] }).webhooks ?? []) : [];
  if (listed.length === 0) {
    const created = await call("POST", "/webhooks", { webhookUrl: world.deadUrl, name: "fuzz", webhookSecret: "fuzz-secret", notificationTypes: ["PriceCurveCreated"] });
    if (created.status === 201) add("webhookId", (json(created) as { webhookId?: string }).webhookId);
  }
  for (const h of listed) add("webhookId", h.webhookId);

  if ((world.ids.eventId ?? []).length === 0) {
    const sim = await call("POST", "/simulation/events/pricecurve", { targets: [{ resourceId: WORLD.resourceId, locationId: WORLD.locationId }] });
    if (sim.status === 200) add("eventId", (json(sim) as { simulatedEvent?: { id?: string } }).simulatedEvent?.id);
  }
  const logs = await call("GET", "/webhooks/logs?pageSize=5");
  if (logs.status === 200) for (const entry of (json(logs) as { webhookNotificationLogs?: { notificationId?: string }[] }).webhookNotificationLogs ?? []) add("notificationId", entry.notificationId);
}
