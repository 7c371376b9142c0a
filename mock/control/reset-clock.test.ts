// Reset and the clock, hard to get wrong: `POST /_mock/reset?clock=true` and `reset(id, { clock: true })` also put the
// clock back on real time; `reset()` and `clock.reset()` without a client id both act on every client.
import { expect, it } from "vitest";
import { useMock, type MockServer } from "../testing.js";

const acme = { id: "acme", secret: "acme-secret" };
const globex = { id: "globex", secret: "globex-secret" };
const NOW = Date.parse("2026-11-26T12:00:00Z");
const REAL = { now: "2026-11-26T12:00:00.000Z", offsetSeconds: 0, frozen: false };

const control = (mock: MockServer, token: string, method: string, path: string, body?: unknown) =>
  mock.fetch(path, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });

it("keeps the clock on POST /_mock/reset, and puts it back on real time with clock=true", async () => {
  const mock = await useMock({ clients: [acme], now: () => NOW });
  let token = await mock.token(acme);
  expect((await control(mock, token, "PUT", "/_mock/clock", { now: "2027-06-01T00:00:00Z", frozen: true })).status).toBe(200);
  token = await mock.token(acme);
  await mock.as(token).post("/users", { userId: "u1" });

  expect((await control(mock, token, "POST", "/_mock/reset")).status).toBe(204);
  expect((await control(mock, token, "GET", "/_mock/clock")).body).toEqual({ now: "2027-06-01T00:00:00.000Z", offsetSeconds: expect.any(Number), frozen: true });

  await mock.as(token).post("/users", { userId: "u1" });
  expect((await control(mock, token, "POST", "/_mock/reset?clock=true")).status).toBe(204);
  // The token was issued in June 2027 by the clock now back in 2026: a new one is needed, and says the real time.
  const stale = await mock.as(token).get("/users");
  expect([stale.status, stale.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="energy-coordination", error="invalid_token", error_description="The access token is not valid before 2027-06-01T00:00:00.000Z by this client\'s clock"']);
  const fresh = await mock.token(acme);
  expect((await control(mock, fresh, "GET", "/_mock/clock")).body).toEqual(REAL);
  expect((await mock.as(fresh).get("/users")).body).toMatchObject({ users: [] });
});

it("refuses a clock query that is not a boolean, naming it", async () => {
  const mock = await useMock({ clients: [acme], now: () => NOW });
  const res = await control(mock, await mock.token(acme), "POST", "/_mock/reset?clock=yes");
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    type: "urn:energy-coordination-mock:problem:validation-failed",
    title: "Bad Request",
    status: 400,
    detail: "POST /_mock/reset: query.clock must be boolean",
    errors: { "query.clock": ["must be boolean"] },
  });
});

it("puts every client's clock back with clock.reset() and reset(undefined, { clock: true }), as reset() clears every client", async () => {
  const mock = await useMock({ clients: [acme, globex], now: () => NOW });
  const { handle } = mock;
  for (const clientId of ["acme", "globex"]) handle.clock.set("2027-01-01T00:00:00Z", { frozen: true, clientId });
  expect(handle.clock.reset()).toEqual(REAL);
  expect([handle.clock.get("acme"), handle.clock.get("globex")]).toEqual([REAL, REAL]);

  for (const clientId of ["acme", "globex"]) handle.clock.set("2027-01-01T00:00:00Z", { frozen: true, clientId });
  await handle.reset("globex", { clock: true });
  expect([handle.clock.get("acme").frozen, handle.clock.get("globex")]).toEqual([true, REAL]);
  await handle.reset(undefined, { clock: true });
  expect([handle.clock.get("acme"), handle.clock.get("globex")]).toEqual([REAL, REAL]);
  await handle.reset();
  expect(() => handle.clock.reset("initech")).toThrow('clock.reset("initech"): no such client; the mock has acme, globex');
});
