// Concurrency: bursts of creates, deletes and reads of the same few ids, from two clients at once, leave every
// client's store consistent: no duplicate ids, no orphan resources or locations, lists that agree with gets,
// eligibility and meter-point answers that agree with the locations, and exactly one winner per contested create.
import fc from "fast-check";
import { expect, it } from "vitest";
import { API_BASE } from "./http/errors.js";
import { rawClient, type RawClient, type RawRequest } from "../fuzz/client.js";
import { useMock, type ApiClient } from "./testing.js";

const clients = [
  { id: "north", secret: "north-secret" },
  { id: "south", secret: "south-secret" },
];
const USERS = ["u1", "u2", "u3"];
const LOCATIONS = ["l1", "l2"];
const RESOURCES = ["r1", "r2", "r3"];
const MPIDS = ["707057500000000001", "707057500000000002"];
const SVALBARD = { latitude: 79.5191, longitude: 15.9761 };
const OSLO = { latitude: 59.91, longitude: 10.75 };

type Step = { client: number; method: string; path: string; body?: unknown };

const user = fc.constantFrom(...USERS);
const location = fc.constantFrom(...LOCATIONS);
const resource = fc.constantFrom(...RESOURCES);
const mpids = fc.subarray(MPIDS);
const coordinates = fc.constantFrom(SVALBARD, OSLO);

const step: fc.Arbitrary<Step> = fc.tuple(fc.nat(1), fc.nat(14), user, location, resource, mpids, coordinates, fc.subarray(USERS, { minLength: 1 })).map(([client, kind, u, l, r, m, c, us]) => {
  const at = `/users/${u}/locations/${l}`;
  const steps: Omit<Step, "client">[] = [
    { method: "POST", path: "/users", body: { userId: u } },
    { method: "POST", path: "/users/batch", body: { users: us.map((userId) => ({ userId })) } },
    { method: "DELETE", path: `/users/${u}` },
    { method: "POST", path: `/users/${u}/locations`, body: { locationId: l, coordinates: c, meterPointIds: m } },
    { method: "POST", path: "/users/locations/batch", body: { locations: us.map((userId) => ({ userId, locationId: l, meterPointIds: m })) } },
    { method: "PUT", path: at, body: { locationId: l, coordinates: c, meterPointIds: m } },
    { method: "PATCH", path: at, body: { meterPointIds: m, coordinates: c } },
    { method: "DELETE", path: at },
    { method: "POST", path: `${at}/resources`, body: { resourceId: r, resourceType: "Charger" } },
    { method: "POST", path: `/users/${u}/vehicles`, body: { resourceId: r, resourceType: "Vehicle" } },
    { method: "DELETE", path: `/resources/${r}` },
    { method: "POST", path: `/users/${u}/enrollment` },
    { method: "GET", path: `/resources/${r}` },
    { method: "GET", path: "/users?pageSize=2" },
    { method: "GET", path: `${at}/resources` },
  ];
  return { client, ...steps[kind]! };
});

async function send(http: RawClient, token: string, s: Omit<Step, "client">) {
  const req: RawRequest = { method: s.method, path: API_BASE + s.path, headers: { authorization: `Bearer ${token}` } };
  if (s.body !== undefined) {
    req.headers["content-type"] = "application/json";
    req.body = JSON.stringify(s.body);
  }
  return http.send(req);
}

/** Reads a client's whole store through the API and returns what is inconsistent in it. */
async function inconsistencies(api: ApiClient): Promise<string[]> {
  const problems: string[] = [];
  const listed: string[] = [];
  for (let page = 1; ; page++) {
    const res = await api.get(`/users?page=${page}&pageSize=2`);
    const body = res.body as { users?: { userId: string }[]; pagination: { nextPage?: number | null } };
    listed.push(...(body.users ?? []).map((u) => u.userId));
    if (!body.pagination.nextPage) break;
  }
  if (new Set(listed).size !== listed.length) problems.push(`duplicate users in the list: ${listed.join(", ")}`);
  const eligibleListed = new Set(((await api.get("/users/eligible?pageSize=1000")).body as { users?: { userId: string }[] }).users?.map((u) => u.userId));
  const owner = new Map<string, string>();
  const eligibleMeters = new Set<string>();
  for (const u of USERS) {
    const got = await api.get(`/users/${u}`);
    if ((got.status === 200) !== listed.includes(u)) problems.push(`GET /users/${u} answers ${got.status} but the list ${listed.includes(u) ? "has" : "lacks"} it`);
    if (got.status !== 200) {
      for (const sub of ["locations", "resources", "enrollment", "eligibility"]) {
        const s = (await api.get(`/users/${u}/${sub}`)).status;
        if (s !== 404) problems.push(`GET /users/${u}/${sub} of a missing user answers ${s}`);
      }
      if (eligibleListed.has(u)) problems.push(`missing user ${u} is listed as eligible`);
      continue;
    }
    const locations = (await api.get(`/users/${u}/locations`)).body as { locationId: string; userId?: string | null; coordinates?: { latitude?: number } | null; meterPointIds?: string[] }[];
    const locationIds = locations.map((l) => l.locationId);
    if (new Set(locationIds).size !== locationIds.length) problems.push(`duplicate locations of ${u}: ${locationIds.join(", ")}`);
    let eligible = false;
    const bound: string[] = [];
    for (const l of locations) {
      const one = await api.get(`/users/${u}/locations/${l.locationId}`);
      if (one.status !== 200 || JSON.stringify(one.body) !== JSON.stringify(l)) problems.push(`GET of location ${u}/${l.locationId} disagrees with the list: ${one.status} ${one.text}`);
      const inArea = l.coordinates?.latitude === SVALBARD.latitude;
      eligible ||= inArea;
      if (inArea) for (const m of l.meterPointIds ?? []) eligibleMeters.add(m);
      const rs = (await api.get(`/users/${u}/locations/${l.locationId}/resources`)).body as { resourceId: string; locationId: string; userId: string }[];
      for (const r of rs) {
        bound.push(r.resourceId);
        if (r.locationId !== l.locationId || r.userId !== u) problems.push(`resource ${r.resourceId} listed under ${u}/${l.locationId} says ${r.userId}/${r.locationId}`);
      }
    }
    const all = ((await api.get(`/users/${u}/resources`)).body as { resources: { resourceId: string; locationId?: string | null; userId: string }[] }).resources;
    const allIds = all.map((r) => r.resourceId);
    if (new Set(allIds).size !== allIds.length) problems.push(`duplicate resources of ${u}: ${allIds.join(", ")}`);
    for (const r of all) {
      if (owner.has(r.resourceId)) problems.push(`resource ${r.resourceId} belongs to ${owner.get(r.resourceId)} and ${u}`);
      owner.set(r.resourceId, u);
      if (r.locationId != null && !locationIds.includes(r.locationId)) problems.push(`orphan resource ${r.resourceId} at missing location ${u}/${r.locationId}`);
      if (r.locationId != null && !bound.includes(r.resourceId)) problems.push(`resource ${r.resourceId} is missing from the list of ${u}/${r.locationId}`);
    }
    for (const b of bound) if (!allIds.includes(b)) problems.push(`resource ${b} of a location of ${u} is missing from /users/${u}/resources`);
    const e = (await api.get(`/users/${u}/eligibility`)).body as { isEligible: boolean };
    if (e.isEligible !== eligible) problems.push(`eligibility of ${u} is ${e.isEligible}, its locations say ${eligible}`);
    if (eligibleListed.has(u) !== eligible) problems.push(`/users/eligible ${eligibleListed.has(u) ? "lists" : "omits"} ${u}, its locations say ${eligible}`);
  }
  for (const r of RESOURCES) {
    const got = await api.get(`/resources/${r}`);
    const expected = owner.get(r);
    if ((got.status === 200) !== (expected !== undefined)) problems.push(`GET /resources/${r} answers ${got.status} but ${expected ? `user ${expected} lists it` : "no user lists it"}`);
    if (got.status === 200 && (got.body as { userId: string }).userId !== expected) problems.push(`resource ${r} says user ${(got.body as { userId: string }).userId}, listed by ${expected}`);
  }
  for (const m of MPIDS) {
    const got = (await api.get(`/meters/${m}/eligible`)).body as { isEligible: boolean };
    if (got.isEligible !== eligibleMeters.has(m)) problems.push(`meter ${m} eligible=${got.isEligible}, the locations say ${eligibleMeters.has(m)}`);
  }
  return problems;
}

it("keeps every store consistent through bursts of concurrent creates, deletes and reads of the same ids", async () => {
  const mock = await useMock({ clients });
  const apis = await Promise.all(clients.map((c) => mock.login(c)));
  const http = rawClient(mock.origin, { maxSockets: 64 });
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 80 }), async (steps) => {
        const answers = await Promise.all(steps.map((s) => send(http, apis[s.client]!.token, s)));
        answers.forEach((a, i) => expect(a.status, `${steps[i]!.method} ${steps[i]!.path}: ${a.text}`).toBeLessThan(500));
        for (const api of apis) expect(await inconsistencies(api)).toEqual([]);
      }),
      { numRuns: 20, seed: 4242 },
    );
  } finally {
    http.close();
  }
});

it("lets exactly one of 40 concurrent creates of the same id win, per client and per kind of object", async () => {
  const mock = await useMock({ clients });
  const apis = await Promise.all(clients.map((c) => mock.login(c)));
  const http = rawClient(mock.origin, { maxSockets: 64 });
  try {
    const burst = (s: Omit<Step, "client">) => Promise.all(apis.flatMap((api) => Array.from({ length: 40 }, () => send(http, api.token, s))));
    const winners = async (s: Omit<Step, "client">) => (await burst(s)).filter((r) => r.status === 201).length;
    expect(await winners({ method: "POST", path: "/users", body: { userId: "same" } })).toBe(2);
    expect(await winners({ method: "POST", path: "/users/same/locations", body: { locationId: "same" } })).toBe(2);
    expect(await winners({ method: "POST", path: "/users/same/locations/same/resources", body: { resourceId: "same", resourceType: "HVAC" } })).toBe(2);
    expect(await winners({ method: "POST", path: "/users/same/vehicles", body: { resourceId: "same", resourceType: "Vehicle" } })).toBe(0);
    for (const api of apis) expect(((await api.get("/users/same/resources")).body as { resources: unknown[] }).resources).toEqual([{ resourceId: "same", resourceType: "HVAC", userId: "same", locationId: "same", meterPointId: null }]);
  } finally {
    http.close();
  }
});
