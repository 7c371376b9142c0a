import { expect, it } from "vitest";
import type { ApiClient } from "../testing.js";
import { useMock, refusal } from "../testing.js";

const NOW = Date.parse("2026-11-26T12:00:00Z");
const MPID = "707057500000000001";
const NOVEMBER = { from: "2026-11-01", to: "2026-11-30" };
const CURVE = {
  points: [
    { price: 0.42, timestamp: "2026-11-27T00:00:00Z" },
    { price: 0.37, timestamp: "2026-11-27T01:00:00Z" },
    { price: 0.55, timestamp: "2026-11-27T02:00:00Z" },
  ],
  energyUnit: "kWh",
  currency: "NOK",
  resolution: "01:00:00",
};

/** u1 with a metered location l1 (resource r1) and an unmetered one l2 (resource r2), and a price curve on both. */
async function setUp(api: ApiClient, curve: object = CURVE): Promise<string> {
  await api.post("/users", { userId: "u1" });
  await api.post("/users/u1/locations", { locationId: "l1", meterPointIds: [MPID] });
  await api.post("/users/u1/locations", { locationId: "l2" });
  await api.post("/users/u1/locations/l1/resources", { resourceId: "r1", resourceType: "HotWaterTank" });
  await api.post("/users/u1/locations/l2/resources", { resourceId: "r2", resourceType: "Charger" });
  const targets = [
    { resourceId: "r1", locationId: "l1" },
    { resourceId: "r2", locationId: "l2" },
  ];
  const res = await api.post("/simulation/events/pricecurve", { priceArea: "NO1", targets, priceCurveDelta: curve });
  return (res.body as { simulatedEvent: { id: string } }).simulatedEvent.id;
}

const usage = (resourceId: string, points: [string, number][]) => ({
  payloadType: "EnergyUsage",
  resourceId,
  resolution: "01:00:00",
  points: points.map(([timestamp, kiloWattHours]) => ({ timestamp, kiloWattHours })),
});

const unmetered = (blockedAmount: number, currency = "NOK") => ({
  locationId: "l2",
  meterPointIds: [],
  activeAmount: 0,
  blockedAmount,
  currency,
  problems: [{ problemType: "MissingMpidOnLocation", message: "location l2 has no meter point id, so its amount cannot be paid; add one" }],
});

it("answers zeroes for every location until there are reports", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  await setUp(api);
  const res = await api.get("/users/u1/compensation");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    userId: "u1",
    period: NOVEMBER,
    locationCompensations: [{ locationId: "l1", meterPointIds: [MPID], activeAmount: 0, blockedAmount: 0, currency: "NOK", problems: [] }, unmetered(0)],
  });
});

it("pays kWh × the price of each hour where the location has a meter point, and blocks it elsewhere", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const eventId = await setUp(api);
  await api.post("/reports", {
    eventId,
    payloads: [
      usage("r1", [["2026-11-27T00:00:00Z", 2.5], ["2026-11-27T01:00:00Z", 1.75], ["2026-11-27T05:00:00Z", 9]]),
      usage("r2", [["2026-11-27T02:00:00Z", 2]]),
    ],
  });
  const res = await api.get("/users/u1/compensation");
  // 2.5 × 0.42 + 1.75 × 0.37 = 1.6975 → 1.70; 05:00 has no price. 2 × 0.55 = 1.10, blocked.
  expect(res.body).toEqual({
    userId: "u1",
    period: NOVEMBER,
    locationCompensations: [{ locationId: "l1", meterPointIds: [MPID], activeAmount: 1.7, blockedAmount: 0, currency: "NOK", problems: [] }, unmetered(1.1)],
  });
});

it("counts a later report on the same hour instead of the earlier one", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const eventId = await setUp(api);
  await api.post("/reports", { eventId, payloads: [usage("r1", [["2026-11-27T00:00:00Z", 10]])] });
  await api.post("/reports", { eventId, payloads: [usage("r1", [["2026-11-27T00:00:00Z", 1], ["2026-11-27T01:00:00Z", 1]])] });
  const body = (await api.get("/users/u1/compensation")).body as { locationCompensations: { activeAmount: number }[] };
  expect(body.locationCompensations[0]!.activeAmount).toBe(0.79);
});

it("prices per MWh curves per kWh and takes the currency from the event", async () => {
  const api = await (await useMock({ now: () => NOW })).login();
  const eventId = await setUp(api, { ...CURVE, energyUnit: "MWh", currency: "EUR", points: [{ price: 420, timestamp: "2026-11-27T00:00:00Z" }] });
  await api.post("/reports", { eventId, payloads: [usage("r1", [["2026-11-27T00:00:00Z", 5]])] });
  const body = (await api.get("/users/u1/compensation")).body as { locationCompensations: { activeAmount: number; currency: string }[] };
  expect(body.locationCompensations[0]).toEqual({ locationId: "l1", meterPointIds: [MPID], activeAmount: 2.1, blockedAmount: 0, currency: "EUR", problems: [] });
});

it("leaves out hours outside the current month", async () => {
  // On 30 November the next local day is 1 December, which belongs to the next month's compensation.
  const api = await (await useMock({ now: () => Date.parse("2026-11-30T12:00:00Z") })).login();
  const eventId = await setUp(api, { ...CURVE, points: [{ price: 1, timestamp: "2026-11-30T23:00:00Z" }, { price: 1, timestamp: "2026-11-30T22:00:00Z" }] });
  await api.post("/reports", { eventId, payloads: [usage("r1", [["2026-11-30T23:00:00Z", 5], ["2026-11-30T22:00:00Z", 3]])] });
  const body = (await api.get("/users/u1/compensation")).body as { period: unknown; locationCompensations: { activeAmount: number }[] };
  expect(body.period).toEqual(NOVEMBER);
  expect(body.locationCompensations[0]!.activeAmount).toBe(3);
});

it("answers 404 for an unknown user", async () => {
  const api = await (await useMock()).login();
  expect(refusal(await api.get("/users/nobody/compensation"))).toEqual({ status: 404, detail: "user nobody does not exist", text: "" });
});
