// Simulations a test can pin: with a random seed (startMock's `randomSeed`, or a client's own through
// PUT /_mock/clock) every generated value repeats for the same seed, client and clock; a bad seed is a 400 or a
// start-up error naming it; and the price curve, like the LPC simulations, refuses a target the client lacks.
import { expect, it } from "vitest";
import type { MockOptions } from "../context.js";
import { parseCli } from "../cli.js";
import { useMock, type ApiClient, type MockServer } from "../testing.js";
import { cliVerdict } from "../test-support.js";

const NOW = Date.parse("2027-01-31T12:00:00Z");
const LONGYEARBYEN = { latitude: 78.2209, longitude: 15.6195 };

async function partnerData(api: ApiClient) {
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", coordinates: LONGYEARBYEN, meterPointIds: ["707057500000000001"] });
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r2", resourceType: "Charger" });
}

/** What one mock generates for a client: a price curve, both LPC simulations and a simulated partner's ids. */
async function generated(options: MockOptions, prepare?: (mock: MockServer, api: ApiClient) => Promise<void>) {
  const mock = await useMock({ now: () => NOW, ...options });
  const api = await mock.login();
  await partnerData(api);
  await prepare?.(mock, api);
  const payload = async (path: string, body: unknown = {}) => ((await api.post(path, body)).body as { simulatedEvent: { payload: unknown } }).simulatedEvent.payload;
  const curve = await payload("/simulation/events/pricecurve");
  const locations = await payload("/simulation/events/lpc/locations", { locations: [] });
  const resources = await payload("/simulation/events/lpc/resources", { resources: [] });
  expect((await api.post("/simulation/partner")).status).toBe(201);
  const users = ((await api.get("/users")).body as { users: { userId: string }[] }).users.map((u) => u.userId);
  return { curve, locations, resources, users };
}

it("generates the same price curve, LPC limits and simulated partner for the same seed and clock", async () => {
  const first = await generated({ randomSeed: 42 });
  const second = await generated({ randomSeed: 42 });
  expect(second).toEqual(first);
  expect(first.users).toHaveLength(4);
  expect(first.curve).toMatchObject({ payloadType: "PriceCurve", targets: [{ resourceId: "r1", locationId: "l1" }, { resourceId: "r2", locationId: "l1" }] });
  const other = await generated({ randomSeed: 43 });
  expect(other.curve).not.toEqual(first.curve);
  expect(other.users).not.toEqual(first.users);
});

it("pins a client's simulations with randomSeed in PUT /_mock/clock, shown by GET and dropped by DELETE", async () => {
  const pin = async (mock: MockServer, api: ApiClient) => {
    const res = await mock.fetch("/_mock/clock", { method: "PUT", headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" }, body: JSON.stringify({ randomSeed: 7 }) });
    expect([res.status, res.body]).toEqual([200, { now: "2027-01-31T12:00:00.000Z", offsetSeconds: 0, frozen: false, randomSeed: 7 }]);
  };
  const first = await generated({}, pin);
  expect(await generated({}, pin)).toEqual(first);
  // The mock's own seed gives way to the client's.
  expect(await generated({ randomSeed: 99 }, pin)).toEqual(first);

  const mock = await useMock({ now: () => NOW });
  const api = await mock.login();
  await pin(mock, api);
  const reset = await mock.fetch("/_mock/clock", { method: "DELETE", headers: { authorization: `Bearer ${api.token}` } });
  expect(reset.body).toEqual({ now: "2027-01-31T12:00:00.000Z", offsetSeconds: 0, frozen: false });
});

it("refuses a seed that is not a safe integer: 400 from the control API, an error from startMock, exit 2 from the CLI", async () => {
  const mock = await useMock({ now: () => NOW });
  const api = await mock.login();
  const put = (body: string) => mock.fetch("/_mock/clock", { method: "PUT", headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" }, body });
  const tooBig = await put('{"randomSeed": 9007199254740992}');
  expect([tooBig.status, (tooBig.body as { detail: string }).detail]).toEqual([400, "PUT /_mock/clock: body.randomSeed must be <= 9007199254740991"]);
  const fraction = await put('{"randomSeed": 1.5}');
  expect([fraction.status, (fraction.body as { detail: string }).detail]).toEqual([400, "PUT /_mock/clock: body.randomSeed must be integer or null"]);

  await expect(useMock({ randomSeed: 2 ** 53 })).rejects.toThrow("randomSeed must be a whole number from -9007199254740991 to 9007199254740991, got 9007199254740992");
  await expect(useMock({ randomSeed: Number.NaN })).rejects.toThrow("randomSeed must be a whole number from -9007199254740991 to 9007199254740991, got null");
  expect(parseCli(["--random-seed=-12"])?.options.randomSeed).toBe(-12);
  expect(cliVerdict(["--random-seed", "1e3"])).toEqual([2, '--random-seed must be a whole number from -9007199254740991 to 9007199254740991, got "1e3"']);
  expect(cliVerdict([], { MOCK_RANDOM_SEED: "99999999999999999999" })).toEqual([2, 'MOCK_RANDOM_SEED must be a whole number from -9007199254740991 to 9007199254740991, got "99999999999999999999"']);
});

it("refuses a price-curve target the client does not have, like the LPC simulations", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  await partnerData(api);
  const unknown = await api.post("/simulation/events/pricecurve", { targets: [{ resourceId: "r1", locationId: "l1" }, { resourceId: "nope", locationId: "l1" }] });
  expect([unknown.status, unknown.body]).toEqual([400, "POST /simulation/events/pricecurve: body.targets[1].resourceId: no location-bound resource nope of this client"]);
  const moved = await api.post("/simulation/events/pricecurve", { targets: [{ resourceId: "r1", locationId: "elsewhere" }] });
  expect([moved.status, moved.body]).toEqual([400, "POST /simulation/events/pricecurve: body.targets[0].locationId: resource r1 is at location l1, not elsewhere"]);
  expect((await api.post("/users/u1/vehicles", { resourceId: "v1", resourceType: "Vehicle" })).status).toBe(201);
  const vehicle = await api.post("/simulation/events/pricecurve", { targets: [{ resourceId: "v1", locationId: "l1" }] });
  expect([vehicle.status, vehicle.body]).toEqual([400, "POST /simulation/events/pricecurve: body.targets[0].resourceId: no location-bound resource v1 of this client"]);
  expect((await api.get("/events")).body).toMatchObject({ events: [] });
});
