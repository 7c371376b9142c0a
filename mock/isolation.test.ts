// Isolation as a property: whatever another client sends about the first client's objects (reads, writes,
// deletes, simulations, reports, by path or in a body), it gets 404 where an id is in the path, never sees one
// of the first client's ids it did not send itself, and the first client's full state stays exactly as it was.
import fc from "fast-check";
import { expect, it } from "vitest";
import { rawClient } from "../fuzz/client.js";
import { RULES_BEYOND_SCHEMA } from "../fuzz/mock-extras.js";
import { requestGenerators, type FuzzRequest } from "../fuzz/requests.js";
import type { World } from "../fuzz/world.js";
import { useMock, type ApiClient } from "./testing.js";

const alice = { id: "alice", secret: "alice-secret" };
const mallory = { id: "mallory", secret: "mallory-secret" };
const enc = encodeURIComponent;

/** Creates objects with a partner-chosen id in the creator's own space: Mallory may do that, but then the id is hers. */
const OWN_SPACE_CREATES = new Set(["RequestToken", "PostUser", "PostUsers", "PostTenantDataSimulation"]);

/** Alice's data: two users with locations (one eligible), resources, a vehicle, an enrollment, a webhook, an event, a report. */
async function populate(a: ApiClient, deadUrl: string): Promise<World["ids"]> {
  const ok = <T extends { status: number; text: string }>(res: T, what: string): T => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  };
  for (const u of ["alice-u1", "alice-ü/2"]) ok(await a.post("/users", { userId: u }), `user ${u}`);
  ok(await a.post(`/users/alice-u1/locations`, { locationId: "alice-l1", locationType: "Residential", coordinates: { latitude: 79.5191, longitude: 15.9761 }, meterPointIds: ["707057500000000001"] }), "location");
  ok(await a.post(`/users/${enc("alice-ü/2")}/locations`, { locationId: "alice-l2", meterPointId: "707057500000000002" }), "location 2");
  ok(await a.post(`/users/alice-u1/locations/alice-l1/resources`, { resourceId: "alice-r1", resourceType: "Charger" }), "resource");
  ok(await a.post(`/users/alice-u1/vehicles`, { resourceId: "alice-v1", resourceType: "Vehicle" }), "vehicle");
  ok(await a.post(`/users/alice-u1/enrollment`), "enrollment");
  const hook = ok(await a.post("/webhooks", { webhookUrl: deadUrl, name: "alice", webhookSecret: "alice-hook-secret", notificationTypes: ["PriceCurveCreated"] }), "webhook");
  const sim = ok(await a.post("/simulation/events/pricecurve", { targets: [{ resourceId: "alice-r1", locationId: "alice-l1" }] }), "simulation");
  const event = (sim.body as { simulatedEvent: { id: string; payload: { priceCurveDelta: { points: { timestamp: string }[] } } } }).simulatedEvent;
  const points = event.payload.priceCurveDelta.points.map((p) => ({ timestamp: p.timestamp, kiloWattHours: 1.5 }));
  ok(await a.post("/reports", { eventId: event.id, payloads: [{ payloadType: "EnergyUsage", resourceId: "alice-r1", locationId: "alice-l1", resolution: "01:00:00", points }] }), "report");
  return {
    userId: ["alice-u1", "alice-ü/2"],
    locationId: ["alice-l1", "alice-l2"],
    resourceId: ["alice-r1", "alice-v1"],
    webhookId: [(hook.body as { webhookId: string }).webhookId],
    eventId: [event.id],
    notificationId: [],
    mpid: ["707057500000000001", "707057500000000002"],
    meterPointId: ["707057500000000001", "707057500000000002"],
  };
}

/** Everything Alice can read about her own data, by path. */
async function snapshot(a: ApiClient): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  const get = async <T,>(path: string): Promise<T> => {
    const res = await a.get(path);
    seen[path] = { status: res.status, body: res.body };
    return res.body as T;
  };
  const { users = [] } = await get<{ users?: { userId: string }[] }>("/users?pageSize=1000");
  for (const { userId } of users) {
    const u = enc(userId);
    await get(`/users/${u}`);
    for (const { locationId } of await get<{ locationId: string }[]>(`/users/${u}/locations`)) {
      await get(`/users/${u}/locations/${enc(locationId)}`);
      await get(`/users/${u}/locations/${enc(locationId)}/resources`);
    }
    for (const { resourceId } of (await get<{ resources: { resourceId: string }[] }>(`/users/${u}/resources`)).resources) await get(`/resources/${enc(resourceId)}`);
    await get(`/users/${u}/enrollment`);
    await get(`/users/${u}/eligibility`);
    await get(`/users/${u}/compensation`);
  }
  await get("/users/eligible?pageSize=1000");
  for (const { webhookId } of (await get<{ webhooks: { webhookId: string }[] }>("/webhooks")).webhooks) await get(`/webhooks/${enc(webhookId)}`);
  for (const { id } of (await get<{ events?: { id: string }[] }>("/events?pageSize=1000")).events ?? []) await get(`/events/${enc(id)}`);
  const logs = await get<{ webhookNotificationLogs?: { notificationId?: string }[] }>("/webhooks/logs?pageSize=1000");
  for (const { notificationId } of logs.webhookNotificationLogs ?? []) if (notificationId) await get(`/webhooks/logs/${enc(notificationId)}`);
  for (const mpid of ["707057500000000001", "707057500000000002"]) await get(`/meters/${mpid}/eligible`);
  return seen;
}

/** Alice's ids that a response to Mallory must not carry unless Mallory's own request did. */
function leakedIds(req: FuzzRequest, responseText: string, ids: World["ids"]): string[] {
  const sent = `${decodeURIComponent(req.path)} ${String(req.body ?? "")}`;
  const text = responseText.replace(/\\u00fc/g, "ü").replace(/\\\//g, "/");
  return Object.values(ids)
    .flat()
    .filter((id) => id.length > 8 && !sent.includes(id) && !JSON.stringify(sent).includes(JSON.stringify(id).slice(1, -1)) && text.includes(id));
}

it("gives another client 404 for every read and write of the first client's objects, and changes nothing", async () => {
  const mock = await useMock({ clients: [alice, mallory], webhooks: { baseDelayMs: 1, timeoutMs: 200, maxRetries: 0 } });
  const a = await mock.login(alice);
  const deadUrl = "http://127.0.0.1:9/alice-hook";
  const ids = await populate(a, deadUrl);
  await mock.ctx.push.idle();
  const logs = (await a.get("/webhooks/logs")).body as { webhookNotificationLogs?: { notificationId?: string }[] };
  ids.notificationId = (logs.webhookNotificationLogs ?? []).flatMap((l) => (l.notificationId ? [l.notificationId] : []));
  const before = await snapshot(a);

  const malloryToken = await mock.token(mallory);
  const world: World = { client: mallory, token: malloryToken, ids, deadUrl: "http://127.0.0.1:9/mallory-hook" };
  const generators = requestGenerators(mock.ctx.validators, world, { knownIdsOnly: true });
  const attackOps = mock.ctx.validators.spec.operations.filter((op) => !op.webhook && !OWN_SPACE_CREATES.has(op.operationId));
  const attack = fc.oneof(...attackOps.map((op) => generators.forOperation(op.operationId).filter((r) => r.expect.kind === "valid" && r.operationId === op.operationId)));
  const http = rawClient(mock.origin);
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(attack, { minLength: 1, maxLength: 6 }), async (requests) => {
        for (const req of requests) {
          const res = await http.send(req);
          const where = `${req.method} ${req.path} (${req.label})`;
          const r = generators.resolve(req.method, req.path);
          expect(res.status, where).toBeLessThan(500);
          const byId = r.kind === "operation" && r.op.parameters.some((p) => p.in === "path") && r.op.operationId !== "GetMpidEligibility";
          // A rule checked before any lookup (PUT's body id must match the path) may answer 400: it says nothing about Alice.
          const rule = r.kind === "operation" && r.op.operationId === "UpdateLocation" ? RULES_BEYOND_SCHEMA.UpdateLocation : undefined;
          const params = r.kind === "operation" ? Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, decodeURIComponent(v)])) : {};
          const early400 = rule?.mayBreak({ params, body: req.body === undefined ? undefined : JSON.parse(String(req.body)) }) ?? false;
          if (byId) expect(res.status, `${where}: ${res.text.slice(0, 200)}`).toBe(early400 ? 400 : 404);
          if (r.kind === "operation" && r.op.operationId === "GetMpidEligibility") expect(JSON.parse(res.text), where).toMatchObject({ isEligible: false });
          expect(leakedIds(req, res.text, ids), `${where} answered ${res.text.slice(0, 300)}`).toEqual([]);
        }
        await mock.ctx.push.idle();
        expect(await snapshot(a)).toEqual(before);
      }),
      { numRuns: 25, seed: 20261126 },
    );
  } finally {
    http.close();
  }
});
