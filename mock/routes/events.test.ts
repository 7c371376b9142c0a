import { expect, it } from "vitest";
import { DEMO_CLIENT } from "../context.js";
import { useMock, type ApiClient, refusal } from "../testing.js";

const problem = (code: string, status: number, title: string, detail: string) => ({ type: `urn:energy-coordination-mock:problem:${code}`, title, status, detail });
const NOW = Date.parse("2026-11-26T12:00:00Z");

it("lists events newest first, one page at a time", async () => {
  let now = NOW;
  const mock = await useMock({ now: () => now });
  const api = await mock.login();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    now += 1000;
    ids.push(((await api.post("/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } }).simulatedEvent.id);
  }
  const all = await api.get("/events");
  expect(all.status).toBe(200);
  expect((all.body as { events: { id: string; createdAt: string }[] }).events.map((e) => [e.id, e.createdAt])).toEqual([
    [ids[2], "2026-11-26T12:00:03.000Z"],
    [ids[1], "2026-11-26T12:00:02.000Z"],
    [ids[0], "2026-11-26T12:00:01.000Z"],
  ]);
  expect(await api.get("/events?page=2&pageSize=2").then((r) => r.body)).toEqual({
    events: [{ id: ids[0], createdAt: "2026-11-26T12:00:01.000Z", payload: { payloadType: "UserEligibility", lastUpdated: "2026-11-26T12:00:01Z", addedUsers: [], removedUsers: [] } }],
    pagination: { totalRecords: 3, pageSize: 2, currentPage: 2, totalPages: 2, nextPage: null, previousPage: 1 },
  });
});

it("answers an empty first page before any event", async () => {
  const api = await (await useMock()).login();
  expect((await api.get("/events")).body).toEqual({
    events: [],
    pagination: { totalRecords: 0, pageSize: 100, currentPage: 1, totalPages: 0, nextPage: null, previousPage: null },
  });
});

/** The resource r1 at location l1 that the price curves below target (the simulation refuses targets the client lacks). */
async function withResource(api: ApiClient): Promise<void> {
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1" });
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
}

it("reads one event by id", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  await withResource(api);
  const created = (await api.post("/simulation/events/pricecurve", { priceArea: "NO2", targets: [{ resourceId: "r1", locationId: "l1" }] })).body as {
    simulatedEvent: { id: string };
  };
  const res = await api.get(`/events/${created.simulatedEvent.id}`);
  expect(res.status).toBe(200);
  expect(res.body).toEqual(created.simulatedEvent);
});

it("answers 404 for an unknown event and for another client's event", async () => {
  const mock = await useMock({ clients: [DEMO_CLIENT, { id: "other", secret: "other-secret" }] });
  const api = await mock.login();
  const other = await mock.login({ id: "other", secret: "other-secret" });
  const id = ((await api.post("/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } }).simulatedEvent.id;
  expect(refusal(await api.get("/events/nope"))).toEqual({ status: 404, detail: "event nope does not exist", text: "" });
  expect((await other.get(`/events/${id}`)).status).toBe(404);
  expect(((await other.get("/events")).body as { events: unknown[] }).events).toEqual([]);
});

it("refuses a bad page size with a problem document", async () => {
  const api = await (await useMock()).login();
  const res = await api.get("/events?pageSize=0");
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(res.body).toEqual({ ...problem("validation-failed", 400, "Bad Request", "GET /events: query.pageSize must be >= 1"), errors: { "query.pageSize": ["must be >= 1"] } });
});

it("sends a page as the bytes JSON.stringify gives of the same events", async () => {
  const mock = await useMock({ now: () => NOW });
  const api = await mock.login();
  await withResource(api);
  for (let i = 0; i < 3; i++) await api.post("/simulation/events/pricecurve", { priceArea: "NO1", targets: [{ resourceId: "r1", locationId: "l1" }] });
  const res = await api.get("/events?page=1&pageSize=2");
  // Assembled from stored bytes, the page is still exactly what JSON.stringify gives of it (no spacing, same order).
  const page = res.body as { events: { id: string; createdAt: string; payload: unknown }[]; pagination: unknown };
  expect(res.text).toBe(JSON.stringify({ events: page.events.map((e) => ({ id: e.id, createdAt: e.createdAt, payload: e.payload })), pagination: page.pagination }));
  expect(page.events).toHaveLength(2);
  const one = await api.get(`/events/${page.events[0]!.id}`);
  expect(one.text).toBe(JSON.stringify(page.events[0]));
});

it("keeps the newest maxEvents events per client: older ones leave the list and answer 404", async () => {
  let now = NOW;
  const mock = await useMock({ now: () => now, maxEvents: 2, clients: [DEMO_CLIENT, { id: "other", secret: "other-secret" }] });
  const api = await mock.login();
  const other = await mock.login({ id: "other", secret: "other-secret" });
  const otherId = ((await other.post("/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } }).simulatedEvent.id;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    now += 1000;
    ids.push(((await api.post("/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } }).simulatedEvent.id);
  }
  const list = await api.get("/events");
  expect((list.body as { events: { id: string }[] }).events.map((e) => e.id)).toEqual([ids[2], ids[1]]);
  expect((list.body as { pagination: unknown }).pagination).toEqual({ totalRecords: 2, pageSize: 100, currentPage: 1, totalPages: 1, nextPage: null, previousPage: null });
  expect(refusal(await api.get(`/events/${ids[0]}`))).toEqual({ status: 404, detail: `event ${ids[0]} does not exist`, text: "" });
  expect((await api.get(`/events/${ids[1]}`)).status).toBe(200);
  // Another client's history is its own: one busy client does not push out its events.
  expect((await other.get(`/events/${otherId}`)).status).toBe(200);
});

it("answers a new event on the page polled before it arrived", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const simulate = async () => ((await api.post("/simulation/events/usereligibility")).body as { simulatedEvent: { id: string } }).simulatedEvent.id;
  const first = await simulate();
  const ids = async () => ((await api.get("/events?pageSize=1")).body as { events: { id: string }[] }).events.map((e) => e.id);
  expect(await ids()).toEqual([first]);
  expect(await ids()).toEqual([first]);
  const second = await simulate();
  expect(await ids()).toEqual([second]);
  expect(((await api.get("/events?page=2&pageSize=1")).body as { events: { id: string }[] }).events.map((e) => e.id)).toEqual([first]);
});
